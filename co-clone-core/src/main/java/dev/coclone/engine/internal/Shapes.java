package dev.coclone.engine.internal;

/**
 * The corpus read by its shape: every name is one of two classes (lower-case, capitalised), every
 * number one class and every string or character literal another, while keywords, operators,
 * punctuation and line breaks stay as they are; indexed like the corpus ({@link SuffixIndex}, its
 * positions the corpus's), so that a context is matched on its shape as far back as it goes
 * ({@code if ( N . N ( ) )} where the names differ from every earlier file). What follows a shape
 * tells the punctuation and keywords that come next, and whether a name comes next at all, from far
 * longer contexts than the names as written allow. Built once per corpus (by {@link CorpusDeclarations},
 * for corpora with Java declarations, right after the index): two arrays as long as the corpus, 27 MB for java.base's 3.4
 * million tokens. Files edited or removed since are not skipped (the shapes of a few files do not move
 * the counts of millions), so the successors of large ranges are kept once counted, for every
 * predictor of the corpus. Thread-safe.
 */
public final class Shapes {
  private final SuffixIndex index;
  private final int[] shapeOf;
  private final int lower;
  private final int alphabet;

  private Shapes(SuffixIndex index, int[] shapeOf, int lower, int alphabet) {
    this.index = index;
    this.shapeOf = shapeOf;
    this.lower = lower;
    this.alphabet = alphabet;
  }

  /**
   * Reads a corpus by its shape.
   *
   * @param corpus the corpus
   * @param kinds  its vocabulary's token kinds
   * @return the shape index
   */
  public static Shapes of(Corpus corpus, TokenKinds kinds) {
    var texts = corpus.vocab().texts();
    int v = texts.size();
    int lower = v;
    int upper = v + 1;
    int number = v + 2;
    int string = v + 3;
    int[] shapeOf = new int[v];
    for (int id = 0; id < v; id++) {
      int kind = kinds.kind(id);
      String t = texts.get(id);
      if (id == Vocabulary.LOCAL || kind == TokenKinds.NAME_LOWER) {
        shapeOf[id] = lower;
      } else if (kind == TokenKinds.NAME_UPPER) {
        shapeOf[id] = upper;
      } else if (kind == TokenKinds.OTHER && !t.isEmpty() && (Character.isDigit(t.charAt(0))
          || t.length() > 1 && t.charAt(0) == '.' && Character.isDigit(t.charAt(1)))) {
        shapeOf[id] = number;
      } else if (kind == TokenKinds.OTHER && !t.isEmpty() && (t.charAt(0) == '"' || t.charAt(0) == '\'')) {
        shapeOf[id] = string;
      } else {
        shapeOf[id] = id;
      }
    }
    int[] written = corpus.index().reversedAsWritten();
    int[] rev = new int[written.length];
    Shapes s = new Shapes(null, shapeOf, lower, v + 4);
    for (int i = 0; i < rev.length; i++) {
      rev[i] = s.shape(written[i]);
    }
    return new Shapes(SuffixIndex.of(rev, SuffixIndex.suffixArray(rev, v + 4), rev), shapeOf, lower, v + 4);
  }

  /** The shape of an id (ids the vocabulary did not hold when read are lower-case names). */
  int shape(int id) {
    return id >= 0 && id < shapeOf.length ? shapeOf[id] : lower;
  }

  SuffixIndex index() {
    return index;
  }

  /** Most ranges whose successors are kept (each a few dozen ints). */
  private static final int MEMO = 100_000;
  private final java.util.concurrent.ConcurrentHashMap<Long, int[]> memo = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Counts the shapes that follow the matches in a range (of more than a few hundred), sampled evenly,
   * kept once counted.
   *
   * @param lo     range start
   * @param hi     range end
   * @param sample most positions looked at
   * @param out    receives the counts
   */
  void successors(int lo, int hi, int sample, IntCounter out) {
    long key = (long) lo << 32 | hi;
    int[] kept = memo.get(key);
    if (kept == null) {
      index.successors(lo, hi, sample, out, null);
      kept = new int[out.distinct() * 2];
      for (int i = 0; i < out.distinct(); i++) {
        kept[2 * i] = out.keyAt(i);
        kept[2 * i + 1] = out.countAt(i);
      }
      if (memo.size() < MEMO) {
        memo.put(key, kept);
      }
      return;
    }
    out.clear();
    for (int i = 0; i < kept.length; i += 2) {
      out.add(kept[i], kept[i + 1]);
    }
  }

  /** How many shapes at the end of a context are looked up at once rather than narrowed one by one. */
  static final int PREFIX = 4;
  private final java.util.concurrent.ConcurrentHashMap<Long, long[]> prefixes = new java.util.concurrent.ConcurrentHashMap<>();

  /** The ranges of orders 1 to {@link #PREFIX} of a context whose last shapes make the key, or null. */
  long[] prefix(long key) {
    return prefixes.get(key);
  }

  /** Keeps the ranges of orders 1 to {@link #PREFIX} found for a key. */
  void keepPrefix(long key, int[] lo, int[] hi) {
    if (prefixes.size() >= MEMO) {
      return;
    }
    long[] ranges = new long[PREFIX];
    for (int k = 1; k <= PREFIX; k++) {
      ranges[k - 1] = (long) lo[k] << 32 | (hi[k] & 0xffffffffL);
    }
    prefixes.put(key, ranges);
  }

  int alphabet() {
    return alphabet;
  }
}
