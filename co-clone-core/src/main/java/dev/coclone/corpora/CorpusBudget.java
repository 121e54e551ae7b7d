package dev.coclone.corpora;

/**
 * How much the background corpora may hold: what is over a budget is left out (and said so), so
 * that a huge dependency cannot take the engine's memory.
 *
 * @param filesPerCorpus most files of one corpus
 * @param bytesPerCorpus most bytes of source of one corpus
 * @param files          most files of all corpora together
 * @param bytes          most bytes of source of all corpora together
 */
public record CorpusBudget(int filesPerCorpus, long bytesPerCorpus, int files, long bytes) {
  /** 10,000 files and 64 MiB per corpus; 25,000 files and 128 MiB in all (the JDK's java.base is 3,100 files, 49 MB). */
  public static final CorpusBudget DEFAULT = new CorpusBudget(10_000, 64L << 20, 25_000, 128L << 20);

  /** Validates the components. */
  public CorpusBudget {
    if (filesPerCorpus < 0 || bytesPerCorpus < 0 || files < 0 || bytes < 0) {
      throw new IllegalArgumentException("budgets must not be negative");
    }
  }
}
