package dev.coclone.engine.internal;

/**
 * A suffix array over the corpus read backwards. A context read from its last token back is a
 * prefix of the reversed suffixes, so lengthening the context narrows the range of matching
 * suffixes: one pass gives the counts of every order up to the longest match (unbounded-length
 * matching in the manner of infini-gram). The token that follows a match in forward order is the
 * one just before it in the reversed corpus. The sorted corpus may have file-local names replaced
 * by one class ({@link LocalNames}) while the successors are read from the text as written, so
 * contexts generalise over such names and predictions keep them.
 */
public final class SuffixIndex {
  private final int[] rev;
  private final int[] sa;
  private final int[] written;

  private SuffixIndex(int[] rev, int[] sa, int[] written) {
    this.rev = rev;
    this.sa = sa;
    this.written = written;
  }

  /** Number of positions. */
  public int size() {
    return rev.length;
  }

  /** The reversed corpus as sorted, file-local names replaced (for persistence). */
  public int[] reversed() {
    return rev;
  }

  /** The reversed corpus as written (the same array when nothing was replaced). */
  public int[] reversedAsWritten() {
    return written;
  }

  /** The suffix array (for persistence). */
  public int[] suffixArray() {
    return sa;
  }

  /** Rebuilds from persisted arrays without sorting. */
  public static SuffixIndex of(int[] rev, int[] sa, int[] written) {
    if (written.length != rev.length) {
      throw new IllegalArgumentException("the written corpus has " + written.length + " ids, the sorted one "
          + rev.length);
    }
    return new SuffixIndex(rev, sa, written);
  }

  /**
   * Builds the index of a forward token sequence by prefix doubling with radix sorts.
   *
   * @param forward   token ids in reading order, files separated by {@link Vocabulary#BOUNDARY}
   * @param vocabSize number of distinct ids
   * @return the index
   */
  public static SuffixIndex build(int[] forward, int vocabSize) {
    int[] rev = reverse(forward);
    return new SuffixIndex(rev, suffixArray(rev, vocabSize), rev);
  }

  /**
   * Builds the index of a forward sequence whose contexts are matched on {@code sorted} (file-local
   * names replaced) and whose successors are read from {@code written}.
   *
   * @param sorted    token ids to match contexts on
   * @param written   the same positions as written
   * @param vocabSize number of distinct ids
   * @return the index
   */
  public static SuffixIndex build(int[] sorted, int[] written, int vocabSize) {
    int[] rev = reverse(sorted);
    return new SuffixIndex(rev, suffixArray(rev, vocabSize), sorted == written ? rev : reverse(written));
  }

  private static int[] reverse(int[] forward) {
    int n = forward.length;
    int[] rev = new int[n];
    for (int i = 0; i < n; i++) {
      rev[i] = forward[n - 1 - i];
    }
    return rev;
  }

  static int[] suffixArray(int[] s, int alphabet) {
    int n = s.length;
    int[] sa = new int[n];
    int[] rank = new int[n];
    int[] tmp = new int[n];
    if (n == 0) {
      return sa;
    }
    int[] count = new int[Math.max(alphabet, n) + 2];
    for (int v : s) {
      count[v + 1]++;
    }
    for (int i = 1; i < count.length; i++) {
      count[i] += count[i - 1];
    }
    for (int i = 0; i < n; i++) {
      sa[count[s[i]]++] = i;
    }
    rank[sa[0]] = 0;
    int classes = 1;
    for (int i = 1; i < n; i++) {
      if (s[sa[i]] != s[sa[i - 1]]) {
        classes++;
      }
      rank[sa[i]] = classes - 1;
    }
    for (int k = 1; classes < n; k <<= 1) {
      // Order by second key: suffixes without a second half first, then by the previous order.
      int p = 0;
      for (int i = n - k; i < n; i++) {
        tmp[p++] = i;
      }
      for (int i = 0; i < n; i++) {
        if (sa[i] >= k) {
          tmp[p++] = sa[i] - k;
        }
      }
      // Stable counting sort by first key.
      java.util.Arrays.fill(count, 0, classes + 1, 0);
      for (int i = 0; i < n; i++) {
        count[rank[i] + 1]++;
      }
      for (int i = 1; i <= classes; i++) {
        count[i] += count[i - 1];
      }
      for (int i = 0; i < n; i++) {
        int j = tmp[i];
        sa[count[rank[j]]++] = j;
      }
      tmp[sa[0]] = 0;
      classes = 1;
      for (int i = 1; i < n; i++) {
        int a = sa[i - 1];
        int b = sa[i];
        int ra2 = a + k < n ? rank[a + k] : -1;
        int rb2 = b + k < n ? rank[b + k] : -1;
        if (rank[a] != rank[b] || ra2 != rb2) {
          classes++;
        }
        tmp[b] = classes - 1;
      }
      int[] swap = rank;
      rank = tmp;
      tmp = swap;
    }
    return sa;
  }

