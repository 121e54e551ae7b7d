package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.source.LineIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scoring of {@code bench signatures-ts}. The units are distinct (file, line) pairs: the lines
 * of tsc's new errors, and the sites found. A call covers the lines from its name to its closing
 * parenthesis (tsc puts a missing argument at the name, an extra or mistyped one at the argument),
 * any other site its own line.
 */
final class TsScore extends SiteMatch {

  /**
   * A site the tracker says breaks, with the lines it covers, and for an overriding declaration (or
   * a changed method reported at its own) the class that declares it.
   */
  record Site(String path, int fromLine, int toLine, String what, String owner) {
    static Site of(Dependent d, String text, String owner) {
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
          + d.confidence() + ") - " + d.reason(), owner);
    }

    boolean covers(TscChecker.TsError e) {
      return e.path().equals(path) && e.line() >= fromLine && e.line() <= toLine;
    }

    /**
     * The error is tsc's rejection of a class where another type is expected because its member
     * {@code member} (the changed method) no longer fits ({@code Argument of type 'typeof AsapAction'
     * ... The types of 'schedule' are incompatible}), and that class declares this overriding
     * declaration or inherits it: the declaration's edit is what fixes it, as javac's override errors
     * at the head of a class count for the override in the Java bench.
     */
    boolean coversMember(TscChecker.TsError e, String member, Classes classes) {
      // the member itself, or a path that ends at it ('BASE.precompute', 'fromBytes(...).precompute')
      if (owner.isEmpty() || !e.message().matches("(?s).*[Tt]ypes of (property )?'(?:[^']*\\.)?" + Pattern.quote(member)
          + "' are incompatible.*")) {
        return false;
      }
      Matcher m = SOURCE_TYPE.matcher(e.message());
      while (m.find()) {
        if (classes.extendsOrIs(m.group(1) != null ? m.group(1) : m.group(2), owner)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The error is tsc's rejection of another member of this declaration's class C against its base
     * B because C as a whole no longer fits B ({@code Property '_cloneInto' in type '_KeccakPRG' is
     * not assignable to the same property in base type 'Keccak'. ... Type 'Keccak' is missing the
     * following properties from type '_KeccakPRG'}: {@code _cloneInto(to?: _KeccakPRG)} compares C
     * and B both ways, which held only while C was a B). The class no longer fits for the changed
     * member, whose declaration in C is this site; its edit fixes both.
     */
    boolean coversBaseCascade(TscChecker.TsError e, Classes classes) {
      if (owner.isEmpty() || e.code() != 2416) {
        return false;
      }
      Matcher m = BASE_CASCADE.matcher(e.message());
      if (!m.find()) {
        return false;
      }
      String cls = m.group(2);
      String base = m.group(3);
      return !owner.equals(base) && classes.extendsOrIs(cls, owner) && classes.extendsOrIs(owner, base)
          && e.message().matches("(?s).*Type '" + Pattern.quote(base) + "(?:<[^']*>)?' is missing the following"
          + " properties from type '" + Pattern.quote(cls) + "(?:<[^']*>)?'.*");
    }
  }

  private static final Pattern BASE_CASCADE = Pattern.compile("^Property '([^']+)' in type '([A-Za-z_$][\\w$]*)"
      + "(?:<[^']*>)?' is not assignable to the same property in base type '([A-Za-z_$][\\w$]*)");

  /**
   * The class tsc rejects: passed or assigned as another type, checked against a type parameter's
   * constraint, or (a static member) its static side
   * as its base class's ({@code Class static side 'typeof _RistrettoPoint' incorrectly extends base
   * class static side 'typeof PrimeEdwardsPoint'}, reported at the class's head); or returned by a
   * factory where a function returning another type is expected ({@code Call signature return types
   * '_KangarooTwelve' and 'Hash<_KangarooTwelve>' are incompatible}).
   */
  private static final Pattern SOURCE_TYPE = Pattern.compile(
      "(?:[Tt]ype|static side) '(?:typeof )?([A-Za-z_$][\\w$]*)(?:<[^']*>)?' (?:is not assignable|incorrectly extends|does not satisfy)"
      + "|[Cc]all signature return types '([A-Za-z_$][\\w$]*)(?:<[^']*>)?' and ");

  /**
   * The corpus's classes and what each extends or implements, read from the source text: class
   * heads that start a line ({@code export}, {@code default}, {@code abstract}, {@code declare}
   * before them), so that a comment such as {@code /** Internal SHA-512 hash class grounded in
   * RFC 6234 *}{@code /} above {@code export class _SHA512 extends SHA2_64B<_SHA512>} is no class
   * {@code grounded} whose head runs on to the real one's {@code extends}.
   */
  static final class Classes {
    private static final Pattern DECL = Pattern.compile("(?m)^[ \\t]*(?:(?:export|default|abstract|declare)\\s+)*"
        + "class\\s+([A-Za-z_$][\\w$]*)[^{]*?\\b(extends|implements)\\s+([^{]*)\\{");
    private final Map<String, List<String>> bases = new HashMap<>();

    static Classes of(Iterable<String> texts) {
      Classes c = new Classes();
      for (String t : texts) {
        Matcher m = DECL.matcher(t);
        while (m.find()) {
          List<String> up = new ArrayList<>();
          String heritage = m.group(2) + " " + m.group(3);
          for (String prev = ""; !prev.equals(heritage); ) {
            prev = heritage;
            heritage = heritage.replaceAll("<[^<>]*>", "");
          }
          for (String part : heritage.split("\\b(extends|implements)\\b|,")) {
            Matcher n = Pattern.compile("^\\s*([A-Za-z_$][\\w$.]*)").matcher(part);
            if (n.find()) {
              String name = n.group(1);
              up.add(name.substring(name.lastIndexOf('.') + 1));
            }
          }
          c.bases.put(m.group(1), up);
        }
      }
      return c;
    }

    /** True when {@code type} is {@code ancestor} or extends or implements it, transitively. */
    boolean extendsOrIs(String type, String ancestor) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(type));
      while (!todo.isEmpty()) {
        String t = todo.poll();
        if (t.equals(ancestor)) {
          return true;
        }
        if (seen.add(t)) {
          todo.addAll(bases.getOrDefault(t, List.of()));
        }
      }
      return false;
    }
  }

