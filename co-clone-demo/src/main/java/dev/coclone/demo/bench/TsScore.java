package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.source.LineIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring of {@code bench signatures-ts}. The units are distinct (file, line) pairs: the lines
 * of tsc's new errors, and the sites found. A call covers the lines from its name to its closing
 * parenthesis (tsc puts a missing argument at the name, an extra or mistyped one at the argument),
 * any other site its own line.
 */
final class TsScore extends SiteMatch {

  /** A site the tracker says breaks, with the lines it covers. */
  record Site(String path, int fromLine, int toLine, String what) {
    static Site of(Dependent d, String text) {
      int to = d.line();
      if (text != null && (d.kind() == DependentKind.CALL || d.kind() == DependentKind.CONSTRUCTOR_CALL
          || d.kind() == DependentKind.SUPER_CALL)) {
        LineIndex lines = LineIndex.of(text);
        int at = lines.start(d.line()) + d.column() - 1;
        while (at < text.length() && (Character.isJavaIdentifierPart(text.charAt(at)) || text.charAt(at) == '?'
            || text.charAt(at) == '.' || Character.isWhitespace(text.charAt(at)))) {
          at++;
        }
        if (at < text.length() && text.charAt(at) == '<') {
          int close = TsMutation.match(text, at);
          at = close < 0 ? at : close + 1;
          while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
          }
        }
        if (at < text.length() && text.charAt(at) == '(') {
          int close = TsMutation.match(text, at);
          to = close < 0 ? to : lines.line(close);
        }
      }
      return new Site(d.path(), d.line(), Math.max(to, d.line()), d.kind() + " " + d.text() + " (confidence "
          + d.confidence() + ") - " + d.reason());
    }

    boolean covers(TscChecker.TsError e) {
      return e.path().equals(path) && e.line() >= fromLine && e.line() <= toLine;
    }
  }

  /**
   * Errors of {@code errors} that are not in {@code baseline}, each baseline error taken once: in
   * the changed file (whose lines move) by code and message; elsewhere by position and code (a
   * change can reorder a union in a message).
   */
  static List<TscChecker.TsError> minus(List<TscChecker.TsError> errors, List<TscChecker.TsError> baseline,
      String changedFile) {
    Map<String, Integer> left = new HashMap<>();
    baseline.forEach(e -> left.merge(key(e, changedFile), 1, Integer::sum));
    List<TscChecker.TsError> out = new ArrayList<>();
    for (TscChecker.TsError e : errors) {
      String k = key(e, changedFile);
      if (left.getOrDefault(k, 0) > 0) {
        left.merge(k, -1, Integer::sum);
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private static String key(TscChecker.TsError e, String changedFile) {
    return e.path().equals(changedFile) ? e.path() + "\n" + e.code() + "\n" + e.message()
        : e.path() + ":" + e.line() + ":" + e.column() + "\n" + e.code();
  }

  static TsScore of(List<TscChecker.TsError> errors, List<Site> sites, String label) {
    TsScore s = new TsScore();
    s.count(errors, e -> e.path() + ":" + e.line(), sites, x -> x.path() + ":" + x.fromLine(), Site::covers,
        Site::what, label);
    return s;
  }

  void write(ObjectNode json) {
    json.put("tsc_error_lines", truth);
    json.put("found_breaking_sites", foundSites);
    json.put("true_positives", truePositives);
    json.put("false_negatives", falseNegatives.size());
    json.put("false_positives", falsePositives.size());
    json.put("recall", recall());
    json.put("precision", precision());
    ArrayNode misses = json.putArray("misses");
    falseNegatives.forEach(misses::add);
    ArrayNode extras = json.putArray("false_positives_list");
    falsePositives.forEach(extras::add);
  }

  /** The fix rate: changes left with no new tsc error after every suggested edit. */
  static final class Fixes {
    private record Outcome(String change, int before, int edits, List<String> refused,
        List<TscChecker.TsError> after) {
      boolean fixed() {
        return after.isEmpty() && refused.isEmpty();
      }
    }

    private final List<Outcome> outcomes = new ArrayList<>();

    void add(String change, int before, int edits, List<String> refused, List<TscChecker.TsError> after) {
      outcomes.add(new Outcome(change, before, edits, List.copyOf(refused), List.copyOf(after)));
    }

    void write(ObjectNode json) {
      long fixed = outcomes.stream().filter(Outcome::fixed).count();
      long broken = outcomes.stream().filter(o -> o.before() > 0).count();
      long brokenFixed = outcomes.stream().filter(o -> o.before() > 0 && o.fixed()).count();
      json.put("fix_rate", outcomes.isEmpty() ? 1.0 : (double) fixed / outcomes.size());
      json.put("fix_rate_of_broken_changes", broken == 0 ? 1.0 : (double) brokenFixed / broken);
      json.put("changes_broken_before_edits", broken);
      json.put("changes_with_errors_after_edits", outcomes.size() - fixed);
      json.put("errors_before_edits", outcomes.stream().mapToInt(Outcome::before).sum());
      json.put("errors_after_edits", outcomes.stream().mapToInt(o -> o.after().size()).sum());
      ArrayNode list = json.putArray("fixes");
      for (Outcome o : outcomes) {
        ObjectNode n = list.addObject();
        n.put("change", o.change());
        n.put("errors_before", o.before());
        n.put("edits", o.edits());
        n.put("errors_after", o.after().size());
        ArrayNode r = n.putArray("remaining");
        o.after().forEach(e -> r.add(e.toString()));
        ArrayNode s = n.putArray("refused_edits");
        o.refused().forEach(s::add);
      }
    }

    void print(int listed) {
      List<Outcome> unfixed = outcomes.stream().filter(o -> !o.fixed()).toList();
      System.out.printf("changes with errors after their edits: %d%n", unfixed.size());
      unfixed.stream().limit(listed).forEach(o -> {
        System.out.println("  " + o.change() + ": " + o.before() + " -> " + o.after().size());
        o.after().stream().limit(5).forEach(e -> System.out.println("    " + e));
        o.refused().forEach(e -> System.out.println("    refused: " + e));
      });
    }
  }
}
