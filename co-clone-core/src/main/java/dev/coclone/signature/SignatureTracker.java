package dev.coclone.signature;

import dev.coclone.signature.internal.JavaSupport;
import dev.coclone.signature.internal.LanguageSupport;
import dev.coclone.signature.internal.ParsedFile;
import dev.coclone.signature.internal.ScriptSupport;
import dev.coclone.source.Languages;
import dev.coclone.source.SourceFile;
import dev.coclone.workspace.WorkspaceListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tracks the function signatures of a workspace and what depends on them.
 *
 * <p>For each file it keeps the <em>accepted</em> version (the last one that parsed and whose
 * signatures every other file was written against) and the <em>latest</em> version that parsed.
 * When a file's latest signatures differ from its accepted ones, the differences are pending:
 * {@link #pending()} reports each change with its dependent sites (found in the accepted versions,
 * where the old declaration still resolves) and suggested edits. A change stops being pending
 * once no site still needs an edit (they were applied) or it is {@linkplain #dismiss dismissed};
 * then the file's latest version is accepted. A version that does not parse is recorded as the
 * file's problem and never replaces an accepted one that parsed. JavaScript and TypeScript are read
 * around syntax errors (declarations whose head parsed, calls whose arguments did): such a reading
 * is accepted for a file that never parsed (its calls count as dependents), stands as the latest
 * version for comparing, and never reports a declaration of the broken part as deleted.
 *
 * <p>Thread-safe. Listens to a {@link dev.coclone.workspace.Workspace}.
 */
public final class SignatureTracker implements WorkspaceListener, AutoCloseable {
  private static final String WRAPPER = "CoCloneSnippet";
  private final List<LanguageSupport> supports;
  private final Map<String, State> files = new HashMap<>();
  private final Set<String> dismissed = new HashSet<>();
  /** Declarations that appeared in a file after it was first read, newest last (for moves). */
  private final LinkedHashMap<String, FunctionSignature> added = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, FunctionSignature> eldest) {
      return size() > 1000;
    }
  };

  /** Creates a tracker for Java, Python, JavaScript and TypeScript. */
  public SignatureTracker() {
    this.supports = List.of(new JavaSupport(), new ScriptSupport());
  }

  /** One file: the accepted and latest good parses, and the problem of the newest text if it did not parse. */
  private record State(ParsedFile accepted, ParsedFile latest, ParseProblem problem) {}

  /**
   * Reads many files (e.g. a workspace scan).
   *
   * @param all the files
   */
  public void index(Collection<SourceFile> all) {
    for (SourceFile f : all) {
      changed(f);
    }
  }

  /** True for files whose language it tracks. */
  public boolean tracks(String language) {
    return support(language) != null;
  }

  @Override
  public synchronized void changed(SourceFile f) {
    LanguageSupport s = support(f.language());
    if (s == null) {
      return;
    }
    ParsedFile p = s.parse(f);
    State old = files.get(f.path());
    boolean clean = old != null && old.accepted != null && old.accepted.problem() == null;
    if (p.problem() != null && (p.tree() == null || clean)) {
      // a version that did not parse never replaces one that did (JavaScript and TypeScript read
      // around the error: that reading stands in for a file that never parsed, and is compared
      // with the accepted version while it is the newest)
      files.put(f.path(), new State(old == null ? null : old.accepted,
          p.tree() != null && clean ? p : old == null ? null : old.latest, p.problem()));
      return;
    }
    if (old != null && old.accepted != null) {
      Set<String> known = new HashSet<>();
      old.accepted.signatures().forEach(x -> known.add(x.key()));
      for (FunctionSignature x : p.signatures()) {
        if (!known.contains(x.key())) {
          added.put(x.path() + "\n" + x.key(), x);
        }
      }
    }
    if (old == null || old.accepted == null || changes(old.accepted, p).isEmpty()) {
      s.accept(p);
      files.put(f.path(), new State(p, p, p.problem()));
    } else {
      files.put(f.path(), new State(old.accepted, p, p.problem()));
    }
  }

  @Override
  public synchronized void removed(String path) {
    State old = files.remove(path);
    if (old != null) {
      supports.forEach(s -> s.remove(path));
    }
  }

  /**
   * Every function, method and constructor of the latest good versions, by file (sorted by path).
   *
   * @return the signatures
   */
  public synchronized Map<String, List<FunctionSignature>> signatures() {
    Map<String, List<FunctionSignature>> out = new TreeMap<>();
    files.forEach((path, s) -> {
      if (s.latest != null) {
        out.put(path, s.latest.signatures());
      }
    });
    return out;
  }

  /**
   * Why the newest text of a file did not parse, if it did not.
   *
   * @param path the file
   * @return the problem, or empty
   */
  public synchronized Optional<ParseProblem> problem(String path) {
    State s = files.get(path);
    return s == null ? Optional.empty() : Optional.ofNullable(s.problem);
  }

  /**
   * Compares a new version of a file with its accepted version, without changing any state: the
   * changes, their dependents and edits. Edits in the file itself are made against the new
   * version's text; edits elsewhere against the files' accepted texts.
   *
   * @param newVersion the file's new text
   * @return the detection; with a problem if the text does not parse
   */
  public synchronized Detection detect(SourceFile newVersion) {
    LanguageSupport s = support(newVersion.language());
    if (s == null) {
      return unsupported(newVersion.path(), newVersion.language());
    }
    State st = files.get(newVersion.path());
    ParsedFile p = st == null || st.accepted == null ? s.parse(newVersion) : s.parseChanged(st.accepted, newVersion);
    if (p.problem() != null && p.tree() == null || st == null || st.accepted == null) {
      return new Detection(newVersion.path(), p.problem(), List.of());
    }
    List<ChangeReport> reports = new ArrayList<>();
    for (SignatureChange c : moves(changes(st.accepted, p))) {
      reports.add(report(s, c, newVersion));
    }
    return new Detection(newVersion.path(), p.problem(), reports);
  }

  /**
   * The changes from one version of a file to another. A version read around a syntax error
   * (JavaScript, TypeScript) may lack the declarations in the broken part: none is reported deleted.
   */
  private static List<SignatureChange> changes(ParsedFile before, ParsedFile after) {
    List<SignatureChange> all = SignatureDiff.compare(before.signatures(), after.signatures());
    return after.problem() == null ? all : all.stream().filter(c -> c.after() != null).toList();
  }

  /**
   * Compares a pasted function (or several) with the workspace's declarations of the same name:
   * the web form's "paste an updated function".
   *
   * @param language the snippet's language
   * @param code     one or more complete function or method declarations
   * @return the detection; with a problem if the snippet does not parse or names no known function
   */
  public synchronized Detection detectFunction(String language, String code) {
    String path = "(pasted " + language + ")";
    LanguageSupport s = support(language);
    if (s == null) {
      return unsupported(path, language);
    }
    ParsedFile p = s.parse(new SourceFile(path, language, code));
    if (p.problem() != null || p.signatures().isEmpty()) {
      ParsedFile wrapped = s.parse(new SourceFile(path, language, "class " + WRAPPER + " {\n" + code + "\n}\n"));
      if (wrapped.problem() == null && !wrapped.signatures().isEmpty()) {
        p = wrapped;
      }
    }
    if (p.problem() != null) {
      return new Detection(path, p.problem(), List.of());
    }
    if (p.signatures().isEmpty()) {
      return new Detection(path, new ParseProblem(path, 1, 1, "no function or method declaration found; paste a "
          + "whole declaration, e.g. def name(args): ... or int name(int a) { ... }"), List.of());
    }
    List<ChangeReport> reports = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (FunctionSignature pasted : p.signatures()) {
      List<FunctionSignature> best = new ArrayList<>();
      int bestScore = Integer.MIN_VALUE;
      for (State st : files.values()) {
        if (st.accepted == null || !st.accepted.file().language().equals(language)) {
          continue;
        }
        for (FunctionSignature f : st.accepted.signatures()) {
          // A bare constructor pasted on its own is read inside a wrapper class and named after
          // it: any constructor of the language may be the one it changes.
          boolean anyConstructor = pasted.kind() == FunctionSignature.Kind.CONSTRUCTOR
              && pasted.name().equals(WRAPPER);
          if ((f.name().equals(pasted.name()) || anyConstructor) && f.kind() == pasted.kind()) {
            int score = -Math.abs(f.parameters().size() - pasted.parameters().size()) * 10
                + (int) f.parameters().stream().filter(pasted.parameters()::contains).count();
            if (score > bestScore) {
              best.clear();
              bestScore = score;
            }
            if (score == bestScore) {
              best.add(f);
            }
          }
        }
      }
      if (best.isEmpty()) {
        unknown.add(pasted.name());
        continue;
      }
      // Several equally good matches (a method and its overrides): the one with the most
      // dependents is the declaration the others follow.
      ChangeReport chosen = null;
      for (FunctionSignature b : best) {
        FunctionSignature rehomed = new FunctionSignature(b.language(), b.path(), b.container(),
            pasted.name().equals(WRAPPER) ? b.name() : pasted.name(),
            pasted.kind(), pasted.parameters(), pasted.returnType(), pasted.modifiers(), b.line(), b.column(),
            b.endLine(), pasted.text());
        SignatureChange c = SignatureDiff.between(b, rehomed);
        if (c != null) {
          ChangeReport r = report(s, c, null);
          if (chosen == null || r.dependents().size() > chosen.dependents().size()) {
            chosen = r;
          }
        }
      }
      if (chosen != null) {
        reports.add(chosen);
      }
    }
    if (reports.isEmpty() && !unknown.isEmpty()) {
      return new Detection(path, new ParseProblem(path, 1, 1, "no " + language + " function named "
          + String.join(", ", unknown) + " in the workspace" + unparsed(language)), List.of());
    }
    return new Detection(path, null, reports);
  }

  /**
   * What to do when a pasted function is not known: a file of the language that does not parse may
   * hold it, so the first such file and its error are named.
   */
  private String unparsed(String language) {
    return files.values().stream()
        .filter(st -> st.problem() != null && language.equals(st.latest() != null
            ? st.latest().file().language() : Languages.fromPath(st.problem().path())))
        .map(State::problem)
        .min(Comparator.comparing(ParseProblem::path))
        .map(pp -> "; " + pp.path() + " has a syntax error at line " + pp.line() + " (" + pp.message()
            + "), so its functions are not known: fix it and scan again")
        .orElse("; scan the codebase to see the known ones");
  }

  /**
   * The changes waiting for their dependents to be updated, oldest file first. Computing them may
   * accept files whose changes no longer need anything.
   *
   * @return the reports
   */
  public synchronized List<ChangeReport> pending() {
    List<ChangeReport> out = new ArrayList<>();
    List<String> paths = new ArrayList<>(files.keySet());
    paths.sort(Comparator.naturalOrder());
    for (String path : paths) {
      State st = files.get(path);
      if (st.accepted == null || st.latest == null || st.accepted == st.latest) {
        continue;
      }
      LanguageSupport s = support(st.latest.file().language());
      List<ChangeReport> reports = new ArrayList<>();
      for (SignatureChange c : moves(changes(st.accepted, st.latest))) {
        ChangeReport r = report(s, c, st.latest.file());
        if (!dismissed.contains(r.id()) && r.dependents().stream().anyMatch(d -> d.breaks() || d.edit() != null)) {
          reports.add(r);
        }
      }
      if (reports.isEmpty() && st.latest.problem() != null && st.accepted.problem() == null) {
        continue; // a version read around a syntax error does not replace one that parsed
      }
      if (reports.isEmpty()) {
        s.accept(st.latest);
        files.put(path, new State(st.latest, st.latest, st.problem));
      } else {
        out.addAll(reports);
      }
    }
    return out;
  }

  /**
   * Dismisses a pending change: its dependents are left as they are.
   *
   * @param reportId the report's id
   * @return true if such a report was pending
   */
  public synchronized boolean dismiss(String reportId) {
    boolean known = pending().stream().anyMatch(r -> r.id().equals(reportId));
    if (known) {
      dismissed.add(reportId);
      pending();
    }
    return known;
  }

  /**
   * A declaration deleted from one file that now exists, with the same name and parameters, in
   * another file or type (and did not exist there before) was moved, not deleted.
   */
  private List<SignatureChange> moves(List<SignatureChange> changes) {
    List<SignatureChange> out = new ArrayList<>();
    for (SignatureChange c : changes) {
      SignatureChange moved = null;
      if (c.is(ChangeKind.DELETED)) {
        String params = c.before().key().substring(c.before().key().indexOf('('));
        for (FunctionSignature f : added.values()) {
          State st = files.get(f.path());
          boolean stillThere = st != null && st.latest != null && st.latest.signatures().contains(f);
          if (stillThere && !f.path().equals(c.before().path()) && f.name().equals(c.before().name())
              && f.key().endsWith(params) && f.kind() == c.before().kind()
              && f.language().equals(c.before().language())) {
            moved = SignatureDiff.between(c.before(), f);
          }
        }
      }
      out.add(moved != null ? moved : c);
    }
    return out;
  }

  private ChangeReport report(LanguageSupport s, SignatureChange c, SourceFile declaringNow) {
    long t0 = System.nanoTime();
    List<Dependent> found = new ArrayList<>(s.dependents(c));
    found.sort(Comparator.comparing(Dependent::path).thenComparingInt(Dependent::line)
        .thenComparingInt(Dependent::column));
    // Sites in the declaring file were found in its accepted text; the caller edits its newer text.
    if (declaringNow != null && !declaringNow.text().equals(acceptedText(c.before().path()))) {
      String old = acceptedText(c.before().path());
      int[] map = FileEdits.lineMap(old, declaringNow.text());
      List<Dependent> moved = new ArrayList<>();
      String flat = declaringNow.text().replaceAll("\\s+", " ");
      for (Dependent d : found) {
        Dependent m = d.path().equals(declaringNow.path()) ? relocate(d, map, declaringNow.text(), flat) : d;
        if (m != null) {
          moved.add(d.path().equals(declaringNow.path()) ? s.atNewDeclaration(m, c, declaringNow.text()) : m);
        }
      }
      found = moved;
    }
    Map<String, List<TextEdit>> byFile = new LinkedHashMap<>();
    for (Dependent d : found) {
      if (d.edit() != null) {
        byFile.computeIfAbsent(d.path(), k -> new ArrayList<>()).add(d.edit());
      }
    }
    List<FileEdit> fileEdits = new ArrayList<>();
    Set<TextEdit> dropped = new HashSet<>();
    for (Map.Entry<String, List<TextEdit>> e : byFile.entrySet()) {
      String text = declaringNow != null && e.getKey().equals(declaringNow.path()) ? declaringNow.text()
          : acceptedText(e.getKey());
      dropped.addAll(FileEdits.overlapping(e.getValue()));
      fileEdits.add(FileEdits.of(e.getKey(), text, e.getValue()));
    }
    if (!dropped.isEmpty()) {
      List<Dependent> kept = new ArrayList<>();
      for (Dependent d : found) {
        kept.add(dropped.contains(d.edit()) ? new Dependent(d.path(), d.line(), d.column(), d.text(), d.kind(),
            d.reason() + "; its edit overlaps another one here, apply that first and detect again", d.confidence(),
            d.breaks(), null) : d);
      }
      found = kept;
    }
    String id = FileEdits.sha256(c.before().path() + "\n" + c.before().key() + "\n"
        + (c.after() == null ? "" : c.after().text())).substring(0, 12);
    return new ChangeReport(id, c, found, fileEdits, (System.nanoTime() - t0) / 1e6);
  }

  private static Dependent relocate(Dependent d, int[] lineMap, String text, String flat) {
    TextEdit e = d.edit();
    TextEdit moved = null;
    if (e != null && e.startLine() - 1 < lineMap.length && e.endLine() - 1 < lineMap.length
        && lineMap[e.startLine() - 1] >= 0 && lineMap[e.endLine() - 1] >= 0) {
      int start = TextEdit.offset(text, lineMap[e.startLine() - 1] + 1, e.startColumn());
      int end = TextEdit.offset(text, lineMap[e.endLine() - 1] + 1, e.endColumn());
      if (start >= 0 && end >= start && end <= text.length() && text.substring(start, end).equals(e.oldText())) {
        moved = TextEdit.of(text, start, end, e.newText());
      }
    }
    int line = d.line() - 1 < lineMap.length ? lineMap[d.line() - 1] : -1;
    if (line < 0) {
      if (d.kind() != DependentKind.OVERRIDE && d.kind() != DependentKind.OVERRIDDEN
          && !flat.contains(d.text())) {
        return null; // the site was edited in the new version (most likely updated already)
      }
      // The declaration's own line changed (the changed method itself); an edit on lines around
      // it (a delegate replacing its @Override) still applies.
      return new Dependent(d.path(), d.line(), d.column(), d.text(), d.kind(), d.reason()
          + (e != null && moved == null ? "; this line changed since, so no edit is suggested" : ""), d.confidence(),
          d.breaks(), moved);
    }
    return new Dependent(d.path(), line + 1, d.column(), d.text(), d.kind(), d.reason(), d.confidence(), d.breaks(),
        moved);
  }

  private String acceptedText(String path) {
    State st = files.get(path);
    return st == null || st.accepted == null ? "" : st.accepted.file().text();
  }

  /**
   * Lets go of every file and of the Java symbol solver's caches (which JavaParser would otherwise
   * keep for the life of the JVM). The tracker must not be used afterwards.
   */
  @Override
  public synchronized void close() {
    files.clear();
    added.clear();
    supports.forEach(LanguageSupport::close);
  }

  private static Detection unsupported(String path, String language) {
    return new Detection(path, new ParseProblem(path, 1, 1, "signature tracking reads Java, Python, JavaScript "
        + "and TypeScript; " + language + " is not one of them"), List.of());
  }

  private LanguageSupport support(String language) {
    for (LanguageSupport s : supports) {
      if (s.handles(language)) {
        return s;
      }
    }
    return null;
  }
}
