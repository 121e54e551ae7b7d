package dev.coclone.engine;

import java.util.Arrays;

/** A growable int array. */
final class IntArray {
  private int[] data;
  private int size;

  IntArray(int capacity) {
    data = new int[Math.max(16, capacity)];
  }

  void add(int v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    data[size++] = v;
  }

  void addAll(int[] v, int from, int to) {
    for (int i = from; i < to; i++) {
      add(v[i]);
    }
  }

  int size() {
    return size;
  }

  int get(int i) {
    return data[i];
  }

  int[] raw() {
    return data;
  }

  void truncate(int n) {
    size = n;
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
