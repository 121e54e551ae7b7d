package dev.coclone.engine.internal;

import java.util.function.Supplier;

/**
 * The {@link Declarations} of one corpus, read on first use (a pass over its tokens) and kept, its
 * {@link Shapes} (for corpora with Java declarations), built once by whoever publishes the corpus,
 * and its {@link CorpusNames}, sorted on first use and kept. Thread-safe: each is built under a lock
 * of its own, and {@link #shapesIfBuilt()} never waits for the shapes.
 */
public final class CorpusDeclarations {
  private final Once<Declarations> read;
  private final Once<Shapes> shapes;
  private final Once<CorpusNames> names;

  /**
   * Declarations to be read from a corpus.
   *
   * @param corpus the corpus
   */
  public CorpusDeclarations(Corpus corpus) {
    this.read = new Once<>(() -> Declarations.read(corpus));
    this.shapes = new Once<>(() -> {
      Declarations d = get();
      return d.types() > 0 ? Shapes.of(corpus, d.kinds()) : null;
    });
    this.names = new Once<>(() -> CorpusNames.of(corpus));
  }

  /** The corpus's declarations, read now if they were not yet. */
  public Declarations get() {
    return read.get();
  }

  /**
   * The corpus read by its shape, built now if it was not yet; null where the corpus declares no
   * Java types (its token kinds are read by Java's rules, so other languages rank as before).
   */
  public Shapes shapes() {
    return shapes.get();
  }

  /**
   * The corpus read by its shape when {@link #shapes()} has built it, else null at once: a
   * completion ranks without the shapes for the seconds their suffix sort takes after a new index
   * is published (tens of seconds for the background corpora on a loaded machine) instead of
   * waiting for it.
   */
  public Shapes shapesIfBuilt() {
    return shapes.ifBuilt();
  }

  /** The corpus's names, sorted now if they were not yet (once per corpus). */
  public CorpusNames names() {
    return names.get();
  }

  /** A value built by the first caller that asks for it (under this holder's lock), then kept; may be null. */
  private static final class Once<T> {
    private final Supplier<T> build;
    private volatile boolean built;
    private T value;

    Once(Supplier<T> build) {
      this.build = build;
    }

    T get() {
      if (!built) {
        synchronized (this) {
          if (!built) {
            value = build.get();
            built = true; // the volatile write publishes value
          }
        }
      }
      return value;
    }

    T ifBuilt() {
      return built ? value : null;
    }
  }
}
