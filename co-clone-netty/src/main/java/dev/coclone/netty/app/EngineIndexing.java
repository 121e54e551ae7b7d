package dev.coclone.netty.app;

import dev.coclone.corpora.BackgroundCorpora;
import dev.coclone.corpora.CorpusFinder;
import dev.coclone.corpora.CorpusReport;
import dev.coclone.corpora.CorpusSettings;
import dev.coclone.corpora.FoundCorpus;
import dev.coclone.engine.EmbeddedEngine;
import dev.coclone.engine.IndexProgress;
import dev.coclone.engine.IndexStats;
import dev.coclone.netty.service.IndexStatus;
import dev.coclone.source.SourceFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the embedded engine learns: the workspace at start (from the saved index when no background
 * corpus can apply), then, on a daemon thread, the background corpora found on the machine (the
 * JDK's {@code src.zip}, Maven -sources.jars, Python's standard library and venv, node_modules)
 * with the workspace, saved for a fast restart. Start-up and {@code /healthz} never wait for it.
 */
final class EngineIndexing {
  private final EmbeddedEngine engine;
  private final Path workspaceRoot;
  private final CorpusSettings corpora;
  private final CorpusFinder finder;
  private final Path cache;
  private final Consumer<String> messages;

  /**
   * @param corpora which background corpora, and where they are
   * @param cache   the saved index, or null to not keep one
   */
  EngineIndexing(EmbeddedEngine engine, Path workspaceRoot, CorpusSettings corpora, Path cache,
      Consumer<String> messages) {
    this.engine = engine;
    this.workspaceRoot = workspaceRoot;
    this.corpora = corpora;
    this.finder = new CorpusFinder(corpora);
    this.cache = cache;
    this.messages = messages;
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
    if (!finder.mayFind(workspaceRoot, workspace) && cache != null) {
      // No background corpus to learn: the saved index of the workspace is the one to load.
      EmbeddedEngine.Restored r = engine.restore(cache, workspace, IndexProgress.NONE);
      stats = r.stats();
      how = "; " + r.reason();
    } else {
      stats = engine.index(workspace, IndexProgress.NONE);
    }
    return new Learned(stats, "; engine " + (System.nanoTime() - e0) / 1_000_000 + " ms" + how);
  }

  /**
   * Finds and learns the background corpora on a daemon thread, reporting to the status: completions
   * improve a few seconds after start. The thread first runs a task (the app warms its completion
   * path up).
   *
   * @param workspace the workspace's files now (asked again when the index is built, to include edits)
   * @param first     what the thread runs before it looks for corpora
   */
  void learnInBackground(Supplier<Collection<SourceFile>> workspace, IndexStatus status, Runnable first) {
    status.begin("background corpora");
    Thread t = new Thread(() -> {
      first.run();
      learn(workspace, status);
    }, "co-clone-background-index");
    t.setDaemon(true);
    t.start();
  }

  private void learn(Supplier<Collection<SourceFile>> workspace, IndexStatus status) {
    Collection<SourceFile> files = workspace.get();
    if (!finder.mayFind(workspaceRoot, files)) {
      // Nothing can apply: report why each is skipped, and keep the index learned at start.
      try {
        status.corpora(finder.find(workspaceRoot, files).stream().map(FoundCorpus::report).toList());
      } finally {
        status.finish();
      }
      return;
    }
    BackgroundCorpora bg = new BackgroundCorpora(corpora.budget(),
        cache == null ? null : cache.resolveSibling(cache.getFileName() + ".corpora"), status::corpora);
    try {
      long t0 = System.nanoTime();
      List<SourceFile> learned = bg.read(finder.find(workspaceRoot, files));
      if (learned.isEmpty()) {
        bg.ready();
        messages.accept("no background corpus to learn from" + skipped(bg.reports()));
        return;
      }
      List<SourceFile> all = new ArrayList<>(learned);
      all.addAll(workspace.get());
      IndexStats s;
      String how = "";
      if (cache == null) {
        s = engine.index(all, status);
      } else {
        EmbeddedEngine.Restored r = engine.restore(cache, all, status);
        s = r.stats();
        how = "; " + r.reason();
      }
      bg.ready();
      messages.accept("learned from " + learned(bg.reports()) + " with the workspace (" + s.files() + " files, "
          + s.tokens() + " tokens, " + (System.nanoTime() - t0) / 1_000_000 + " ms" + how + ")"
          + skipped(bg.reports()));
    } catch (IOException | RuntimeException e) {
      bg.failed(e.getMessage());
      messages.accept("could not learn the background corpora (" + e.getMessage() + "); continuing without them");
    } finally {
      status.finish();
    }
  }

  /** {@code JDK sources (java.base) (3102 files, 3781528 tokens)}, or {@code nothing}. */
  static String learned(List<CorpusReport> reports) {
    List<String> out = new ArrayList<>();
    for (CorpusReport r : reports) {
      if (r.state() != CorpusReport.State.SKIPPED) {
        out.add(r.name() + " (" + r.files() + " files, " + r.tokens() + " tokens)");
      }
    }
    return out.isEmpty() ? "nothing" : String.join(", ", out);
  }

  /** {@code "; skipped node_modules: no node_modules folder in the workspace"}, or "". */
  static String skipped(List<CorpusReport> reports) {
    List<String> out = new ArrayList<>();
    for (CorpusReport r : reports) {
      if (r.state() == CorpusReport.State.SKIPPED) {
        out.add(r.name() + ": " + r.reason());
      }
    }
    return out.isEmpty() ? "" : "; skipped " + String.join("; ", out);
  }
}
