package dev.coclone.demo;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.engine.CorpusFiles;
import dev.coclone.engine.EmbeddedBackend;
import dev.coclone.engine.EmbeddedEngine;
import dev.coclone.engine.IndexProgress;
import dev.coclone.engine.IndexStats;
import dev.coclone.backends.BackendSelector;
import dev.coclone.netty.CoCloneServer;
import dev.coclone.netty.StandardServer;
import dev.coclone.netty.auth.ApiKeyStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.context.ContextIndex;
import dev.coclone.context.ContextRetriever;
import dev.coclone.netty.Routes;
import dev.coclone.netty.service.SignatureRoutes;
import dev.coclone.netty.service.IndexRoutes;
import dev.coclone.netty.service.IndexStatus;
import dev.coclone.netty.service.WorkspaceRoutes;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.signature.SignatureAdvisor;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.source.SourceFile;
import dev.coclone.workspace.Workspace;
import dev.coclone.workspace.WorkspaceListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** Standard mode: one process serves pages, tokens and completions on one port. */
final class StandardMode {
  private StandardMode() {}

  static int run(LaunchOptions o) throws Exception {
    Path home = Path.of(System.getProperty("user.home"), ".co-clone");
    ApiKeyStore store = new ApiKeyStore(home);
    String apiKey = o.apiKey() != null ? o.apiKey() : System.getenv("COCLONE_API_KEY");
    if (apiKey == null || apiKey.isBlank()) {
      ApiKeyStore.Loaded loaded = store.apiKey();
      apiKey = loaded.value();
      if (loaded.created()) {
        System.out.println("co-clone: generated an API key (shown once; it is stored in " + loaded.file() + "):");
        System.out.println("  " + apiKey);
      } else {
        System.out.println("co-clone: using the API key stored in " + loaded.file());
      }
    }
    if (!Files.isDirectory(o.workspace())) {
      throw new IllegalArgumentException("--workspace " + o.workspace() + " is not a folder");
    }
    Workspace ws = new Workspace(o.workspace());
    ContextIndex index = new ContextIndex();
    ws.addListener(index);
    long t0 = System.nanoTime();
    int read = ws.scan(null);
    List<SourceFile> workspace = new ArrayList<>(ws.files());
    EmbeddedEngine engine = new EmbeddedEngine();
    Path srcZip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
    Path cache = indexCache(o, home);
    String how = "";
    IndexStats stats;
    long e0 = System.nanoTime();
    if (!Files.isRegularFile(srcZip) && cache != null) {
      // No JDK sources to learn in the background: the saved index of the workspace is the one to load.
      EmbeddedEngine.Restored r = engine.restore(cache, workspace, IndexProgress.NONE);
      stats = r.stats();
      how = "; " + r.reason();
    } else {
      stats = engine.index(workspace, IndexProgress.NONE);
    }
    how = "; engine " + (System.nanoTime() - e0) / 1_000_000 + " ms" + how;
    System.out.println("co-clone: indexed " + read + " files of " + o.workspace() + " (" + stats.tokens()
        + " tokens, " + ws.skipped().size() + " skipped) in " + (System.nanoTime() - t0) / 1_000_000 + " ms" + how);
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
      System.out.println("co-clone: not watching " + o.workspace() + " for changes (" + e.getMessage() + ")");
    }
    ContextRetriever retriever = new ContextRetriever(index, ws::recentlyEdited);
    BackendSelector.Choice choice = new BackendSelector(o.ollamaUrl(), o.openaiUrl(), System.getenv("OPENAI_API_KEY"),
        o.model(), () -> new EmbeddedBackend(engine)).select(o.backend());
    System.out.println("co-clone: " + choice.explanation());
    ObjectMapper json = new ObjectMapper();
    IndexStatus indexStatus = new IndexStatus();
    CompletionEngine completions = CompletionEngine.builder().backend(choice.backend()).contextProvider(retriever)
        .build();
    // Signature tracking indexes the scanned files on its own thread; its requests wait for that.
    SignatureRoutes signatures = new SignatureRoutes(ws, new SignatureTracker(),
        new SignatureAdvisor(completions), json).start();
    Routes workspaceRoutes = Routes.builder()
        .addAll(new IndexRoutes(indexStatus, json).routes())
        .addAll(new WorkspaceRoutes(ws, retriever, FimTemplate.forModel(o.model()), 1024, json).routes())
        .addAll(signatures.routes()).build();
    if (choice.backend() instanceof EmbeddedBackend) {
      learnBackground(engine, workspace, srcZip, cache, indexStatus);
    }
    if (o.multiRegion()) {
      return MultiRegionMode.run(o, completions, apiKey, store.signingSecret(), workspaceRoutes);
    }
    StandardServer server = StandardServer.builder().engine(completions).apiKey(apiKey)
        .signingSecret(store.signingSecret()).port(o.port()).tls(tls(o))
        .addRoutes(workspaceRoutes).build();
    server.start();
    System.out.println("co-clone: ready on port " + server.port() + " (HTTP/1.1, h2c, and HTTP/2 over TLS)");
    System.out.println("  web form:  http://localhost:" + server.port() + "/");
    System.out.println("  editor:    http://localhost:" + server.port() + "/ide");
    System.out.println("  health:    http://localhost:" + server.port() + "/healthz");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      signatures.close();
      completions.close();
      stopped.countDown();
    }, "co-clone-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Adds the JDK's own sources (when the JDK ships src.zip) to what the engine learned, in the
   * background: Java completions improve a few seconds after start.
   */
  private static void learnBackground(EmbeddedEngine engine, List<SourceFile> workspace, Path srcZip, Path cache,
      IndexStatus status) {
    if (!Files.isRegularFile(srcZip)) {
      System.out.println("co-clone: this JDK has no lib/src.zip (Debian: apt install openjdk-17-source), so the "
          + "engine learns from the workspace only");
      return;
    }
    status.begin("JDK sources and the workspace");
    Thread t = new Thread(() -> {
      try {
        List<SourceFile> all = new ArrayList<>(CorpusFiles.load(srcZip, "java.base/", Set.of("java"), s -> { }));
        all.addAll(workspace);
        long t0 = System.nanoTime();
        IndexStats s;
        String how = "";
        if (cache == null) {
          s = engine.index(all, status);
        } else {
          EmbeddedEngine.Restored r = engine.restore(cache, all, status);
          s = r.stats();
          how = "; " + r.reason();
        }
        System.out.println("co-clone: learned from the JDK sources too (" + s.files() + " files, " + s.tokens()
            + " tokens, " + (System.nanoTime() - t0) / 1_000_000 + " ms" + how + ")");
      } catch (IOException | RuntimeException e) {
        System.out.println("co-clone: could not read " + srcZip + " (" + e.getMessage() + "); continuing without it");
      } finally {
        status.finish();
      }
    }, "co-clone-background-index");
    t.setDaemon(true);
    t.start();
  }

  /** The saved index's file for this workspace, or null when saving is off. */
  static Path indexCache(LaunchOptions o, Path home) {
    if ("none".equals(o.indexCache())) {
      return null;
    }
    if (o.indexCache() != null) {
      return Path.of(o.indexCache());
    }
    String id = dev.coclone.signature.FileEdits.sha256(o.workspace().toAbsolutePath().normalize().toString())
        .substring(0, 16);
    return home.resolve("index").resolve(id + ".idx");
  }


  static io.netty.handler.ssl.SslContext tls(LaunchOptions o) throws Exception {
    if (o.tlsCert() == null) {
      return CoCloneServer.selfSignedTls();
    }
    for (java.nio.file.Path p : new java.nio.file.Path[] {o.tlsCert(), o.tlsKey()}) {
      if (!java.nio.file.Files.isReadable(p)) {
        throw new IllegalArgumentException(p + " cannot be read; --tls-cert and --tls-key take PEM files");
      }
    }
    try {
      return CoCloneServer.tls(o.tlsCert().toFile(), o.tlsKey().toFile());
    } catch (Exception e) {
      throw new IllegalArgumentException("the TLS certificate or key is not usable (" + e.getMessage()
          + "); --tls-key needs a PKCS#8 PEM key (openssl pkcs8 -topk8 -nocrypt)", e);
    }
  }
}
