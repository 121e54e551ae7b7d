package dev.coclone.engine.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The successor counts of the corpus's most frequent contexts, kept once counted. A short context
 * such as {@code (} or {@code ) ;} matches hundreds of thousands of positions, and counting a
 * sample of their successors means hundreds of random reads; the same few thousand contexts come
 * back at almost every token. Shared by every prediction over one corpus snapshot and one set of
 * stale files (thread-safe); bounded to two million counts (16 MB).
 */
public final class SuccessorMemo {
  /** Ranges with more matches than this are kept. */
  static final int MIN_RANGE = 512;
  /** Most successor counts kept in all (two ints each: 16 MB). */
  private static final long MAX_COUNTS = 2_000_000;

  private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong counts = new java.util.concurrent.atomic.AtomicLong();

  /** Counted successors of one range. */
  record Entry(int[] keys, int[] counts, int local) {}

  /** The counts of a range, or null if not kept. */
  Entry get(int lo, int hi) {
    return entries.get(key(lo, hi));
  }

  /** Keeps the counts of a range (unless full). */
  void put(int lo, int hi, IntCounter successors, int local) {
    int n = successors.distinct();
    if (counts.addAndGet(n) > MAX_COUNTS) {
      counts.addAndGet(-n);
      return;
    }
    int[] keys = new int[n];
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = successors.keyAt(i);
      c[i] = successors.countAt(i);
    }
    if (entries.putIfAbsent(key(lo, hi), new Entry(keys, c, local)) != null) {
      counts.addAndGet(-n);
    }
  }

  /** Number of ranges kept. */
  public int size() {
    return entries.size();
  }

  private static long key(int lo, int hi) {
    return (long) lo << 32 | hi & 0xffffffffL;
  }
}
