package dev.coclone.engine;

/** Receives progress while the engine indexes files. Called from the indexing thread. */
@FunctionalInterface
public interface IndexProgress {
  /**
   * Reports progress.
   *
   * @param stage      {@code reading}, {@code sorting} or {@code done}
   * @param filesDone  files lexed so far
   * @param filesTotal files to lex (-1 if unknown)
   * @param tokens     tokens so far
   */
  void onProgress(String stage, long filesDone, long filesTotal, long tokens);

  /** Ignores progress. */
  IndexProgress NONE = (stage, done, total, tokens) -> { };
}
