package dev.coclone.engine.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The successor counts of the corpus's most frequent contexts, kept once counted. A short context
 * such as {@code (} or {@code ) ;} matches hundreds of thousands of positions, and counting a
 * sample of their successors means hundreds of random reads; the same few thousand contexts come
 * back at almost every token. Shared by every prediction over one corpus snapshot and one set of
 * stale files (thread-safe); bounded in size.
 */
public final class SuccessorMemo {
  /** Ranges with more matches than this are kept. */
  static final int MIN_RANGE = 512;
  private static final int MAX_ENTRIES = 50_000;

  private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();

  /** Counted successors of one range. */
  record Entry(int[] keys, int[] counts, int local) {}

  /** The counts of a range, or null if not kept. */
  Entry get(int lo, int hi) {
    return entries.get(key(lo, hi));
  }

  /** Keeps the counts of a range (unless full). */
  void put(int lo, int hi, IntCounter counts, int local) {
    if (entries.size() >= MAX_ENTRIES) {
      return;
    }
    int n = counts.distinct();
    int[] keys = new int[n];
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = counts.keyAt(i);
      c[i] = counts.countAt(i);
    }
    entries.putIfAbsent(key(lo, hi), new Entry(keys, c, local));
  }

  /** Number of ranges kept. */
  public int size() {
    return entries.size();
  }

  private static long key(int lo, int hi) {
    return (long) lo << 32 | hi & 0xffffffffL;
  }
}
