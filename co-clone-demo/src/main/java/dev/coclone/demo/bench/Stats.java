package dev.coclone.demo.bench;

import java.util.Arrays;

/** Percentiles of recorded durations. */
final class Stats {
  private long[] values = new long[1024];
  private int size;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int count() {
    return size;
  }

  /** The p-th percentile (nearest rank), p in 0..100. */
  double percentile(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int idx = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, idx))];
  }
}
