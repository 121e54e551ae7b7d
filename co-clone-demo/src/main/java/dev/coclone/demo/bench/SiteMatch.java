package dev.coclone.demo.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Recall and precision of the sites a signature tracker found against a compiler's error lines,
 * per change and in total, as the Java and TypeScript benches score them. The units are distinct
 * (file, line) pairs: the errors' lines, and the sites by the line each bench names them by. An
 * error line counts as found when some site covers it; a site is a false positive when it covers
 * no error line.
 */
class SiteMatch {
  int truth;
  int truePositives;
  int foundSites;
  final List<String> falseNegatives = new ArrayList<>();
  final List<String> falsePositives = new ArrayList<>();

  /**
   * Scores one change's sites against its error lines into this (empty) score.
   *
   * @param errors    the compiler's new errors
   * @param errorLine an error's (file, line) key
   * @param sites     the sites found that break
   * @param siteLine  a site's (file, line) key, which also names it in the false-positive list
   * @param covers    whether a site covers an error
   * @param what      what a site is, for the false-positive list
   * @param label     the change, prefixed to every listed miss and false positive
   */
  <E, S> void count(List<E> errors, Function<E, String> errorLine, List<S> sites, Function<S, String> siteLine,
      BiPredicate<S, E> covers, Function<S, String> what, String label) {
    Map<String, E> lines = new LinkedHashMap<>();
    errors.forEach(e -> lines.putIfAbsent(errorLine.apply(e), e));
    Map<String, S> unique = new LinkedHashMap<>();
    sites.forEach(x -> unique.putIfAbsent(siteLine.apply(x), x));
    truth += lines.size();
    foundSites += unique.size();
    for (E e : lines.values()) {
      if (unique.values().stream().anyMatch(x -> covers.test(x, e))) {
        truePositives++;
      } else {
        falseNegatives.add(label + ": " + e);
      }
    }
    unique.forEach((key, x) -> {
      if (lines.values().stream().noneMatch(e -> covers.test(x, e))) {
        falsePositives.add(label + ": " + key + ": " + what.apply(x));
      }
    });
  }

  /** Adds another change's (or run's) counts to these. */
  void add(SiteMatch o) {
    truth += o.truth;
    truePositives += o.truePositives;
    foundSites += o.foundSites;
    falseNegatives.addAll(o.falseNegatives);
    falsePositives.addAll(o.falsePositives);
  }

  /** Error lines covered by a found site, over all error lines. */
  double recall() {
    return truth == 0 ? 1.0 : (double) truePositives / truth;
  }

  /** Found sites that cover an error line, over all found sites. */
  double precision() {
    return foundSites == 0 ? 1.0 : (double) (foundSites - falsePositives.size()) / foundSites;
  }
}
