package dev.coclone.completion;

import java.io.IOException;

/**
 * The engine refused a call because it already runs as many calls as it may and its queue is
 * full. The call did not start; retry shortly, or build the engine with a higher
 * {@link CompletionEngine.Builder#maxRequests(int)} or {@link CompletionEngine.Builder#maxQueuedRequests(int)}.
 */
public final class CompletionEngineBusyException extends IOException {
  private final int running;
  private final int queued;

  /**
   * Creates the exception.
   *
   * @param running calls running when the call was refused
   * @param queued  calls waiting for a thread when the call was refused
   */
  public CompletionEngineBusyException(int running, int queued) {
    super("the completion engine is busy: " + running + " calls running and " + queued
        + " queued; retry shortly or raise maxRequests");
    this.running = running;
    this.queued = queued;
  }

  /** Calls running when the call was refused. */
  public int running() {
    return running;
  }

  /** Calls queued when the call was refused. */
  public int queued() {
    return queued;
  }
}
