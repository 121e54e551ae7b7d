package dev.coclone.signature;

import java.util.List;
import java.util.Objects;

/**
 * One signature change with everything that depends on it.
 *
 * @param id         stable id of this report (to dismiss it or ask the model about it)
 * @param change     the change
 * @param dependents every affected site, sorted by file and position
 * @param fileEdits  the deterministic edits grouped by file, each with its unified diff
 * @param elapsedMillis time spent finding dependents and making edits
 */
public record ChangeReport(String id, SignatureChange change, List<Dependent> dependents, List<FileEdit> fileEdits,
    double elapsedMillis) {
  /** Validates and copies. */
  public ChangeReport {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(change, "change");
    dependents = List.copyOf(dependents);
    fileEdits = List.copyOf(fileEdits);
  }
}
