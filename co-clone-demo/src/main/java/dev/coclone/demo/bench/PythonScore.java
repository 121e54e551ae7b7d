package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.signature.Dependent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recall and precision of found sites against pyright's new errors, by (file, line). A found call
 * covers the lines from its name to its closing parenthesis (pyright puts a missing argument at
 * the call's start and an extra one at the argument), and the line before when the name's line
 * starts with the dot of a chained call. Each distinct error line and each found site counts once.
 */
final class PythonScore {
  private int truth;
  private int truePositives;
  private int found;
  private int foundTrue;
  private final List<String> misses = new ArrayList<>();
  private final List<String> falsePositives = new ArrayList<>();

  /** A found site: its file, the lines it covers, and what it is for people. */
  record Site(String path, int from, int to, String what) {}

  /** One change's figures. */
  record Result(int truth, int truePositives, int found, int foundTrue) {}

  /** The lines a found call covers in {@code text}, the file it is in. */
  static Site callSite(String text, Dependent d, String what) {
    int at = PythonParameterChange.offset(text, d.line(), d.column());
    int open = at < 0 ? -1 : text.indexOf('(', at);
    int close = open < 0 ? -1 : PythonParameterChange.matching(text, open);
    int to = close < 0 ? d.line() : d.line() + (int) text.substring(at, close).chars().filter(c -> c == '\n').count();
    int lineStart = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
    boolean chained = at >= 0 && text.substring(lineStart, at).strip().startsWith(".");
    return new Site(d.path(), chained ? d.line() - 1 : d.line(), to, what);
  }

  /** Scores one change and adds it to the totals. */
  Result add(List<Pyright.Error> errors, List<Site> sites, String change) {
    Map<String, Pyright.Error> lines = new LinkedHashMap<>();
    errors.forEach(e -> lines.putIfAbsent(e.path() + ":" + e.line(), e));
    Map<String, Site> distinct = new TreeMap<>();
    sites.forEach(s -> distinct.putIfAbsent(s.path() + ":" + s.from() + "-" + s.to(), s));
    int tp = 0;
    for (Pyright.Error e : lines.values()) {
      if (distinct.values().stream().anyMatch(s -> covers(s, e))) {
        tp++;
      } else {
        misses.add(change + ": " + e);
      }
    }
    int ft = 0;
    for (Site s : distinct.values()) {
      if (lines.values().stream().anyMatch(e -> covers(s, e))) {
        ft++;
      } else {
        falsePositives.add(change + ": " + s.path() + ":" + s.from() + " " + s.what());
      }
    }
    truth += lines.size();
    truePositives += tp;
    found += distinct.size();
    foundTrue += ft;
    return new Result(lines.size(), tp, distinct.size(), ft);
  }

  private static boolean covers(Site s, Pyright.Error e) {
    return s.path().equals(e.path()) && e.line() >= s.from() && e.line() <= s.to();
  }

  double recall() {
    return truth == 0 ? 1.0 : (double) truePositives / truth;
  }

  double precision() {
    return found == 0 ? 1.0 : (double) foundTrue / found;
  }

  /** The figures into the bench's JSON, each name after {@code prefix}. */
  void write(ObjectNode json, String prefix) {
    json.put(prefix + "pyright_lines", truth);
    json.put(prefix + "found_sites", found);
    json.put(prefix + "true_positives", truePositives);
    json.put(prefix + "misses", truth - truePositives);
    json.put(prefix + "false_positives", found - foundTrue);
    json.put(prefix + "recall", recall());
    json.put(prefix + "precision", precision());
  }

  /** The misses and false positives into the bench's JSON. */
  void list(ObjectNode json, String prefix) {
    ArrayNode m = json.putArray(prefix + "misses_list");
    misses.forEach(m::add);
    ArrayNode f = json.putArray(prefix + "false_positives_list");
    falsePositives.forEach(f::add);
  }

  /** The misses and false positives, for people, in the bench's table. */
  void print(SignatureTable table, String prefix) {
    table.sites(prefix, misses, falsePositives);
  }
}
