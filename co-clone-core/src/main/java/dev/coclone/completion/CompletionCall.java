package dev.coclone.completion;

import dev.coclone.cancel.CancelReason;
import java.io.IOException;

/**
 * One completion, ready to run once: blocking with {@link #execute()} or streaming with
 * {@link #enqueue(CompletionListener)}. Running a call twice is an {@link IllegalStateException}.
 * {@link #cancel()} may be called from any thread at any time, any number of times: it stops the
 * backend request underneath (closing the model server connection or ending the generation loop).
 */
public interface CompletionCall {
  /** Returns the request this call was made for. */
  CompletionRequest request();

  /**
   * Runs the call on the calling thread and returns the result.
   *
   * @return the completion
   * @throws dev.coclone.cancel.CanceledException if canceled
   * @throws dev.coclone.model.ModelException if the backend failed
   * @throws CompletionEngineBusyException if the engine already runs its maximum of calls
   * @throws IOException for other I/O failures
   * @throws IllegalStateException if the call was already started
   */
  Completion execute() throws IOException;

  /**
   * Runs the call on the engine's executor, streaming to the listener. When the engine runs its
   * maximum of calls, the call waits in the engine's queue; when the queue is full too, it fails
   * at once through {@link CompletionListener#onFailure} with a {@link CompletionEngineBusyException}.
   *
   * @param listener receives tokens and exactly one terminal callback
   * @throws IllegalStateException if the call was already started
   */
  void enqueue(CompletionListener listener);

  /** Cancels with reason {@link CancelReason#CLIENT}. Idempotent. */
  default void cancel() {
    cancel(CancelReason.CLIENT);
  }

  /**
   * Cancels with the given reason. Idempotent: only the first reason counts.
   *
   * @param reason why the call is stopped
   */
  void cancel(CancelReason reason);

  /** Returns true if the call was canceled. */
  boolean isCanceled();

  /** Returns true once execute or enqueue was called. */
  boolean isExecuted();
}
