package dev.coclone.completion;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/** Enqueues calls in tests and hands their terminal outcome over as a future. */
final class Outcomes {
  private Outcomes() {}

  /**
   * Enqueues the call.
   *
   * @param call       the call
   * @param firstToken counted down at each token
   * @return completes with the {@link Completion} or the {@link IOException}
   */
  static CompletableFuture<Object> enqueue(CompletionCall call, CountDownLatch firstToken) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    call.enqueue(new CompletionListener() {
      @Override
      public void onToken(CompletionCall c, String text) {
        firstToken.countDown();
      }

      @Override
      public void onComplete(CompletionCall c, Completion completion) {
        done.complete(completion);
      }

      @Override
      public void onFailure(CompletionCall c, IOException error) {
        done.complete(error);
      }
    });
    return done;
  }
}
