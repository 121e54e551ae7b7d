package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.List;

/**
 * How the file at hand spaces its token pairs, where that differs from the corpus's habit: a file
 * that writes {@code synchronized(lock)}, {@code (byte)0} or {@code a - 1} is followed in its own
 * style, since a suggestion that differs from the line only in a space is not taken as is. A pair
 * counts where the file wrote it on one line at least {@link #MIN_SEEN} times, one way at least
 * twice as often as the other.
 */
public final class FileSpacing {
  /** Times a pair must appear in the file before the file's habit counts. */
  static final int MIN_SEEN = 2;
  /** The file says nothing of the pair. */
  public static final int UNKNOWN = -1;

  private final long[] keys;
  /** Per slot: times written without a space (high 16 bits) and with one (low 16 bits). */
  private final int[] counts;
  private final int mask;

  private FileSpacing(int capacity) {
    int size = Integer.highestOneBit(Math.max(16, capacity) * 2);
    keys = new long[size];
    counts = new int[size];
    mask = size - 1;
  }

  /**
   * Reads the pairs of consecutive tokens on one line.
   *
   * @param parts the file's tokens, in pieces (the text before the cursor, the text after it); a pair
   *              is not read across two pieces
   * @return the file's spacing
   */
  @SafeVarargs
  public static FileSpacing of(List<CodeLexer.Tok>... parts) {
    int n = 0;
    for (List<CodeLexer.Tok> p : parts) {
      n += p.size();
    }
    FileSpacing s = new FileSpacing(n);
    for (List<CodeLexer.Tok> p : parts) {
      for (int i = 1; i < p.size(); i++) {
        CodeLexer.Tok next = p.get(i);
        CodeLexer.Tok prev = p.get(i - 1);
        if (next.sep() == CodeLexer.SEP_NEWLINE || CodeLexer.isLayout(prev.text()) || CodeLexer.isLayout(next.text())) {
          continue;
        }
        s.add(prev.text(), next.text(), next.sep() == CodeLexer.SEP_SPACE);
      }
    }
    return s;
  }

  private static long key(String prev, String next) {
    return ((long) prev.hashCode() << 32) ^ (next.hashCode() & 0xffffffffL) ^ ((long) prev.length() << 56);
  }

  private int slot(long key) {
    int i = (int) (key ^ (key >>> 29)) * 0x9E3779B9 & mask;
    while (counts[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void add(String prev, String next, boolean space) {
    long key = key(prev, next);
    int i = slot(key);
    keys[i] = key;
    int v = counts[i];
    int none = v >>> 16;
    int sp = v & 0xffff;
    counts[i] = space ? (none << 16) | Math.min(0xffff, sp + 1) : (Math.min(0xffff, none + 1) << 16) | sp;
  }

  /**
   * The file's habit for a pair.
   *
   * @return 1 for a space, 0 for none, {@link #UNKNOWN} where the file wrote the pair fewer than
   *         {@link #MIN_SEEN} times or without a clear habit (one way less than twice as often as the other)
   */
  public int space(String prev, String next) {
    int v = counts[slot(key(prev, next))];
    int none = v >>> 16;
    int sp = v & 0xffff;
    if (none + sp < MIN_SEEN) {
      return UNKNOWN;
    }
    return sp >= 2 * none ? 1 : none >= 2 * sp ? 0 : UNKNOWN;
  }
}
