package dev.coclone.engine;

import dev.coclone.engine.internal.Predictor;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Predictors of one corpus snapshot and set of stale files, kept between suggestions: a new one
 * allocates some fifty counters and grows their tables again over its first predictions, a few
 * percent of a suggestion's time. A predictor's tables are cleared at every prediction, so one
 * taken from here ranks exactly as a new one would. Thread-safe.
 */
final class PredictorPool {
  /** Idle predictors kept (two per suggestion: the decoding and its look-ahead). */
  private static final int KEPT = 4;

  private final ConcurrentLinkedDeque<Predictor> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger count = new AtomicInteger();

  /** An idle predictor of this state, or a new one. */
  Predictor take(EmbeddedEngine.State state) {
    Predictor p = idle.pollFirst();
    if (p == null) {
      return EmbeddedEngine.predictor(state);
    }
    count.decrementAndGet();
    p.shapes(state.declared().shapesIfBuilt()); // an idle one made before the shapes were built gets them now
    return p;
  }

  /** Keeps a predictor taken from here for the next suggestion (unless enough are kept). */
  void give(Predictor p) {
    if (count.incrementAndGet() <= KEPT) {
      idle.offerFirst(p);
    } else {
      count.decrementAndGet();
    }
  }
}
