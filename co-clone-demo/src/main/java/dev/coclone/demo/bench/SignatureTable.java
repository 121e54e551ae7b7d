package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/**
 * How a signature bench prints its results for people: the metric table of its JSON summary's
 * plain values, the misses and false positives against the checker, each list with its count, and
 * the changes left with errors after their edits. The Java, TypeScript and Python benches print
 * through it.
 */
final class SignatureTable {
  private final PrintStream out;
  private final String checker;
  private final String rejects;
  private final int listed;

  /**
   * A table for one bench's results.
   *
   * @param out     where to print
   * @param checker the ground truth's name, as the lists' headings name it ({@code javac}, {@code tsc})
   * @param listed  how many entries of each list to print; the count in the heading is of all
   */
  SignatureTable(PrintStream out, String checker, int listed) {
    this(out, checker, checker + " rejects", listed);
  }

  /**
   * A table whose misses heading says what the checker does with a missed site in its own words
   * ({@code pyright reports}: pyright reports errors by rule rather than rejecting code).
   *
   * @param out     where to print
   * @param checker the ground truth's name, as the false positives' heading names it
   * @param rejects the misses' heading's phrase ({@code "javac rejects"}, {@code "pyright reports"})
   * @param listed  how many entries of each list to print; the count in the heading is of all
   */
  SignatureTable(PrintStream out, String checker, String rejects, int listed) {
    this.out = out;
    this.checker = checker;
    this.rejects = rejects;
    this.listed = listed;
  }

  /** The header and one line per plain value of {@code json} (objects and arrays are left to the JSON). */
  void metrics(ObjectNode json) {
    out.printf("%n%-34s %s%n", "metric", "value");
    json.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode()) {
        out.printf("%-34s %s%n", e.getKey(), e.getValue().asText());
      }
    });
    out.println();
  }

  /**
   * The sites the checker rejects that were not found, and those found that it accepts.
   *
   * @param prefix prefixed to both headings ({@code "override "}), or empty
   */
  void sites(String prefix, SiteMatch match) {
    sites(prefix, match.falseNegatives, match.falsePositives);
  }

  /** As {@link #sites(String, SiteMatch)}, for a bench that keeps the two lists itself. */
  void sites(String prefix, List<String> misses, List<String> falsePositives) {
    list(prefix + "misses (" + rejects + ", not found)", misses);
    list(prefix + "false positives (found, " + checker + " accepts)", falsePositives);
  }

  /** {@code heading: count}, then the first entries, indented. */
  void list(String heading, List<String> entries) {
    out.printf("%s: %d%n", heading, entries.size());
    entries.stream().limit(listed).forEach(x -> out.println("  " + x));
  }

  /**
   * The changes left with errors after their edits: each with its error count before and after,
   * its first five remaining errors and every edit that could not be applied.
   *
   * @param unfixed   the changes left with errors or refused edits
   * @param change    a change's name
   * @param before    its error count before the edits
   * @param remaining its errors after the edits
   * @param refused   its edits that could not be applied, with the reason
   */
  <T> void unfixed(List<T> unfixed, Function<T, String> change, Function<T, Integer> before,
      Function<T, List<?>> remaining, Function<T, List<String>> refused) {
    out.printf("changes with errors after their edits: %d%n", unfixed.size());
    unfixed.stream().limit(listed).forEach(x -> {
      List<?> left = remaining.apply(x);
      out.println("  " + change.apply(x) + ": " + before.apply(x) + " -> " + left.size());
      left.stream().limit(5).forEach(e -> out.println("    " + e));
      refused.apply(x).forEach(e -> out.println("    refused: " + e));
    });
  }
}
