package dev.coclone.demo;

import dev.coclone.demo.cli.VersionProvider;
import dev.coclone.corpora.CorpusKind;
import dev.coclone.corpora.CorpusSettings;
import dev.coclone.demo.bench.BenchCommand;
import dev.coclone.netty.CoCloneServer;
import dev.coclone.netty.app.BackendKind;
import dev.coclone.netty.auth.ApiKeyStore;
import dev.coclone.netty.app.CoCloneApp;
import dev.coclone.netty.route.Region;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top-level command: the server (pages, tokens, completion service) on one port, or with
 * {@code --multi-region} four regional proxies and a router in front of it. It parses, builds a
 * {@link CoCloneApp}, prints what the app reports and waits for the process to be stopped.
 */
@Command(name = "java -jar co-clone-demo.jar", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class, sortOptions = false,
    subcommands = {ProxyCommand.class, TokenCommand.class, BenchCommand.class},
    description = "Co-Clone: a local code completion server.",
    footer = {"", "GET /healthz answers once the server is ready."})
final class ServerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", defaultValue = "5000", converter = Converters.Port.class,
      description = "port of the server: pages, token issuance, completion (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--backend", paramLabel = "B", defaultValue = "auto", converter = Converters.Backend.class,
      description = {"auto | embedded | ollama | openai (default: ${DEFAULT-VALUE}: Ollama when it answers and "
          + "has the model, otherwise the embedded engine)"})
  BackendKind backend;

  @Option(names = "--ollama-url", paramLabel = "URL", defaultValue = "http://localhost:11434",
      converter = Converters.Url.class, description = {"Ollama's base URL; repeat it for several servers with the "
          + "model: requests go to the least busy, and fail over to the next one until they start streaming",
          "(default: ${DEFAULT-VALUE})"})
  List<String> ollamaUrls;

  @Option(names = "--openai-url", paramLabel = "URL", defaultValue = "http://localhost:8080",
      converter = Converters.Url.class, description = {"base URL of an OpenAI-compatible server such as "
          + "llama.cpp's; repeat it for several, balanced like --ollama-url; $OPENAI_API_KEY is sent to it as "
          + "the bearer key", "(default: ${DEFAULT-VALUE})"})
  List<String> openaiUrls;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "deepseek-coder:6.7b",
      converter = Converters.NonBlank.class, description = "model name (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--workspace", paramLabel = "DIR", converter = Converters.NonBlank.class,
      description = "folder whose code is indexed for context and watched (default: the current folder)")
  String workspace;

  @Option(names = "--api-key", paramLabel = "KEY", converter = Converters.NonBlank.class,
      description = "long-lived API key exchanged for tokens at POST /v1/token (default: $COCLONE_API_KEY, "
          + "else the one generated at first start)")
  String apiKey;

  @Option(names = "--api-key-file", paramLabel = "FILE",
      description = "read the API key from the first line of this file, so it does not show in ps")
  Path apiKeyFile;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", converter = Converters.NonBlank.class,
      description = "address to bind (default: ${DEFAULT-VALUE}, this machine only); e.g. 0.0.0.0 for a service "
          + "or proxy that other machines reach (they must name an --allow-host); not used with --multi-region")
  String host;

  @Option(names = "--allow-host", paramLabel = "NAME",
      description = "another host name (or name:port) the server answers to, besides localhost, 127.0.0.1 and [::1]; "
          + "repeat for several (requests naming any other Host get 403, against DNS rebinding)")
  List<String> allowHosts = new ArrayList<>();

  @Option(names = "--no-login",
      description = "pages get tokens by same origin instead of the printed one-time login link (loopback only; "
          + "any local process can then get a token)")
  boolean noLogin;

  @Option(names = "--read-only",
      description = "saves, renames and deletes from the editor, and signature edits applied through the API, stay "
          + "in the server's memory; the workspace folder is never written")
  boolean readOnly;

  @Option(names = "--multi-region",
      description = "also start regional proxies us-west, us-east, eu-west, ap-east")
  boolean multiRegion;

  @Option(names = "--base-port", paramLabel = "N", defaultValue = "8000", converter = Converters.Port.class,
      description = "first proxy port in multi-region mode (default: ${DEFAULT-VALUE})")
  int basePort;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain for HTTP/2 over TLS (default: self-signed for localhost)")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) private key that goes with --tls-cert")
  Path tlsKey;

  @Option(names = "--index-cache", paramLabel = "FILE", converter = Converters.NonBlank.class,
      description = {"where the engine's index is kept between runs for a fast restart; 'none' to not keep it",
          "(default: ~/.co-clone/index/<workspace>.idx)"})
  String indexCache;

  @Option(names = "--learn-from", paramLabel = "LIST", defaultValue = "all", converter = Converters.LearnFrom.class,
      description = {"what the embedded engine learns in the background, besides the workspace: a comma-separated "
          + "list of",
          "  jdk     the JDK's lib/src.zip",
          "  maven   the pom.xml dependencies' sources jars,",
          "          from ~/.m2/repository",
          "  python  python3's standard library, and the",
          "          packages the code imports from .venv/venv",
          "  node    node_modules packages the code imports",
          "all or none (default: ${DEFAULT-VALUE}: every one found, for the workspace's languages)"})
  Set<CorpusKind> learnFrom;

  private final Function<String, String> env;

  /**
   * @param env the environment ({@code COCLONE_API_KEY}, {@code OPENAI_API_KEY}), e.g. {@code System::getenv}
   */
  ServerCommand(Function<String, String> env) {
    this.env = env;
  }

  /** The workspace folder, absolute. */
  Path workspace() {
    return Path.of(workspace == null ? "" : workspace).toAbsolutePath();
  }

  /** The API key: --api-key, else $COCLONE_API_KEY, else null (the app loads or generates one). */
  String apiKey() throws IOException {
    if (apiKeyFile != null) {
      if (!Files.isRegularFile(apiKeyFile) || !Files.isReadable(apiKeyFile)) {
        throw new IllegalArgumentException("--api-key-file " + apiKeyFile + " cannot be read ("
            + (Files.isDirectory(apiKeyFile) ? "a folder" : Files.exists(apiKeyFile) ? "not readable" : "no such file")
            + "); give a file with the key on its first line");
      }
      return ApiKeyStore.readApiKey(apiKeyFile);
    }
    return apiKey != null ? apiKey : env.apply("COCLONE_API_KEY");
  }

  /** The folder of the stored API key, signing secret and saved indexes. */
  static Path home() {
    return Path.of(System.getProperty("user.home"), ".co-clone");
  }

  /** Checks what the options mean together. */
  void validate() {
    if (apiKey != null && apiKeyFile != null) {
      throw new ParameterException(spec.commandLine(), "give --api-key or --api-key-file, not both");
    }
    if (multiRegion && port != 0 && basePort != 0 && basePort <= port && port < basePort + 4) {
      throw new ParameterException(spec.commandLine(), "--port " + port + " overlaps the proxy ports " + basePort
          + "-" + (basePort + 3) + "; choose another --port or --base-port");
    }
    checkTlsPair();
    if (basePort > 65532) {
      throw new ParameterException(spec.commandLine(), "--base-port must leave room for four ports (at most "
          + "65532), was " + basePort);
    }
    if (!Files.isDirectory(workspace())) {
      throw new ParameterException(spec.commandLine(), "--workspace " + workspace() + " is not a folder");
    }
  }

  /** Checks that --tls-cert and --tls-key come together. */
  void checkTlsPair() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together: give both, or "
          + "neither for a self-signed certificate");
    }
  }

  /** The app these options describe (not started). */
  CoCloneApp.Builder app(PrintWriter out) throws Exception {
    CoCloneApp.Builder b = CoCloneApp.builder().workspace(workspace()).backend(backend).ollamaUrls(ollamaUrls)
        .openAiUrls(openaiUrls).openAiKey(env.apply("OPENAI_API_KEY")).model(model).home(home())
        .corpora(CorpusSettings.builder().kinds(learnFrom)
            .jdkSources(Path.of(System.getProperty("java.home"), "lib", "src.zip"))
            .mavenRepository(Path.of(System.getProperty("user.home"), ".m2", "repository"))
            .pythonCommand("python3").build())
        .apiKey(apiKey()).host(host).port(port)
        .noLogin(noLogin).readOnly(readOnly).messages(m -> out.println("co-clone: " + m));
    allowHosts.forEach(b::allowHost);
    if ("none".equals(indexCache)) {
      b.noIndexCache();
    } else if (indexCache != null) {
      b.indexCache(Path.of(indexCache));
    }
    return (multiRegion ? b.multiRegion(basePort) : b).tls(tls());
  }

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    CoCloneApp app = app(out).build().start();
    int p = app.port();
    if (multiRegion) {
      out.println("co-clone: multi-region mode; app (pages, tokens, service, router) on port " + p);
      for (Region r : app.regions()) {
        out.printf("  %-8s proxy %s%n", r.name(), r.url());
      }
      out.println(noLogin ? "  pages (--no-login):       " + app.loginUrl()
          : "  log in (opens the pages): " + app.loginUrl());
      out.println("  editor routed to eu-west: http://localhost:" + p + "/ide?location=eu");
      out.println("  route lookup:             http://localhost:" + p + "/v1/route?location=JP");
    } else {
      printReady(out, p, noLogin ? null : app.loginUrl());
    }
    out.flush();
    awaitShutdown(app, "co-clone-shutdown");
    return 0;
  }

  /**
   * What a started server prints in standard mode: its port and pages, and the one-time login link
   * ({@code null} with --no-login: the pages then need none, so no "log in" line that is only the form).
   */
  static void printReady(PrintWriter out, int port, String loginUrl) {
    out.println("co-clone: ready on port " + port + " (HTTP/1.1, h2c, and HTTP/2 over TLS)");
    if (loginUrl != null) {
      out.println("  log in:    " + loginUrl + "   (opens the pages; the link works once)");
    } else {
      out.println("  no login:  --no-login; the pages get tokens by same origin (loopback only)");
    }
    out.println("  web form:  http://localhost:" + port + "/");
    out.println("  editor:    http://localhost:" + port + "/ide");
    out.println("  health:    http://localhost:" + port + "/healthz");
  }

  /** Blocks until the process is asked to stop (Ctrl+C, SIGTERM), then closes what runs. */
  static void awaitShutdown(AutoCloseable running, String threadName) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("co-clone: stopping: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, threadName));
    stopped.await();
  }

  /** TLS from --tls-cert and --tls-key, or a self-signed certificate for localhost. */
  SslContext tls() throws Exception {
    if (tlsCert == null) {
      return CoCloneServer.selfSignedTls();
    }
    for (Path p : new Path[] {tlsCert, tlsKey}) {
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException(p + " cannot be read; --tls-cert and --tls-key take PEM files");
      }
    }
    try {
      return CoCloneServer.tls(tlsCert.toFile(), tlsKey.toFile());
    } catch (Exception e) {
      throw new IllegalArgumentException("the TLS certificate or key is not usable (" + e.getMessage()
          + "); --tls-key needs a PKCS#8 PEM key (openssl pkcs8 -topk8 -nocrypt)", e);
    }
  }
}
