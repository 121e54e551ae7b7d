package dev.coclone.netty.service;

import dev.coclone.corpora.CorpusReport;
import dev.coclone.engine.IndexProgress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the server is indexing now, as {@code GET /v1/index} reports it: the editor shows it while
 * the embedded engine learns in the background (the JDK's sources, Maven dependencies, Python's
 * standard library, node_modules), and what each background corpus gave. An {@link IndexProgress}
 * to hand to the engine; thread-safe.
 */
public final class IndexStatus implements IndexProgress {
  /**
   * One reading of the status.
   *
   * @param task    what is being indexed, e.g. {@code workspace and JDK sources}, or "" when idle
   * @param stage   {@code loading}, {@code reading}, {@code sorting}, {@code finishing} or {@code done}
   * @param done    files read so far
   * @param total   files to read, or -1 when unknown
   * @param tokens  tokens so far
   * @param corpora the background corpora and where each is
   */
  public record Snapshot(String task, String stage, long done, long total, long tokens, List<CorpusReport> corpora) {
    /** Validates the components. */
    public Snapshot {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(stage, "stage");
      corpora = List.copyOf(corpora);
    }

    /** True when nothing is being indexed. */
    public boolean ready() {
      return stage.equals("done");
    }
  }

  private Snapshot now = new Snapshot("", "done", 0, 0, 0, List.of());

  /** Creates an idle status. */
  public IndexStatus() {}

  /**
   * Starts reporting a task.
   *
   * @param task what is being indexed
   */
  public synchronized void begin(String task) {
    set(new Snapshot(Objects.requireNonNull(task, "task"), "loading", 0, -1, 0, now.corpora()));
  }

  /**
   * {@inheritDoc} The engine's {@code done} is reported as {@code finishing}: the task is done only
   * at {@link #finish()}, after its last steps (saving, marking the corpora ready).
   */
  @Override
  public synchronized void onProgress(String stage, long filesDone, long filesTotal, long tokens) {
    String s = stage.equals("done") ? "finishing" : stage;
    set(new Snapshot(now.task(), s, filesDone, filesTotal, tokens, now.corpora()));
  }

  /**
   * Reports the background corpora.
   *
   * @param reports where each is
   */
  public synchronized void corpora(List<CorpusReport> reports) {
    set(new Snapshot(now.task(), now.stage(), now.done(), now.total(), now.tokens(), reports));
  }

  /** Marks the current task finished. */
  public synchronized void finish() {
    Snapshot s = now;
    set(new Snapshot(s.task(), "done", s.total() < 0 ? s.done() : s.total(), s.total(), s.tokens(), s.corpora()));
  }

  private void set(Snapshot s) {
    now = s;
    notifyAll();
  }

  /** The status now. */
  public synchronized Snapshot snapshot() {
    return now;
  }

  /**
   * Waits until nothing is being indexed.
   *
   * @param timeout the longest wait
   * @return the status then (not {@linkplain Snapshot#ready ready} if the time ran out)
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized Snapshot awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!now.ready()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return now;
  }
}
