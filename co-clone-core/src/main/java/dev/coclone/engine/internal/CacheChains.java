package dev.coclone.engine.internal;

import java.util.Arrays;

/**
 * For one cache array, the previous position of the same token (names the corpus treats as
 * file-local count as one, as {@link Predictor} matches them), so the cache's occurrences of a
 * context's last token are walked instead of scanning up to 40,000 positions per prediction.
 * Linked as the cache grows; a different array, or a shorter one, is linked afresh. Not
 * thread-safe.
 */
final class CacheChains {
  private static final int LOCAL_KEY = -2;
  private static final int EMPTY = Integer.MIN_VALUE;

  private final int[] unigram;
  private int[] of;
  private int upto;
  private int[] prev = new int[0];
  private int[] keys;
  private int[] heads;
  private int size;

  CacheChains(int[] unigram) {
    this.unigram = unigram;
    keys = new int[256];
    heads = new int[256];
    Arrays.fill(keys, EMPTY);
  }

  /** Links positions [0, to) of a cache (the array must not change between calls). */
  void extend(int[] cache, int to) {
    if (cache != of || to < upto) {
      of = cache;
      upto = 0;
      Arrays.fill(keys, EMPTY);
      size = 0;
    }
    if (prev.length < to) {
      prev = Arrays.copyOf(prev, Math.max(to, prev.length * 2));
    }
    for (int p = upto; p < to; p++) {
      int k = key(cache[p]);
      int slot = slot(k);
      if (keys[slot] == EMPTY) {
        keys[slot] = k;
        heads[slot] = -1;
        if (++size * 2 >= keys.length) {
          prev[p] = -1;
          rehash();
          slot = slot(k);
        }
      }
      prev[p] = heads[slot];
      heads[slot] = p;
    }
    upto = Math.max(upto, to);
  }

  /** The last linked position of a token that matches {@code id}, or -1. */
  int last(int id) {
    int slot = slot(key(id));
    return keys[slot] == EMPTY ? -1 : heads[slot];
  }

  /** The position before {@code p} of a matching token, or -1. */
  int previous(int p) {
    return prev[p];
  }

  private int key(int id) {
    return LocalNames.isLocal(id, unigram) ? LOCAL_KEY : id;
  }

  private int slot(int k) {
    int mask = keys.length - 1;
    int h = k * 0x9E3779B9;
    int i = (h ^ (h >>> 16)) & mask;
    while (keys[i] != EMPTY && keys[i] != k) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void rehash() {
    int[] oldKeys = keys;
    int[] oldHeads = heads;
    keys = new int[oldKeys.length * 2];
    heads = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int s = slot(oldKeys[i]);
        keys[s] = oldKeys[i];
        heads[s] = oldHeads[i];
      }
    }
  }
}
