package dev.coclone.engine.internal;

/**
 * The {@link Declarations} of one corpus, read on first use (a pass over its tokens) and kept.
 * Thread-safe.
 */
public final class CorpusDeclarations {
  private final Corpus corpus;
  private volatile Declarations read;

  /**
   * Declarations to be read from a corpus.
   *
   * @param corpus the corpus
   */
  public CorpusDeclarations(Corpus corpus) {
    this.corpus = corpus;
  }

  /** The corpus's declarations, read now if they were not yet. */
  public Declarations get() {
    Declarations d = read;
    if (d == null) {
      synchronized (this) {
        d = read;
        if (d == null) {
          d = Declarations.read(corpus);
          read = d;
        }
      }
    }
    return d;
  }
}
