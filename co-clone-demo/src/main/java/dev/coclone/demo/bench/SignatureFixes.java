package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.signature.ChangeReport;
import dev.coclone.signature.FileEdit;
import dev.coclone.signature.FileEdits;
import dev.coclone.signature.StaleEditException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The end-to-end figure of {@code bench signatures}: applies every edit the tracker suggested for a
 * change ({@link ChangeReport#fileEdits()}, through {@link FileEdits#apply} as the service does),
 * compiles the corpus again and counts the changes left with no error. A placeholder argument
 * ({@code /* TODO: x *&#47; 0}) compiles, so it counts as a fix.
 */
final class SignatureFixes {
  private final SignatureJavac javac;
  private final List<Outcome> outcomes = new ArrayList<>();

  SignatureFixes(SignatureJavac javac) {
    this.javac = javac;
  }

  /**
   * One change: javac's errors before the edits, the edits applied, and javac's errors after.
   *
   * @param change       the changed method, for people
   * @param errorsBefore javac's error count with only the declaration changed
   * @param edits        text edits applied
   * @param refused      file edits that could not be applied (stale), with the reason
   * @param remaining    javac's errors after applying the edits
   */
  record Outcome(String change, int errorsBefore, int edits, List<String> refused, List<JavacError> remaining) {
    boolean fixed() {
      return remaining.isEmpty() && refused.isEmpty();
    }
  }

  /**
   * Applies a change's edits to the corpus (with the changed declaration in place) and compiles it.
   *
   * @param label        the changed method, for people
   * @param changed      every file's text, the changed file's new version included
   * @param report       the tracker's report for the change, or null when it reported none
   * @param errorsBefore javac's errors on {@code changed}
   * @param scope        the files javac compiled for {@code errorsBefore}; the edited files are added
   * @return the outcome, also kept for {@link #write}
   */
  Outcome check(String label, Map<String, String> changed, ChangeReport report, List<JavacError> errorsBefore,
      Set<String> scope) {
    Map<String, String> fixed = new HashMap<>(changed);
    List<String> refused = new ArrayList<>();
    Set<String> files = new TreeSet<>(scope);
    int applied = 0;
    if (report != null) {
      for (FileEdit fe : report.fileEdits()) {
        String current = fixed.get(fe.path());
        if (current == null) {
          refused.add(fe.path() + ": no such file in the corpus");
          continue;
        }
        try {
          fixed.put(fe.path(), FileEdits.apply(current, fe));
          files.add(fe.path());
          applied += fe.edits().size();
        } catch (StaleEditException | IllegalArgumentException e) {
          refused.add(e.getMessage());
        }
      }
    }
    List<JavacError> remaining = errorsBefore.isEmpty() && applied == 0 ? List.of() : javac.compile(fixed, files);
    Outcome o = new Outcome(label, errorsBefore.size(), applied, refused, remaining);
    outcomes.add(o);
    return o;
  }

  /** Changes left with no error after their edits, over all changes. */
  double rate() {
    return outcomes.isEmpty() ? 1.0 : (double) outcomes.stream().filter(Outcome::fixed).count() / outcomes.size();
  }

  /** Changes javac rejected before the edits and accepts after, over changes javac rejected before. */
  double rateOfBroken() {
    long broken = outcomes.stream().filter(o -> o.errorsBefore() > 0).count();
    long fixed = outcomes.stream().filter(o -> o.errorsBefore() > 0 && o.fixed()).count();
    return broken == 0 ? 1.0 : (double) fixed / broken;
  }

  List<Outcome> unfixed() {
    return outcomes.stream().filter(o -> !o.fixed()).toList();
  }

  /** The figures and one entry per change into the bench's JSON. */
  void write(ObjectNode json) {
    json.put("fix_rate", rate());
    json.put("fix_rate_of_broken_changes", rateOfBroken());
    json.put("changes_broken_before_edits", outcomes.stream().filter(o -> o.errorsBefore() > 0).count());
    json.put("changes_with_errors_after_edits", unfixed().size());
    json.put("errors_before_edits", outcomes.stream().mapToInt(Outcome::errorsBefore).sum());
    json.put("errors_after_edits", outcomes.stream().mapToInt(o -> o.remaining().size()).sum());
    ArrayNode list = json.putArray("fixes");
    for (Outcome o : outcomes) {
      ObjectNode n = list.addObject();
      n.put("change", o.change());
      n.put("errors_before", o.errorsBefore());
      n.put("edits", o.edits());
      n.put("errors_after", o.remaining().size());
      ArrayNode r = n.putArray("remaining");
      o.remaining().forEach(e -> r.add(e.toString()));
      ArrayNode s = n.putArray("refused_edits");
      o.refused().forEach(s::add);
    }
  }
}
