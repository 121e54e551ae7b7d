package dev.coclone.signature;

import java.util.List;

/**
 * What comparing a new version of a file with the last good one found.
 *
 * @param path    the file
 * @param problem why the new version could not be read, or null; when set, the last good version is
 *                kept, and {@code reports} is empty, except in JavaScript and TypeScript, which are
 *                read around the error: then it holds the changes of the declarations read whole
 *                (none is reported deleted, since the broken part may hide it)
 * @param reports one per changed declaration
 */
public record Detection(String path, ParseProblem problem, List<ChangeReport> reports) {
  /** Copies the list. */
  public Detection {
    reports = List.copyOf(reports);
  }

  /** True when the new version parsed and nothing in its signatures changed. */
  public boolean unchanged() {
    return problem == null && reports.isEmpty();
  }
}
