package dev.coclone.netty.service;

import dev.coclone.engine.IndexProgress;
import java.util.Objects;

/**
 * What the server is indexing now, as {@code GET /v1/index} reports it: the editor shows it while
 * the embedded engine learns in the background (e.g. the JDK's sources after start-up). An
 * {@link IndexProgress} to hand to the engine; thread-safe.
 */
public final class IndexStatus implements IndexProgress {
  /**
   * One reading of the status.
   *
   * @param task   what is being indexed, e.g. {@code workspace and JDK sources}, or "" when idle
   * @param stage  {@code reading}, {@code sorting}, {@code loading} or {@code done}
   * @param done   files read so far
   * @param total  files to read, or -1 when unknown
   * @param tokens tokens so far
   */
  public record Snapshot(String task, String stage, long done, long total, long tokens) {
    /** Validates the components. */
    public Snapshot {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(stage, "stage");
    }

    /** True when nothing is being indexed. */
    public boolean ready() {
      return stage.equals("done");
    }
  }

  private volatile Snapshot now = new Snapshot("", "done", 0, 0, 0);

  /** Creates an idle status. */
  public IndexStatus() {}

  /**
   * Starts reporting a task.
   *
   * @param task what is being indexed
   */
  public void begin(String task) {
    now = new Snapshot(Objects.requireNonNull(task, "task"), "loading", 0, -1, 0);
  }

  @Override
  public void onProgress(String stage, long filesDone, long filesTotal, long tokens) {
    now = new Snapshot(now.task(), stage, filesDone, filesTotal, tokens);
  }

  /** Marks the current task finished. */
  public void finish() {
    Snapshot s = now;
    now = new Snapshot(s.task(), "done", s.total() < 0 ? s.done() : s.total(), s.total(), s.tokens());
  }

  /** The status now. */
  public Snapshot snapshot() {
    return now;
  }
}
