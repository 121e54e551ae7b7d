package dev.coclone.corpora;

import dev.coclone.corpora.internal.Root;
import java.util.List;
import java.util.Objects;

/**
 * A background corpus as {@link CorpusFinder} found it: where its files are, or why it is skipped.
 * Immutable.
 */
public final class FoundCorpus {
  private final CorpusKind kind;
  private final String name;
  private final List<Root> roots;
  private final String skipReason;
  private final String note;

  private FoundCorpus(CorpusKind kind, String name, List<Root> roots, String skipReason, String note) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
    this.roots = List.copyOf(roots);
    this.skipReason = skipReason;
    this.note = Objects.requireNonNull(note, "note");
  }

  static FoundCorpus found(CorpusKind kind, String name, List<Root> roots, String note) {
    return new FoundCorpus(kind, name, roots, null, note);
  }

  static FoundCorpus skipped(CorpusKind kind, String name, String reason) {
    return new FoundCorpus(kind, name, List.of(), Objects.requireNonNull(reason, "reason"), "");
  }

  /** The kind. */
  public CorpusKind kind() {
    return kind;
  }

  /** What it is, e.g. {@code Python 3.11 standard library}. */
  public String name() {
    return name;
  }

  /** Why it is not learned, or null when it is to be learned. */
  public String skipReason() {
    return skipReason;
  }

  /** What was found missing or left out while finding it (e.g. jars not in the local repository), or "". */
  public String note() {
    return note;
  }

  List<Root> roots() {
    return roots;
  }

  /** The report of this corpus before it is read: queued, or skipped with the reason. */
  public CorpusReport report() {
    return skipReason != null
        ? new CorpusReport(kind.id(), name, CorpusReport.State.SKIPPED, 0, 0, skipReason)
        : new CorpusReport(kind.id(), name, CorpusReport.State.QUEUED, 0, 0, note);
  }

  @Override
  public String toString() {
    return kind.id() + ": " + name + (skipReason != null ? " (skipped: " + skipReason + ")" : "");
  }
}
