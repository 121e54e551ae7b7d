package dev.coclone.engine.internal;

import java.util.Arrays;

/** Sums a score per int key with open addressing; cleared and reused per prediction step. */
final class IdScores {
  private int[] keys;
  private double[] values;
  private int[] used;
  private int size;

  IdScores(int capacity) {
    int cap = Integer.highestOneBit(Math.max(16, capacity * 2) - 1) << 1;
    keys = new int[cap];
    values = new double[cap];
    used = new int[cap];
    Arrays.fill(keys, -1);
  }

  /** Adds x to a key's score (a key added with 0 is present). */
  void add(int key, double x) {
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
    values[i] += x;
  }

  /** A key's score, 0 if absent. */
  double get(int key) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != -1) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return 0;
  }

  int size() {
    return size;
  }

  int keyAt(int i) {
    return keys[used[i]];
  }

  double valueAt(int i) {
    return values[used[i]];
  }

  void clear() {
    for (int k = 0; k < size; k++) {
      keys[used[k]] = -1;
      values[used[k]] = 0;
    }
    size = 0;
  }

  private void grow() {
    int[] oldKeys = keys;
    double[] oldValues = values;
    int[] oldUsed = used;
    int oldSize = size;
    keys = new int[oldKeys.length * 2];
    values = new double[oldKeys.length * 2];
    used = new int[oldKeys.length * 2];
    Arrays.fill(keys, -1);
    size = 0;
    for (int k = 0; k < oldSize; k++) {
      add(oldKeys[oldUsed[k]], oldValues[oldUsed[k]]);
    }
  }

  private static int mix(int x) {
    int h = x * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
