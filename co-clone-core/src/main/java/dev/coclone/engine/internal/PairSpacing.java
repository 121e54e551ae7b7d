package dev.coclone.engine.internal;

/**
 * Learns whether a space goes between two tokens on a line, per token pair, so generated code is
 * laid out as the corpus writes it. Counts saturate at 65535 per kind.
 */
public final class PairSpacing {
  private long[] keys;
  private int[] values;
  private int size;

  /** Creates an empty table. */
  public PairSpacing() {
    keys = new long[1 << 16];
    values = new int[1 << 16];
    java.util.Arrays.fill(keys, -1L);
  }

  /** Records the separator seen between prev and next. */
  public void add(int prev, int next, boolean space) {
    long key = ((long) prev << 32) | (next & 0xffffffffL);
    int i = slot(key);
    if (keys[i] == -1L) {
      keys[i] = key;
      size++;
      if (size * 2 > keys.length) {
        grow();
        i = slot(key);
      }
    }
    int v = values[i];
    int none = v >>> 16;
    int sp = v & 0xffff;
    if (space) {
      sp = Math.min(0xffff, sp + 1);
    } else {
      none = Math.min(0xffff, none + 1);
    }
    values[i] = (none << 16) | sp;
  }

  /**
   * Whether to put a space between two tokens: what the corpus did most for this pair, else a
   * rule of thumb (a space between two words, none around brackets and dots).
   */
  public boolean space(int prev, int next, String prevText, String nextText) {
    long key = ((long) prev << 32) | (next & 0xffffffffL);
    int i = slot(key);
    if (keys[i] == key) {
      int v = values[i];
      return (v & 0xffff) > (v >>> 16);
    }
    return defaultSpace(prevText, nextText);
  }

  static boolean defaultSpace(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    char x = a.charAt(a.length() - 1);
    char y = b.charAt(0);
    if ("([.@".indexOf(x) >= 0 || ")].,;:(".indexOf(y) >= 0) {
      return false;
    }
    return true;
  }

  private int slot(long key) {
    int mask = keys.length - 1;
    long h = key * 0x9E3779B97F4A7C15L;
    int i = (int) (h ^ (h >>> 32)) & mask;
    while (keys[i] != -1L && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    java.util.Arrays.fill(keys, -1L);
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != -1L) {
        int i = slot(oldKeys[j]);
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }

  /** Writes the table (for persistence). */
  void write(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(size);
    for (int j = 0; j < keys.length; j++) {
      if (keys[j] != -1L) {
        out.writeLong(keys[j]);
        out.writeInt(values[j]);
      }
    }
  }

  /** Reads a table written by {@link #write}. */
  static PairSpacing read(java.io.DataInput in) throws java.io.IOException {
    PairSpacing t = new PairSpacing();
    int n = in.readInt();
    if (n < 0) {
      throw new java.io.IOException("bad pair count " + n);
    }
    for (int k = 0; k < n; k++) {
      long key = in.readLong();
      int value = in.readInt();
      int i = t.slot(key);
      if (t.keys[i] == -1L) {
        t.keys[i] = key;
        t.size++;
        if (t.size * 2 > t.keys.length) {
          t.grow();
          i = t.slot(key);
        }
      }
      t.values[i] = value;
    }
    return t;
  }

  /** Number of pairs learned. */
  public int size() {
    return size;
  }
}
