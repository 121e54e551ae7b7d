package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.demo.cli.VersionProvider;
import dev.coclone.signature.ChangeReport;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.Detection;
import dev.coclone.signature.FileEdit;
import dev.coclone.signature.FileEdits;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.signature.StaleEditException;
import dev.coclone.source.SourceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench signatures-ts}: the TypeScript/JavaScript counterpart of {@code bench signatures},
 * with TypeScript's checker as ground truth. For seeded random exported functions and methods of a
 * real corpus (an npm package's sources at a pinned version), it changes the parameter list (see
 * {@link TsMutation}), asks the tracker for the dependents, and compares the lines where tsc reports
 * new errors with the sites found (recall, precision); then it applies every suggested edit and
 * checks again (fix rate: changes left with no new error).
 */
@Command(name = "signatures-ts", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, description = {"Changes the parameter lists of seeded random functions and methods of a "
        + "TypeScript or JavaScript corpus and scores the tracker's dependents and edits against tsc: recall, "
        + "precision, fix rate."})
final class SignatureTsBench implements Callable<Integer> {
  private static final Pattern CALLED = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*)\\s*(?:<[^;(){}]*>)?\\(");
  /** tsc's "Expected N arguments" family: a recursive call in the changed function's own body is a call site. */
  private static final Set<Integer> ARITY_CODES = Set.of(2554, 2555, 2556);
  private static final int LISTED = 25;

  @Option(names = "--corpus", paramLabel = "NAME", required = true,
      description = "query-core, mobx, rxjs, zod, noble-curves, noble-hashes, trpc, chevrotain, msgpack, printer, typeclass, immer, form-core, table-core (TypeScript) or yjs (JavaScript, checkJs)")
  String corpusName;

  @Option(names = "--work", paramLabel = "DIR", required = true,
      description = "the bench's own folder: npm installs the pinned TypeScript and corpora there")
  Path work;

  @Option(names = "--changes", paramLabel = "N", defaultValue = "40",
      description = "declarations changed, one at a time (default: ${DEFAULT-VALUE})")
  int changes;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "seed of the order and kinds of changes (default: ${DEFAULT-VALUE})")
  long seed;

  @Mixin
  JsonOutput jsonOutput;

  @Override
  public Integer call() throws Exception {
    TsCorpus corpus = TsCorpus.ALL.get(corpusName);
    if (corpus == null) {
      System.err.println("co-clone: unknown corpus '" + corpusName + "'; use one of " + new TreeSet<>(TsCorpus.ALL.keySet()));
      return 2;
    }
    Path dir = work.toAbsolutePath();
    TsCorpus.install(dir);
    Path root = corpus.copy(dir);
    Map<String, String> texts = corpus.load(root);
    long lines = texts.values().stream().mapToLong(t -> t.lines().count()).sum();
    System.err.printf("signatures-ts: %s %s, %d files, %,d lines; indexing%n", corpus.pkg(), corpus.version(),
        texts.size(), lines);
    SignatureTracker tracker = new SignatureTracker();
    long t0 = System.nanoTime();
    texts.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    double indexSeconds = (System.nanoTime() - t0) / 1e9;
    long[] cli = TscChecker.tscCli(dir, root);
    try (TscChecker tsc = new TscChecker(dir, root)) {
      long c0 = System.nanoTime();
      List<TscChecker.TsError> baseline = tsc.check(Map.of());
      double checkSeconds = (System.nanoTime() - c0) / 1e9;
      System.err.printf("signatures-ts: indexed in %.1f s; tsc --noEmit: %d errors (%.1f s), checker: %d%n",
          indexSeconds, cli[0], cli[1] / 1e3, baseline.size());
      baseline.forEach(e -> System.err.println("  baseline: " + e));

      TsScore.Classes classes = TsScore.Classes.of(texts.values());
      List<FunctionSignature> order = eligible(tracker.signatures(), texts);
      int eligible = order.size();
      Random random = new Random(seed);
      Collections.shuffle(order, random);
      TsScore calls = new TsScore();
      TsScore.Fixes fixes = new TsScore.Fixes();
      Map<String, Integer> byKind = new LinkedHashMap<>();
      List<String> noReport = new ArrayList<>();
      Stats detectTime = new Stats();
      Map<String, String> dirty = new HashMap<>();
      int done = 0;
      int setApart = 0;
      int narrowingApart = 0;
      int foldedAll = 0;
      for (FunctionSignature f : order) {
        if (done >= changes) {
          break;
        }
        String kind = TsMutation.KINDS.get(random.nextInt(TsMutation.KINDS.size()));
        TsMutation m = TsMutation.make(texts.get(f.path()), f, kind, random, corpus.javascript());
        if (m == null) {
          continue;
        }
        done++;
        byKind.merge(m.kind(), 1, Integer::sum);
        String label = f.path() + ":" + f.line() + " " + f.qualifiedName() + " [" + m.kind() + " " + m.parameter() + "]";
        long d0 = System.nanoTime();
        Detection d = tracker.detect(SourceFile.of(f.path(), m.text()));
        detectTime.add(System.nanoTime() - d0);
        ChangeReport report = d.reports().stream().filter(r -> r.change().before().path().equals(f.path())
            && r.change().before().line() == f.line()).findFirst().orElse(null);
        if (report == null) {
          noReport.add(label);
        }
        // a type guard: the errors tsc reports once its narrowing is gone (its predicate made boolean,
        // nothing else changed) are the narrowing's, set apart or folded into the guard's calls below
        Set<String> narrowing = new HashSet<>();
        String control = TsScore.withoutNarrowing(texts.get(f.path()), f);
        if (control != null) {
          Map<String, String> c = new HashMap<>(dirty);
          c.put(f.path(), control);
          TsScore.minus(tsc.check(c), baseline, f.path()).forEach(e -> narrowing.add(TsScore.place(e)));
        }
        Map<String, String> request = new HashMap<>(dirty);
        dirty.clear();
        request.put(f.path(), m.text());
        dirty.put(f.path(), null);
        List<TscChecker.TsError> raw = tsc.check(request);
        List<TscChecker.TsError> fresh = TsScore.minus(raw, baseline, f.path());
        Map<String, String> changed = new HashMap<>(texts);
        changed.put(f.path(), m.text());
        List<TscChecker.TsError> truth = new ArrayList<>();
        int own = 0;
        int unguarded = 0;
        int folded = 0;
        for (TscChecker.TsError e : fresh) {
          boolean inside = e.path().equals(f.path()) && e.line() >= f.line() && e.line() <= f.endLine();
          boolean lostNarrowing = narrowing.contains(TsScore.place(e));
          if ("remove".equals(m.kind()) && inside && !ARITY_CODES.contains(e.code())) {
            own++;
          } else if ("remove".equals(m.kind()) && lostNarrowing) {
            unguarded++;
          } else if (lostNarrowing && TsScore.afterBrokenCall(e, fresh, narrowing, changed, f.name())) {
            folded++;
          } else {
            truth.add(e);
          }
        }
        List<TsScore.Site> found = new ArrayList<>();
        if (report != null) {
          for (Dependent x : report.dependents()) {
            if (x.breaks()) {
              found.add(TsScore.Site.of(x, changed.get(x.path()), owner(tracker, x)));
            }
          }
        }
        TsScore s = TsScore.of(truth, found, label, classes, f.name());
        calls.add(s);
        // the fix: every suggested edit, applied as the service does, then tsc again
        Map<String, String> edited = new HashMap<>();
        List<String> refused = new ArrayList<>();
        int applied = 0;
        if (report != null) {
          for (FileEdit fe : report.fileEdits()) {
            try {
              edited.put(fe.path(), FileEdits.apply(changed.get(fe.path()), fe));
              applied += fe.edits().size();
            } catch (StaleEditException | IllegalArgumentException | NullPointerException e) {
              refused.add(fe.path() + ": " + e.getMessage());
            }
          }
        }
        List<TscChecker.TsError> after = truth.isEmpty() && applied == 0 ? List.of() : TsScore.minus(tsc.check(edited),
            baseline, f.path());
        edited.keySet().forEach(p -> dirty.put(p, null));
        Set<String> ownLines = new TreeSet<>();
        raw.stream().filter(e -> "remove".equals(m.kind()) && e.path().equals(f.path()) && e.line() >= f.line()
            && e.line() <= f.endLine() && !ARITY_CODES.contains(e.code())).forEach(e -> ownLines.add(e.code() + " "
            + e.message()));
        after = after.stream().filter(e -> !(e.path().equals(f.path()) && ownLines.contains(e.code() + " "
            + e.message())) && !("remove".equals(m.kind()) && narrowing.contains(TsScore.place(e)))).toList();
        fixes.add(label, truth.size(), applied, refused, after);
        System.err.printf("[%d/%d] %s: tsc %d lines (+%d own%s%s), found %d, missed %d, extra %d; errors %d -> %d%n",
            done, changes, label, s.truth, own, unguarded > 0 ? ", +" + unguarded + " narrowing lost" : "",
            folded > 0 ? ", " + folded + " folded into calls" : "", s.foundSites, s.falseNegatives.size(),
            s.falsePositives.size(), truth.size(), after.size());
        setApart += own;
        narrowingApart += unguarded;
        foldedAll += folded;
      }
      if (!dirty.isEmpty()) {
        tsc.check(dirty);
      }
      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("corpus", corpus.pkg() + "@" + corpus.version());
      json.put("typescript", TsCorpus.TYPESCRIPT);
      json.put("tsconfig", corpus.note());
      json.put("files", texts.size());
      json.put("lines", lines);
      json.put("index_seconds", indexSeconds);
      json.put("tsc_cli_errors_before", cli[0]);
      json.put("tsc_cli_seconds", cli[1] / 1e3);
      json.put("checker_errors_before", baseline.size());
      json.put("checker_first_check_seconds", checkSeconds);
      json.put("eligible", eligible);
      json.put("changes", done);
      ObjectNode kinds = json.putObject("changes_by_kind");
      byKind.forEach(kinds::put);
      json.put("changes_without_report", noReport.size());
      calls.write(json);
      json.put("own_errors_set_apart", setApart);
      json.put("lost_narrowing_errors_set_apart", narrowingApart);
      json.put("narrowing_errors_folded_into_calls", foldedAll);
      fixes.write(json);
      json.put("detect_p50_ms", detectTime.percentile(50) / 1e6);
      json.put("detect_p99_ms", detectTime.percentile(99) / 1e6);
      json.put("seed", seed);
      ArrayNode unreported = json.putArray("changes_without_report_list");
      noReport.forEach(unreported::add);
      SignatureTable table = new SignatureTable(System.out, "tsc", LISTED);
      table.metrics(json);
      table.sites("", calls);
      fixes.print(table);
      if (!noReport.isEmpty()) {
        table.list("changes the tracker did not report", noReport);
      }
      jsonOutput.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
      return 0;
    }
  }

  /**
   * The class an overriding declaration (or a changed method reported at its own declaration) is
   * declared in, or "" for any other site.
   */
  private static String owner(SignatureTracker tracker, Dependent d) {
    if (d.kind() != DependentKind.OVERRIDE && d.kind() != DependentKind.OVERRIDDEN) {
      return "";
    }
    for (FunctionSignature s : tracker.signatures().getOrDefault(d.path(), List.of())) {
      if (s.line() == d.line() && s.kind() == FunctionSignature.Kind.METHOD) {
        String c = s.container();
        return c.substring(c.lastIndexOf('.') + 1);
      }
    }
    return "";
  }

  /**
   * The declarations a change is tried on, in file and position order: exported functions (and
   * arrow functions bound to exported constants; a namespace's exported ones too) and methods of classes, not constructors, whose
   * name is written as a call ({@code name(}) more often than it is declared.
   */
  static List<FunctionSignature> eligible(Map<String, List<FunctionSignature>> byFile, Map<String, String> texts) {
    CalledNames names = new CalledNames(CALLED, texts.values(), byFile);
    List<FunctionSignature> out = new ArrayList<>();
    for (List<FunctionSignature> sigs : byFile.values()) {
      for (FunctionSignature f : sigs) {
        // a nested function cannot be exported: an exported function with a container is a namespace's
        boolean exported = f.kind() == FunctionSignature.Kind.FUNCTION && f.has("export");
        boolean method = f.kind() == FunctionSignature.Kind.METHOD && !f.has("get") && !f.has("set");
        if ((exported || method) && texts.containsKey(f.path())
            && names.calledMoreThanDeclared(f.name())) {
          out.add(f);
        }
      }
    }
    return out;
  }
}