  /**
   * The text of the changed function's file with only the type guard's narrowing taken away (its
   * predicate {@code value is T} made {@code boolean}, an {@code asserts} one {@code void}), or null
   * when the function is no type guard.
   */
  static String withoutNarrowing(String text, FunctionSignature f) {
    String r = f.returnType() == null ? "" : f.returnType().strip();
    boolean asserts = r.matches("(?s)asserts\\s+[A-Za-z_$][\\w$]*.*");
    if (!asserts && !r.matches("(?s)[A-Za-z_$][\\w$]*\\s+is\\s+.+")) {
      return null;
    }
    int from = LineIndex.of(text).start(f.line());
    int at = text.indexOf(r, from);
    return at < 0 ? null : text.substring(0, at) + (asserts ? "void" : "boolean") + text.substring(at + r.length());
  }

  /** An error's place, by which the narrowing's errors are told apart: file, line and code. */
  static String place(TscChecker.TsError e) {
    return e.path() + ":" + e.line() + ":" + e.code();
  }

  /**
   * True when a narrowing error follows, in its file, an error of the same change on a line that
   * calls the guard {@code name}: the call's edit restores the narrowing, so the error is a cascade
   * of that call (folded into it, as the Java bench folds javac's catch cascades into the error in
   * their try block).
   */
  static boolean afterBrokenCall(TscChecker.TsError e, List<TscChecker.TsError> errors, java.util.Set<String> narrowing,
      Map<String, String> texts, String name) {
    String text = texts.get(e.path());
    if (text == null) {
      return false;
    }
    Pattern call = Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "\\s*(<[^;()]*>)?\\(");
    String[] lines = text.split("\n", -1);
    for (TscChecker.TsError o : errors) {
      if (o.path().equals(e.path()) && o.line() <= e.line() && !narrowing.contains(place(o))
          && o.line() - 1 < lines.length && call.matcher(lines[o.line() - 1]).find()) {
        return true;
      }
    }
    return false;
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

  /**
   * Scores one change. An error line counts as found when a site covers any of its errors: tsc
   * puts several errors on one line ({@code export const sha512: CHash<_SHA512> = createHasher(}
   * has the assignment's error, which names no class, and the type argument's {@code Type
   * '_SHA512' does not satisfy the constraint ... Types of property 'destroy' are incompatible},
   * which an overriding declaration covers), so each line is judged by a covered error when it has
   * one.
   */
  static TsScore of(List<TscChecker.TsError> errors, List<Site> sites, String label, Classes classes,
      String member) {
    TsScore s = new TsScore();
    java.util.function.BiPredicate<Site, TscChecker.TsError> covers = (x, e) -> x.covers(e)
        || x.coversMember(e, member, classes) || x.coversBaseCascade(e, classes);
    List<TscChecker.TsError> coveredFirst = new ArrayList<>();
    errors.stream().filter(e -> sites.stream().anyMatch(x -> covers.test(x, e))).forEach(coveredFirst::add);
    errors.stream().filter(e -> !coveredFirst.contains(e)).forEach(coveredFirst::add);
    s.count(coveredFirst, e -> e.path() + ":" + e.line(), sites, x -> x.path() + ":" + x.fromLine(), covers,
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

    void print(SignatureTable table) {
      table.unfixed(outcomes.stream().filter(o -> !o.fixed()).toList(), Outcome::change, Outcome::before,
          Outcome::after, Outcome::refused);
    }
  }
}
