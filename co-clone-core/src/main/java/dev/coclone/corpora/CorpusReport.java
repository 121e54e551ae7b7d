package dev.coclone.corpora;

import java.util.Objects;

/**
 * What happened to one background corpus, as {@code GET /v1/index} and the pages show it.
 *
 * @param kind   the corpus kind's id ({@code jdk}, {@code maven}, {@code python}, {@code node})
 * @param name   what it is, e.g. {@code Maven dependencies (2 -sources.jars)}
 * @param state  where it is
 * @param files  files learned (or to learn)
 * @param tokens tokens learned (0 until known)
 * @param reason why it was skipped, or what was left out of it (budget, missing jars); "" when nothing
 */
public record CorpusReport(String kind, String name, State state, int files, long tokens, String reason) {
  /** Validates the components. */
  public CorpusReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
  }

  /** Where a corpus is. */
  public enum State {
    /** Found, waiting to be read. */
    QUEUED,
    /** Being read and learned. */
    INDEXING,
    /** In the engine. */
    READY,
    /** Not learned; {@link #reason()} says why. */
    SKIPPED;

    /** The lower-case name used in JSON. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** This report in another state. */
  public CorpusReport with(State newState, int newFiles, long newTokens, String newReason) {
    return new CorpusReport(kind, name, newState, newFiles, newTokens, newReason);
  }
}
