package dev.coclone.netty.app;

import dev.coclone.engine.CorpusFiles;
import dev.coclone.engine.EmbeddedEngine;
import dev.coclone.engine.IndexProgress;
import dev.coclone.engine.IndexStats;
import dev.coclone.netty.service.IndexStatus;
import dev.coclone.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the embedded engine learns: the workspace at start (from the saved index when no JDK
 * sources will be learned later), then, in the background, the JDK's {@code src.zip} with the
 * workspace, saved for a fast restart.
 */
final class EngineIndexing {
  private final EmbeddedEngine engine;
  private final Path jdkSources;
  private final Path cache;
  private final Consumer<String> messages;

  /**
   * @param jdkSources the JDK's src.zip, or null to learn from the workspace only
   * @param cache      the saved index, or null to not keep one
   */
  EngineIndexing(EmbeddedEngine engine, Path jdkSources, Path cache, Consumer<String> messages) {
    this.engine = engine;
    this.jdkSources = jdkSources;
    this.cache = cache;
    this.messages = messages;
  }

  private boolean hasJdkSources() {
    return jdkSources != null && Files.isRegularFile(jdkSources);
  }

  /**
   * What learning the workspace gave.
   *
   * @param stats what the engine holds
   * @param how   for the startup line, e.g. {@code "; engine 40 ms; loaded"}
   */
  record Learned(IndexStats stats, String how) {}

  /** Learns the workspace at start. */
  Learned indexWorkspace(List<SourceFile> workspace) {
    long e0 = System.nanoTime();
    String how = "";
    IndexStats stats;
    if (!hasJdkSources() && cache != null) {
      // No JDK sources to learn in the background: the saved index of the workspace is the one to load.
      EmbeddedEngine.Restored r = engine.restore(cache, workspace, IndexProgress.NONE);
      stats = r.stats();
      how = "; " + r.reason();
    } else {
      stats = engine.index(workspace, IndexProgress.NONE);
    }
    return new Learned(stats, "; engine " + (System.nanoTime() - e0) / 1_000_000 + " ms" + how);
  }

  /**
   * Adds the JDK's own sources (when the JDK ships src.zip) to what the engine learned, on a
   * daemon thread: Java completions improve a few seconds after start.
   */
  void learnInBackground(List<SourceFile> workspace, IndexStatus status) {
    if (jdkSources == null) {
      return;
    }
    if (!Files.isRegularFile(jdkSources)) {
      messages.accept("this JDK has no lib/src.zip (Debian: apt install openjdk-17-source), so the "
          + "engine learns from the workspace only");
      return;
    }
    status.begin("JDK sources and the workspace");
    Thread t = new Thread(() -> learn(workspace, status), "co-clone-background-index");
    t.setDaemon(true);
    t.start();
  }

  private void learn(List<SourceFile> workspace, IndexStatus status) {
    try {
      List<SourceFile> all = new ArrayList<>(CorpusFiles.load(jdkSources, "java.base/", Set.of("java"), s -> { }));
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
      messages.accept("learned from the JDK sources too (" + s.files() + " files, " + s.tokens() + " tokens, "
          + (System.nanoTime() - t0) / 1_000_000 + " ms" + how + ")");
    } catch (IOException | RuntimeException e) {
      messages.accept("could not read " + jdkSources + " (" + e.getMessage() + "); continuing without it");
    } finally {
      status.finish();
    }
  }
}
