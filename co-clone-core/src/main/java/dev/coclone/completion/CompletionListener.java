package dev.coclone.completion;

import java.io.IOException;

/**
 * Receives a streaming completion. Every method has a no-op default. Exactly one terminal callback
 * ({@link #onComplete} or {@link #onFailure}) is called per call, and nothing is called after it.
 * A canceled call ends in {@link #onFailure} with a {@link dev.coclone.cancel.CanceledException}
 * that carries the reason. Callbacks run on the engine's thread (or, for a call canceled while it
 * waits in the queue, on the canceling thread): they must not block.
 */
public interface CompletionListener {
  /**
   * A piece of the suggestion, in order. The concatenation of all pieces is the streamed text;
   * the final, post-processed text is in {@link Completion#text()} and may be shorter.
   *
   * @param call the call
   * @param text the new piece
   */
  default void onToken(CompletionCall call, String text) {}

  /**
   * The call finished.
   *
   * @param call       the call
   * @param completion the post-processed result
   */
  default void onComplete(CompletionCall call, Completion completion) {}

  /**
   * The call failed or was canceled.
   *
   * @param call  the call
   * @param error a {@link dev.coclone.cancel.CanceledException} when canceled, a
   *              {@link dev.coclone.model.ModelException} for backend errors, a
   *              {@link CompletionEngineBusyException} when the engine could not take the call
   */
  default void onFailure(CompletionCall call, IOException error) {}
}
