package dev.coclone.engine.internal;

/**
 * Names that only a file or two use, treated as one class. A spelling that only one or two training
 * files contain (a private field, a local helper, a string of that file) says nothing about other files,
 * and a name the corpus never saw cannot be matched as context at all. So in the corpus index every
 * such spelling is replaced by {@link Vocabulary#LOCAL} for matching contexts (the successors keep
 * their text, so a name of the workspace stays predictable), and in a context every spelling the
 * index does not hold is read as that id: {@code int count =} and {@code int total =} become the same
 * context, which the corpus has seen many times. When the corpus predicts {@code LOCAL}, the
 * predictor spreads that probability over the file-local names the cache offers.
 */
public final class LocalNames {
  /** A spelling in at most this many training files is file-local (1 and 4 did as well on a dev split). */
  static final int MAX_FILES = 2;
  /** Fewer training files than this and no name is file-local: in a small workspace every name is rare. */
  public static final int MIN_FILES = 100;

  private LocalNames() {}

  /**
   * Replaces, in place, every id found in at most {@link #MAX_FILES} files by {@link Vocabulary#LOCAL}.
   *
   * @param forward   the corpus ids, files separated by {@link Vocabulary#BOUNDARY}
   * @param vocabSize number of ids
   * @return how many positions were replaced
   */
  public static int abstractFileLocal(int[] forward, int vocabSize) {
    int[] lastFile = new int[vocabSize];
    byte[] files = new byte[vocabSize];
    int file = 0;
    for (int id : forward) {
      if (id == Vocabulary.BOUNDARY) {
        file++;
      } else if (lastFile[id] != file) {
        lastFile[id] = file;
        if (files[id] <= MAX_FILES) {
          files[id]++;
        }
      }
    }
    int replaced = 0;
    for (int i = 0; i < forward.length; i++) {
      int id = forward[i];
      if (id > Vocabulary.LOCAL && files[id] <= MAX_FILES) {
        forward[i] = Vocabulary.LOCAL;
        replaced++;
      }
    }
    return replaced;
  }

  /**
   * True if an id is a file-local name: a spelling the corpus index does not match as itself
   * (new to it, or replaced by {@link Vocabulary#LOCAL}; the unigram counts the sorted corpus).
   *
   * @param id      the id
   * @param unigram the corpus's count per id
   * @return true for a file-local name
   */
  public static boolean isLocal(int id, int[] unigram) {
    return id > Vocabulary.LOCAL && (id >= unigram.length || unigram[id] == 0);
  }
}
