package dev.coclone.engine.internal;

import java.util.Arrays;

/** Counts small int keys with open addressing; cleared and reused per prediction step. */
public final class IntCounter {
  private int[] keys;
  private int[] counts;
  private int[] used;
  private int size;
  private long total;

  /** Creates a counter with room for about {@code capacity} distinct keys. */
  public IntCounter(int capacity) {
    int cap = Integer.highestOneBit(Math.max(16, capacity * 2) - 1) << 1;
    keys = new int[cap];
    counts = new int[cap];
    used = new int[cap];
    Arrays.fill(keys, -1);
  }

  /** Adds n to a key's count. */
  public void add(int key, int n) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != -1 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == -1) {
      keys[i] = key;
      used[size++] = i;
    }
    counts[i] += n;
    total += n;
  }

  /** A key's count, 0 if absent. */
  public int get(int key) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != -1) {
      if (keys[i] == key) {
        return counts[i];
      }
      i = (i + 1) & mask;
    }
    return 0;
  }

  /** Number of distinct keys. */
  public int distinct() {
    return size;
  }

  /** Sum of counts. */
  public long total() {
    return total;
  }

  /** The i-th distinct key, in insertion order. */
  public int keyAt(int i) {
    return keys[used[i]];
  }

  /** The count of the i-th distinct key. */
  public int countAt(int i) {
    return counts[used[i]];
  }

  /** Removes everything, keeping the arrays. */
  public void clear() {
    for (int k = 0; k < size; k++) {
      keys[used[k]] = -1;
      counts[used[k]] = 0;
    }
    size = 0;
    total = 0;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldCounts = counts;
    int[] oldUsed = used;
    int oldSize = size;
    keys = new int[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    used = new int[oldKeys.length * 2];
    Arrays.fill(keys, -1);
    size = 0;
    long t = total;
    for (int k = 0; k < oldSize; k++) {
      add(oldKeys[oldUsed[k]], oldCounts[oldUsed[k]]);
    }
    total = t;
  }

  private static int mix(int x) {
    int h = x * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
