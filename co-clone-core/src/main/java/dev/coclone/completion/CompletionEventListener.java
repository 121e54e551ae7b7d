package dev.coclone.completion;

import dev.coclone.cancel.CancelReason;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Observes every call an engine makes, in the spirit of OkHttp's {@code EventListener}: metrics,
 * logging and tests subscribe here instead of wrapping callers' listeners. One listener is made
 * per call by a {@link Factory} set on {@link CompletionEngine.Builder#eventListenerFactory}.
 *
 * <p>Every method has a no-op default. Per call: {@link #callStart} first, then
 * {@link #firstToken} and {@link #token} while it streams, and exactly one of {@link #callEnd},
 * {@link #callCanceled} or {@link #callFailed} last. Methods run on the thread that drives the
 * call (the engine's, the caller's, or the canceling thread for a call canceled while queued):
 * they must be fast and must not block. An exception thrown here is not caught for you.
 */
public interface CompletionEventListener {
  /** A listener that ignores everything. */
  CompletionEventListener NONE = new CompletionEventListener() {};

  /**
   * The call was started with {@code execute()} or {@code enqueue()}.
   *
   * @param call the call
   */
  default void callStart(CompletionCall call) {}

  /**
   * The first piece of the suggestion passed the stream gate.
   *
   * @param call the call
   */
  default void firstToken(CompletionCall call) {}

  /**
   * A piece of the suggestion passed the stream gate (after {@link #firstToken} for the first).
   *
   * @param call the call
   * @param text the piece
   */
  default void token(CompletionCall call, String text) {}

  /**
   * The call finished with a result.
   *
   * @param call       the call
   * @param completion the result
   */
  default void callEnd(CompletionCall call, Completion completion) {}

  /**
   * The call was canceled (by its caller, a newer call of its session, the client going away, a
   * deadline, or shutdown).
   *
   * @param call   the call
   * @param reason why
   */
  default void callCanceled(CompletionCall call, CancelReason reason) {}

  /**
   * The call failed: the backend failed, or the engine was too busy to take it
   * ({@link CompletionEngineBusyException}).
   *
   * @param call  the call
   * @param error what went wrong
   */
  default void callFailed(CompletionCall call, IOException error) {}

  /** Makes one listener per call. */
  @FunctionalInterface
  interface Factory {
    /** A factory whose listeners ignore everything. */
    Factory NONE = call -> CompletionEventListener.NONE;

    /**
     * Makes the listener for a call, when it starts.
     *
     * @param call the call
     * @return its listener, never null
     */
    CompletionEventListener create(CompletionCall call);

    /**
     * A factory that gives every call the same listener.
     *
     * @param listener the listener
     * @return the factory
     */
    static Factory of(CompletionEventListener listener) {
      Objects.requireNonNull(listener, "listener");
      return call -> listener;
    }

    /**
     * A factory whose listeners tell each of the given factories' listeners, in order.
     *
     * @param factories the factories
     * @return the combined factory
     */
    static Factory all(Factory... factories) {
      List<Factory> list = List.of(factories);
      return call -> {
        List<CompletionEventListener> each = list.stream().map(f -> f.create(call)).toList();
        return new CompletionEventListener() {
          @Override
          public void callStart(CompletionCall c) {
            each.forEach(l -> l.callStart(c));
          }

          @Override
          public void firstToken(CompletionCall c) {
            each.forEach(l -> l.firstToken(c));
          }

          @Override
          public void token(CompletionCall c, String text) {
            each.forEach(l -> l.token(c, text));
          }

          @Override
          public void callEnd(CompletionCall c, Completion completion) {
            each.forEach(l -> l.callEnd(c, completion));
          }

          @Override
          public void callCanceled(CompletionCall c, CancelReason reason) {
            each.forEach(l -> l.callCanceled(c, reason));
          }

          @Override
          public void callFailed(CompletionCall c, IOException error) {
            each.forEach(l -> l.callFailed(c, error));
          }
        };
      };
    }
  }
}
