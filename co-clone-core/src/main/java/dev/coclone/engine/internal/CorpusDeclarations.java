package dev.coclone.engine.internal;

/**
 * The {@link Declarations} of one corpus, read on first use (a pass over its tokens) and kept, and
 * its {@link Shapes} (for corpora with Java declarations), likewise. Thread-safe.
 */
public final class CorpusDeclarations {
  private final Corpus corpus;
  private volatile Declarations read;
  private volatile Shapes shapes;
  private volatile boolean shapesRead;

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

  /**
   * The corpus read by its shape, built now if it was not yet; null where the corpus declares no
   * Java types (its token kinds are read by Java's rules, so other languages rank as before).
   */
  public Shapes shapes() {
    if (!shapesRead) {
      synchronized (this) {
        if (!shapesRead) {
          Declarations d = get();
          shapes = d.types() > 0 ? Shapes.of(corpus, d.kinds()) : null;
          shapesRead = true;
        }
      }
    }
    return shapes;
  }
}
