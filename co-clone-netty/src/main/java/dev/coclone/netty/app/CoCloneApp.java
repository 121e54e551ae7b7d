package dev.coclone.netty.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.backends.BackendSelector;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.context.ContextIndex;
import dev.coclone.context.ContextRetriever;
import dev.coclone.corpora.CorpusSettings;
import dev.coclone.engine.EmbeddedBackend;
import dev.coclone.engine.EmbeddedEngine;
import dev.coclone.netty.Routes;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.auth.ApiKeyStore;
import dev.coclone.netty.auth.PluginTokens;
import dev.coclone.netty.route.MultiRegionStack;
import dev.coclone.netty.route.Region;
import dev.coclone.netty.service.IndexRoutes;
import dev.coclone.netty.service.IndexStatus;
import dev.coclone.netty.service.SignatureRoutes;
import dev.coclone.netty.service.WorkspaceRoutes;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.signature.FileEdits;
import dev.coclone.signature.SignatureAdvisor;
import dev.coclone.netty.metrics.Metrics;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.source.SourceFile;
import dev.coclone.workspace.Workspace;
import dev.coclone.workspace.WorkspaceListener;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The whole app on one port, as {@code java -jar co-clone-demo.jar} runs it: the API key and
 * signing secret, the workspace (scanned, then watched), the context index and retriever, the
 * embedded engine (the workspace at once, the background corpora after start, the saved index),
 * the chosen model backend, signature tracking, and the {@link StandardServer} with the workspace,
 * index and signature routes; or, in multi-region mode, the {@link MultiRegionStack} with the same
 * app inside.
 *
 * <pre>{@code
 * try (CoCloneApp app = CoCloneApp.builder().workspace(dir).backend(BackendKind.EMBEDDED).port(0)
 *     .build().start()) {
 *   int port = app.port();
 * }
 * }</pre>
 *
 * <p>It prints nothing: what it has to say at startup (the generated API key, what was indexed,
 * which backend was chosen, what the background indexing learned) goes to
 * {@link Builder#messages(Consumer)}.
 */
public final class CoCloneApp implements AutoCloseable {
  private final Builder config;
  private final AtomicBoolean started = new AtomicBoolean();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private String apiKey;
  private StandardServer server;
  private MultiRegionStack stack;
  private IndexStatus indexStatus;

  private CoCloneApp(Builder b) {
    this.config = b;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Assembles the app and starts serving; returns once the port is bound. Scanning the workspace,
   * building the engine's index and probing the model server happen here, so this can take seconds.
   *
   * @return this
   * @throws IOException if the workspace or the key folder cannot be read or written
   * @throws InterruptedException if interrupted while binding
   * @throws IllegalStateException if started twice, or the port is taken
   */
  public CoCloneApp start() throws IOException, InterruptedException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("this app was already started; build another one");
    }
    try {
      assemble();
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /**
   * Fails at once when the port is taken, instead of after the workspace was indexed (which takes a
   * while on a large one); the server's own bind still says so if the port is taken meanwhile.
   */
  private static void checkPortFree(String host, int port) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
          + "); is another server using it? Choose another port with --port", e);
    }
  }

  private void assemble() throws IOException, InterruptedException {
    Consumer<String> say = config.messages;
    if (config.basePort < 0 && config.port != 0) {
      checkPortFree(config.host, config.port);
    }
    ApiKeyStore store = new ApiKeyStore(config.home);
    apiKey = config.apiKey;
    if (apiKey == null) {
      ApiKeyStore.Loaded loaded = store.apiKey();
      apiKey = loaded.value();
      say.accept(loaded.created()
          ? "generated an API key (shown once; it is stored in " + loaded.file() + "):\n  " + apiKey
          : "using the API key stored in " + loaded.file());
    }
    Workspace ws = new Workspace(config.workspace);
    toClose.add(ws);
    ContextIndex index = new ContextIndex();
    ws.addListener(index);
    long t0 = System.nanoTime();
    int read = ws.scan(null);
    List<SourceFile> files = new ArrayList<>(ws.files());
    EmbeddedEngine engine = new EmbeddedEngine();
    EngineIndexing indexing = new EngineIndexing(engine, config.workspace, config.corpora, indexCache(), say);
    EngineIndexing.Learned learned = indexing.indexWorkspace(files);
    say.accept("indexed " + read + " files of " + config.workspace + " (" + learned.stats().tokens() + " tokens, "
        + ws.skipped().size() + " skipped) in " + (System.nanoTime() - t0) / 1_000_000 + " ms" + learned.how());
    // Later edits (from the editor or on disk) update the engine without a rebuild.
    ws.addListener(new WorkspaceListener() {
      @Override
      public void changed(SourceFile f) {
        engine.update(f);
      }

      @Override
      public void removed(String path) {
        engine.remove(path);
      }
    });
    try {
      ws.watch();
    } catch (IOException e) {
      say.accept("not watching " + config.workspace + " for changes (" + e.getMessage() + ")");
    }
    ContextRetriever retriever = new ContextRetriever(index, ws::recentlyEdited);
    BackendSelector.Choice choice = new BackendSelector(config.ollamaUrls, config.openAiUrls, config.openAiKey,
        config.model, () -> new EmbeddedBackend(engine)).select(config.backend.toString());
    say.accept(choice.explanation());
    CompletionEngine completions = CompletionEngine.builder().backend(choice.backend()).contextProvider(retriever)
        .build();
    toClose.add(completions);
    ObjectMapper json = new ObjectMapper();
    // One Metrics for the server and the signature suggestions, so /metrics counts both.
    Metrics metrics = new Metrics();
    indexStatus = new IndexStatus();
    // Signature tracking indexes the scanned files on its own thread; its requests wait for that.
    SignatureRoutes signatures = new SignatureRoutes(ws, new SignatureTracker(),
        new SignatureAdvisor(completions.withEventListener(metrics.completionEvents())), json, config.readOnly).start();
    toClose.add(signatures);
    Routes appRoutes = Routes.builder()
        .addAll(new IndexRoutes(indexStatus, json).routes())
        .addAll(WorkspaceRoutes.builder().workspace(ws).retriever(retriever).template(FimTemplate.forModel(config.model))
            .budget(1024).json(json).readOnly(config.readOnly).build().routes())
        .addAll(signatures.routes()).build();
    if (choice.backend() instanceof EmbeddedBackend) {
      // The first completions after a start took 20 to 50 times a warm one's time (class loading and
      // the JIT on the whole path: context, prompt, engine, post-processing); a few made here, on
      // the workspace's own files, take that off the user's first keys.
      indexing.learnInBackground(ws::files, indexStatus, () -> warmUp(completions, ws.files()));
    }
    byte[] secret = config.signingSecret != null ? config.signingSecret : store.signingSecret();
    if (config.basePort >= 0) {
      MultiRegionStack.Builder sb = MultiRegionStack.builder();
      config.allowedHosts.forEach(sb::allowHost);
      if (config.tls != null) {
        sb.tls(config.tls);
      }
      stack = sb.engine(completions).apiKey(apiKey).signingSecret(secret)
          .ports(config.port, config.basePort).checkInterval(config.checkInterval).addAppRoutes(appRoutes)
          .noLogin(config.noLogin).metrics(metrics).pluginTokens(new PluginTokens(config.home)).build();
      toClose.add(stack);
      stack.start();
    } else {
      StandardServer.Builder sbuilder = StandardServer.builder().engine(completions).apiKey(apiKey).signingSecret(secret)
          .host(config.host).port(config.port).tls(config.tls).addRoutes(appRoutes).noLogin(config.noLogin)
          .metrics(metrics).pluginTokens(new PluginTokens(config.home));
      config.allowedHosts.forEach(sbuilder::allowHost);
      server = sbuilder.build();
      toClose.add(server);
      server.start();
    }
  }

  /**
   * Completes at a few cursors of the workspace (the middle of a line in the middle of each file,
   * up to {@value #WARM_UP_CALLS} files, at most {@value #WARM_UP_MILLIS} ms) through the completion
   * engine, so that its path is loaded and compiled before the user's first key; the answers are
   * dropped. Only for the embedded engine: a model server is never asked.
   */
  static int warmUp(CompletionEngine completions, Collection<SourceFile> files) {
    long end = System.nanoTime() + WARM_UP_MILLIS * 1_000_000L;
    int made = 0;
    for (SourceFile f : files) {
      if (made >= WARM_UP_CALLS || System.nanoTime() > end) {
        break;
      }
      String text = f.text();
      int mid = text.indexOf('\n', text.length() / 2);
      if (f.language() == null || f.language().isEmpty() || mid <= 0) {
        continue;
      }
      int lineStart = text.lastIndexOf('\n', mid - 1) + 1;
      int at = lineStart + (mid - lineStart) / 2;
      try {
        completions.newCall(CompletionRequest.builder().prefix(text.substring(0, at)).suffix(text.substring(at))
            .language(f.language()).filePath(f.path()).build()).execute();
      } catch (IOException | RuntimeException e) {
        return made; // a warm-up is no reason to stop the server
      }
      made++;
    }
    return made;
  }

  private static final int WARM_UP_CALLS = 12;
  private static final long WARM_UP_MILLIS = 3_000;

  /** The saved index's file for this workspace, or null when saving is off. */
  private Path indexCache() {
    if (!config.saveIndex) {
      return null;
    }
    if (config.indexCache != null) {
      return config.indexCache;
    }
    String id = FileEdits.sha256(config.workspace.toAbsolutePath().normalize().toString()).substring(0, 16);
    return config.home.resolve("index").resolve(id + ".idx");
  }

  private void requireStarted() {
    if (server == null && stack == null) {
      throw new IllegalStateException("the app is not running; call start() first");
    }
  }

  /**
   * The bound port of the app (pages, tokens, completion service).
   *
   * @throws IllegalStateException if not started
   */
  public int port() {
    requireStarted();
    return server != null ? server.port() : stack.app().port();
  }

  /**
   * The regional proxies in multi-region mode, with their URLs; empty otherwise.
   *
   * @throws IllegalStateException if not started
   */
  public List<Region> regions() {
    requireStarted();
    return stack != null ? stack.regions() : List.of();
  }

  /**
   * Waits until the embedded engine has learned its background corpora (at once when there are
   * none, or another backend serves), as {@code GET /v1/index} reports it.
   *
   * @param timeout the longest wait
   * @return the status then; not {@linkplain IndexStatus.Snapshot#ready ready} if the time ran out
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if not started
   */
  public IndexStatus.Snapshot awaitBackgroundLearning(Duration timeout) throws InterruptedException {
    requireStarted();
    return indexStatus.awaitReady(Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * The API key clients exchange for tokens at {@code POST /v1/token}.
   *
   * @throws IllegalStateException if not started
   */
  public String apiKey() {
    requireStarted();
    return apiKey;
  }

  /**
   * The page URL with the one-time login token that the person who started the server opens
   * (exchanged for a session cookie); the plain page URL when login is off.
   *
   * @throws IllegalStateException if not started
   */
  public String loginUrl() {
    requireStarted();
    StandardServer s = server != null ? server : stack.app();
    return config.noLogin ? "http://localhost:" + s.port() + "/" : s.loginUrl();
  }

  /**
   * Issues a token, as {@code POST /v1/token} would.
   *
   * @throws IllegalStateException if not started
   */
  public String issueToken() {
    requireStarted();
    return server != null ? server.issueToken() : stack.app().issueToken();
  }

  /** Stops serving, stops watching the workspace and cancels calls in flight. Idempotent. */
  @Override
  public void close() {
    List<AutoCloseable> all;
    synchronized (toClose) {
      all = new ArrayList<>(toClose);
      toClose.clear();
    }
    RuntimeException failure = null;
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        all.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing the app failed: " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Builds {@link CoCloneApp}s; the workspace and the home folder are required. */
  public static final class Builder {
    private Path workspace;
    private BackendKind backend = BackendKind.AUTO;
    private List<String> ollamaUrls = List.of("http://localhost:11434");
    private List<String> openAiUrls = List.of("http://localhost:8080");
    private String openAiKey;
    private String model = "deepseek-coder:6.7b";
    private String apiKey;
    private byte[] signingSecret;
    private Path home;
    private CorpusSettings corpora = CorpusSettings.builder().build();
    private Path indexCache;
    private boolean saveIndex = true;
    private int port = 5000;
    private String host = "127.0.0.1";
    private SslContext tls;
    private int basePort = -1;
    private Duration checkInterval = Duration.ofSeconds(1);
    private Consumer<String> messages = m -> { };
    private List<String> allowedHosts = new ArrayList<>();
    private boolean noLogin;
    private boolean readOnly;

    private Builder() {}

    /** The folder whose code is indexed for context and the embedded engine, and watched (required). */
    public Builder workspace(Path dir) {
      this.workspace = Objects.requireNonNull(dir, "dir").toAbsolutePath();
      return this;
    }

    /** The model backend (default {@link BackendKind#AUTO}). */
    public Builder backend(BackendKind kind) {
      this.backend = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** Ollama's base URL (default {@code http://localhost:11434}). */
    public Builder ollamaUrl(String url) {
      return ollamaUrls(List.of(Objects.requireNonNull(url, "url")));
    }

    /**
     * Several Ollama servers with the same model: requests are balanced over them (fewest in
     * flight first), with failover of requests that have not started streaming.
     *
     * @throws IllegalArgumentException if the list is empty
     */
    public Builder ollamaUrls(List<String> urls) {
      this.ollamaUrls = urlList("ollamaUrls", urls);
      return this;
    }

    /** The OpenAI-compatible server's base URL (default {@code http://localhost:8080}). */
    public Builder openAiUrl(String url) {
      return openAiUrls(List.of(Objects.requireNonNull(url, "url")));
    }

    /**
     * Several OpenAI-compatible servers with the same model, balanced over as with {@link #ollamaUrls(List)}.
     *
     * @throws IllegalArgumentException if the list is empty
     */
    public Builder openAiUrls(List<String> urls) {
      this.openAiUrls = urlList("openAiUrls", urls);
      return this;
    }

    private static List<String> urlList(String name, List<String> urls) {
      List<String> copy = List.copyOf(Objects.requireNonNull(urls, name));
      if (copy.isEmpty()) {
        throw new IllegalArgumentException(name + " must hold at least one URL");
      }
      return copy;
    }

    /** The bearer key sent to the OpenAI-compatible server (default none). */
    public Builder openAiKey(String key) {
      this.openAiKey = key;
      return this;
    }

    /** The model name (default {@code deepseek-coder:6.7b}). */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * The long-lived API key clients exchange for tokens; null or blank (the default) loads the
     * one stored in {@link #home(Path)}, generating it at first start.
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
      return this;
    }

    /** The token signing secret, at least 32 bytes (default: the one stored in {@link #home(Path)}). */
    public Builder signingSecret(byte[] secret) {
      this.signingSecret = Objects.requireNonNull(secret, "secret").clone();
      return this;
    }

    /**
     * The folder of the stored key, secret and saved indexes (required; the launcher uses
     * {@code ~/.co-clone}). The library reads no system property for it.
     */
    public Builder home(Path dir) {
      this.home = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * The JDK sources the embedded engine learns in the background (the launcher passes the running
     * JDK's {@code lib/src.zip}); null, the default, for none. Short for setting it in {@link #corpora}.
     */
    public Builder jdkSources(Path srcZip) {
      this.corpora = corpora.newBuilder().jdkSources(srcZip).build();
      return this;
    }

    /**
     * The background corpora the embedded engine learns after start, and where they are (default:
     * every kind, with no machine location known: only the workspace's own {@code .venv}/{@code venv}
     * and {@code node_modules} are found; the launcher adds the JDK's src.zip, ~/.m2/repository and
     * python3). {@link CorpusSettings#none()} for none.
     */
    public Builder corpora(CorpusSettings settings) {
      this.corpora = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Where the engine's index is saved for a fast restart (default {@code <home>/index/<workspace>.idx}). */
    public Builder indexCache(Path file) {
      this.indexCache = Objects.requireNonNull(file, "file");
      this.saveIndex = true;
      return this;
    }

    /** Do not save the engine's index. */
    public Builder noIndexCache() {
      this.indexCache = null;
      this.saveIndex = false;
      return this;
    }

    /**
     * The address to bind (default 127.0.0.1: this machine only). Another address lets other
     * machines reach the service, e.g. regional proxies; they must name an allowed host
     * ({@link #allowHost(String)}). Not used in multi-region mode.
     *
     * @param host an address or name of this machine, e.g. {@code 0.0.0.0}
     * @return this builder
     */
    public Builder host(String host) {
      this.host = java.util.Objects.requireNonNull(host, "host");
      return this;
    }

    /** The app's port (default 5000; 0 for a free one). */
    public Builder port(int port) {
      this.port = checkPort("port", port);
      return this;
    }

    /** Accept HTTP/2 over TLS with this context too (default: cleartext only). Not used in multi-region mode. */
    public Builder tls(SslContext tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Multi-region mode: regional proxies us-west, us-east, eu-west, ap-east on the four ports
     * from {@code basePort} (0: free ports) and a router, in front of the app.
     */
    public Builder multiRegion(int basePort) {
      if (basePort > 65532) {
        throw new IllegalArgumentException("basePort must leave room for four ports (at most 65532), was "
            + basePort);
      }
      this.basePort = checkPort("basePort", basePort);
      return this;
    }

    /** Time between the router's health check rounds in multi-region mode (default 1 s). */
    public Builder checkInterval(Duration interval) {
      this.checkInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Another name the server (and in multi-region mode its proxies) answers to in Host, besides
     * localhost, 127.0.0.1 and [::1]; {@code name} or {@code name:port}.
     *
     * @throws IllegalArgumentException for a malformed name
     */
    public Builder allowHost(String name) {
      dev.coclone.netty.auth.HostAllowList.loopback().with(name);
      allowedHosts.add(name);
      return this;
    }

    /**
     * Pages get their tokens by same origin instead of the printed one-time login link, as before
     * the login existed (default false; the server must listen on loopback only).
     */
    public Builder noLogin(boolean noLogin) {
      this.noLogin = noLogin;
      return this;
    }

    /**
     * Saves, renames and deletes from the pages stay in the server's memory and never touch the
     * workspace folder (default false: they act on the files).
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** Receives what the app has to say while it starts, one message at a time (default: nothing). */
    public Builder messages(Consumer<String> messages) {
      this.messages = Objects.requireNonNull(messages, "messages");
      return this;
    }

    private static int checkPort(String name, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " must be from 0 to 65535, was " + port);
      }
      return port;
    }

    /**
     * Builds the app (not started).
     *
     * @throws IllegalArgumentException if the workspace is not a folder or no home folder was given
     */
    public CoCloneApp build() {
      Objects.requireNonNull(workspace, "workspace");
      if (!Files.isDirectory(workspace)) {
        throw new IllegalArgumentException("the workspace " + workspace + " is not a folder");
      }
      if (home == null) {
        throw new IllegalArgumentException("set home(dir): the folder for the API key, the token signing secret "
            + "and saved indexes (the launcher uses ~/.co-clone)");
      }
      if (basePort > 0 && port != 0 && basePort <= port && port < basePort + 4) {
        throw new IllegalArgumentException("port " + port + " overlaps the proxy ports " + basePort + "-"
            + (basePort + 3));
      }
      return new CoCloneApp(copy());
    }

    /** A copy, so that changing this builder later does not change a built app. */
    private Builder copy() {
      Builder c = new Builder();
      c.workspace = workspace;
      c.backend = backend;
      c.ollamaUrls = ollamaUrls;
      c.openAiUrls = openAiUrls;
      c.openAiKey = openAiKey;
      c.model = model;
      c.apiKey = apiKey;
      c.signingSecret = signingSecret == null ? null : signingSecret.clone();
      c.home = home;
      c.corpora = corpora;
      c.indexCache = indexCache;
      c.saveIndex = saveIndex;
      c.port = port;
      c.tls = tls;
      c.basePort = basePort;
      c.checkInterval = checkInterval;
      c.messages = messages;
      c.allowedHosts = new ArrayList<>(allowedHosts);
      c.noLogin = noLogin;
      c.readOnly = readOnly;
      return c;
    }
  }
}
