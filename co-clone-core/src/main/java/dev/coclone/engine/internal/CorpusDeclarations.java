package dev.coclone.engine.internal;

/**
 * The {@link Declarations} of one corpus, read on first use (a pass over its tokens) and kept, its
 * {@link Shapes} (for corpora with Java declarations), built once by whoever publishes the corpus,
 * and its {@link CorpusNames}, sorted on first use and kept. Thread-safe: the shapes and the names are
 * built under locks of their own, and {@link #shapesIfBuilt()} never waits for them.
 */
public final class CorpusDeclarations {
  private final Corpus corpus;
  private volatile Declarations read;
  private volatile Shapes shapes;
  private volatile boolean shapesRead;
  private final Object shapesLock = new Object();
  private volatile CorpusNames names;
  private final Object namesLock = new Object();

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
      synchronized (shapesLock) {
        if (!shapesRead) {
          Declarations d = get();
          shapes = d.types() > 0 ? Shapes.of(corpus, d.kinds()) : null;
          shapesRead = true;
        }
      }
    }
    return shapes;
  }

  /**
   * The corpus read by its shape when {@link #shapes()} has built it, else null at once: a
   * completion ranks without the shapes for the seconds their suffix sort takes after a new index
   * is published (tens of seconds for the background corpora on a loaded machine) instead of
   * waiting for it.
   */
  public Shapes shapesIfBuilt() {
    return shapesRead ? shapes : null;
  }

  /** The corpus's names, sorted now if they were not yet (once per corpus). */
  public CorpusNames names() {
    CorpusNames n = names;
    if (n == null) {
      synchronized (namesLock) {
        n = names;
        if (n == null) {
          n = CorpusNames.of(corpus);
          names = n;
        }
      }
    }
    return n;
  }
}