  /**
   * Narrows a range of suffixes that match a pattern of length {@code depth} to those whose next
   * symbol (at offset depth) is {@code symbol}.
   *
   * @param lo     range start (inclusive)
   * @param hi     range end (exclusive)
   * @param depth  length already matched
   * @param symbol the next symbol of the pattern
   * @return {@code (newLo << 32) | newHi}; empty when newLo == newHi
   */
  public long narrow(int lo, int hi, int depth, int symbol) {
    int a = lo;
    int b = hi;
    while (a < b) {
      int mid = (a + b) >>> 1;
      if (at(sa[mid] + depth) < symbol) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    int start = a;
    b = hi;
    while (a < b) {
      int mid = (a + b) >>> 1;
      if (at(sa[mid] + depth) <= symbol) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    return ((long) start << 32) | a;
  }

  private int at(int i) {
    return i < rev.length ? rev[i] : -1;
  }

  /**
   * Counts the tokens that follow the matches in a range (as written), sampling evenly when the
   * range is large.
   *
   * @param lo      range start
   * @param hi      range end
   * @param maxSeen most positions to look at
   * @param out     receives the counts (cleared first)
   * @param stale   positions to skip, or null
   * @return how many of the counted successors are file-local names ({@link Vocabulary#LOCAL} as sorted)
   */
  public int successors(int lo, int hi, int maxSeen, IntCounter out, StalePositions stale) {
    out.clear();
    int len = hi - lo;
    if (len <= 0) {
      return 0;
    }
    int local = 0;
    double step = len <= maxSeen ? 1 : (double) len / maxSeen;
    for (double x = lo; x < hi; x += step) {
      int p = sa[(int) x];
      if (p == 0) {
        continue;
      }
      int next = written[p - 1];
      if (next == Vocabulary.BOUNDARY) {
        continue;
      }
      if (stale != null && stale.isStale(rev.length - 1 - p)) {
        continue;
      }
      out.add(next, 1);
      if (rev[p - 1] == Vocabulary.LOCAL) {
        local++;
      }
    }
    return local;
  }

  /**
   * The successors of the matches in a range one by one (every position, no sampling), for
   * counting nested ranges within it without reading the corpus again: {@code next[x - lo]} is the
   * token that follows the match at x as written, or -1 where {@link #successors} counts none (the
   * corpus's start, a boundary, a stale file); {@code local[x - lo]} whether it is a file-local
   * name as sorted.
   *
   * @param lo    range start
   * @param hi    range end
   * @param next  receives the successors (at least hi - lo long)
   * @param local receives the file-local flags (at least hi - lo long)
   * @param stale positions to skip, or null
   */
  public void successorsAt(int lo, int hi, int[] next, boolean[] local, StalePositions stale) {
    for (int x = lo; x < hi; x++) {
      int p = sa[x];
      int succ = p == 0 ? Vocabulary.BOUNDARY : written[p - 1];
      if (succ == Vocabulary.BOUNDARY || stale != null && stale.isStale(rev.length - 1 - p)) {
        next[x - lo] = -1;
        continue;
      }
      next[x - lo] = succ;
      local[x - lo] = rev[p - 1] == Vocabulary.LOCAL;
    }
  }

  /** Forward positions whose file was edited or removed since the index was built. */
  @FunctionalInterface
  public interface StalePositions {
    /** True if the forward position belongs to a stale file. */
    boolean isStale(int forwardPosition);
  }
}
