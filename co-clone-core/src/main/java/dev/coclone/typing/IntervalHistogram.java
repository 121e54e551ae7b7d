package dev.coclone.typing;

/**
 * Decaying histogram of intervals on log-spaced bins from 10 ms to about 16 s, giving survival
 * probabilities P(interval &gt;= t). Not thread-safe; {@link PausePredictor} guards it.
 */
final class IntervalHistogram {
  static final int BINS = 64;
  private static final double MIN_MS = 10;
  private static final double LOG_MIN = Math.log(MIN_MS);
  /** Bins per factor e: 64 bins span e^7.4, i.e. 10 ms to about 16 s. */
  private static final double BINS_PER_E = BINS / 7.4;

  private final double[] weight = new double[BINS];
  private double total;
  private long samples;

  void add(double intervalMs, double decay) {
    if (decay < 1) {
      for (int i = 0; i < BINS; i++) {
        weight[i] *= decay;
      }
      total *= decay;
    }
    weight[bin(intervalMs)] += 1;
    total += 1;
    samples++;
  }

  void addAll(IntervalHistogram other, double scale) {
    for (int i = 0; i < BINS; i++) {
      weight[i] += other.weight[i] * scale;
    }
    total += other.total * scale;
  }

  long samples() {
    return samples;
  }

  double total() {
    return total;
  }

  /** P(interval &gt;= t), with the bin that holds t counted in proportion. */
  double survival(double tMs) {
    if (total <= 0) {
      return tMs <= MIN_MS ? 1 : 0;
    }
    double pos = position(tMs);
    int b = (int) Math.floor(pos);
    if (b < 0) {
      return 1;
    }
    if (b >= BINS) {
      return weight[BINS - 1] > 0 ? weight[BINS - 1] / total * 0.5 : 0;
    }
    double above = 0;
    for (int i = b + 1; i < BINS; i++) {
      above += weight[i];
    }
    above += weight[b] * (1 - (pos - b));
    return above / total;
  }

  /** The interval below which the given share of the weight lies. */
  double quantile(double q) {
    double target = q * total;
    double acc = 0;
    for (int i = 0; i < BINS; i++) {
      if (acc + weight[i] >= target && weight[i] > 0) {
        double within = (target - acc) / weight[i];
        return Math.exp(LOG_MIN + (i + within) / BINS_PER_E);
      }
      acc += weight[i];
    }
    return Math.exp(LOG_MIN + BINS / BINS_PER_E);
  }

  private static double position(double ms) {
    return (Math.log(Math.max(ms, 1)) - LOG_MIN) * BINS_PER_E;
  }

  private static int bin(double ms) {
    return (int) Math.max(0, Math.min(BINS - 1, Math.floor(position(ms))));
  }
}
