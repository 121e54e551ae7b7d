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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench signatures python}: the tracker's Python dependents against pyright. Indexes every
 * {@code .py} file of a corpus, then, for seeded random public functions and methods, changes the
 * parameter list ({@link PythonParameterChange}: add a required parameter, remove an unused one,
 * swap two typed ones, rename one), asks the tracker, and runs pyright on the corpus with that file
 * changed. Pyright's errors that were not there before the change are the truth: recall and
 * precision of the breaking call sites found, by (file, line). Then every suggested edit is
 * applied and pyright runs again: the fix rate is the share of changes left with no new error.
 */
@Command(name = "python", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, description = {"Changes the parameter lists of seeded random public functions and "
        + "methods of a Python corpus and compares the call sites the tracker says break with pyright's new errors; "
        + "applies the edits and runs pyright again (fix rate)."})
final class PythonSignatureBench implements Callable<Integer> {
  private static final Set<DependentKind> CALL_KINDS = EnumSet.of(DependentKind.CALL, DependentKind.SUPER_CALL,
      DependentKind.CONSTRUCTOR_CALL);
  private static final Pattern CALLED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\(");
  private static final int LISTED = 30;

  @Option(names = "--corpus", paramLabel = "DIR", required = true,
      description = "a folder of Python packages (the folder pyright's imports start from)")
  Path corpus;

  @Option(names = "--pyright", paramLabel = "FILE", defaultValue = "node_modules/.bin/pyright",
      description = "the pyright launcher (default: ${DEFAULT-VALUE})")
  Path pyright;

  @Option(names = "--changes", paramLabel = "N", defaultValue = "30",
      description = "functions changed, one at a time (default: ${DEFAULT-VALUE})")
  int changes;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "seed of the order the functions are picked in and of the change made (default: ${DEFAULT-VALUE})")
  long seed;

  @Mixin
  JsonOutput jsonOutput;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(corpus)) {
      throw new IllegalArgumentException("--corpus " + corpus + " is not a folder");
    }
    if (!Files.isExecutable(pyright)) {
      System.err.println("co-clone: no pyright at " + pyright + "; install it with `npm install pyright@1.1.414`"
          + " in the bench's folder, or pass --pyright");
      return 2;
    }
    Map<String, String> texts = load(corpus);
    if (texts.isEmpty()) {
      System.err.println("co-clone: no .py files under " + corpus);
      return 2;
    }
    Path scratch = Files.createTempDirectory("coclone-pybench").toRealPath();
    try {
      return run(texts, scratch);
    } finally {
      ScratchFolders.delete(scratch);
    }
  }

  /** One change: the function, the change, the tracker's report, and the corpus before and after its edits. */
  private record Trial(FunctionSignature f, PythonParameterChange change, ChangeReport report, Set<String> scope,
      Map<String, String> edited, Set<String> editedScope, int applied, List<String> refused) {}

  private int run(Map<String, String> texts, Path scratch) throws Exception {
    long lines = texts.values().stream().mapToLong(t -> t.lines().count()).sum();
    SignatureTracker tracker = new SignatureTracker();
    long t0 = System.nanoTime();
    texts.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    double indexSeconds = (System.nanoTime() - t0) / 1e9;

    List<FunctionSignature> order = eligible(tracker.signatures(), texts);
    int eligible = order.size();
    Collections.shuffle(order, new Random(seed));
    Random kinds = new Random(seed);
    Stats detectTime = new Stats();
    List<Trial> trials = new ArrayList<>();
    for (FunctionSignature f : order) {
      if (trials.size() >= changes) {
        break;
      }
      PythonParameterChange change = PythonParameterChange.pick(texts.get(f.path()), f, kinds);
      if (change == null) {
        continue;
      }
      long d0 = System.nanoTime();
      Detection d = tracker.detect(SourceFile.of(f.path(), change.text()));
      detectTime.add(System.nanoTime() - d0);
      ChangeReport report = d.reports().stream().filter(r -> r.change().before().line() == f.line()
          && r.change().before().path().equals(f.path())).findFirst().orElse(null);
      Map<String, String> edited = new HashMap<>(texts);
      edited.put(f.path(), change.text());
      List<String> refused = new ArrayList<>();
      Set<String> scope = scope(texts, f);
      Set<String> editedScope = new TreeSet<>(scope);
      int applied = 0;
      if (report != null) {
        for (FileEdit fe : report.fileEdits()) {
          try {
            edited.put(fe.path(), FileEdits.apply(edited.get(fe.path()), fe));
            editedScope.add(fe.path());
            applied += fe.edits().size();
          } catch (StaleEditException | IllegalArgumentException | NullPointerException e) {
            refused.add(fe.path() + ": " + e.getMessage());
          }
        }
      }
      trials.add(new Trial(f, change, report, scope, edited, editedScope, applied, refused));
    }

    // One pyright run for everything: the corpus as it is ("base"), and per change the corpus with
    // the change ("b<i>") and with the change and its edits ("a<i>"), each its own execution
    // environment (its imports resolve inside it), so that pyright's start-up is paid once.
    List<String> roots = new ArrayList<>(List.of("base"));
    List<String> files = new ArrayList<>();
    write(scratch.resolve("base"), texts);
    texts.keySet().forEach(p -> files.add("base/" + p));
    for (int i = 0; i < trials.size(); i++) {
      Trial t = trials.get(i);
      Map<String, String> before = new HashMap<>(texts);
      before.put(t.f().path(), t.change().text());
      write(scratch.resolve("b" + i), before);
      write(scratch.resolve("a" + i), t.edited());
      roots.add("b" + i);
      roots.add("a" + i);
      int k = i;
      t.scope().forEach(p -> files.add("b" + k + "/" + p));
      t.editedScope().forEach(p -> files.add("a" + k + "/" + p));
    }
    Files.writeString(scratch.resolve("pyrightconfig.json"), "{\"pythonVersion\": \"3.11\", \"executionEnvironments\": ["
        + String.join(", ", roots.stream().map(r -> "{\"root\": \"" + r + "\"}").toList()) + "]}\n");
    Pyright checker = new Pyright(pyright.toAbsolutePath(), scratch);
    String version = checker.version();
    long p0 = System.nanoTime();
    Map<String, List<Pyright.Error>> byRoot = new HashMap<>();
    for (Pyright.Error e : checker.check(files)) {
      int slash = e.path().indexOf('/');
      byRoot.computeIfAbsent(e.path().substring(0, slash), k -> new ArrayList<>()).add(new Pyright.Error(
          e.path().substring(slash + 1), e.line(), e.column(), e.rule(), e.message()));
    }
    double pyrightSeconds = (System.nanoTime() - p0) / 1e9;
    List<Pyright.Error> baseline = byRoot.getOrDefault("base", List.of());
    System.err.printf("signatures python: %,d files, %,d lines, indexed in %.1f s; %d changes; %s: %d errors before"
        + " any change; one run for all (%.1f s)%n", texts.size(), lines, indexSeconds, trials.size(), version,
        baseline.size(), pyrightSeconds);
    Map<String, Integer> known = new HashMap<>();
    baseline.forEach(e -> known.merge(e.key(), 1, Integer::sum));

    PythonScore calls = new PythonScore();
    PythonScore overrides = new PythonScore();
    List<ObjectNode> perChange = new ArrayList<>();
    List<Unfixed> unfixed = new ArrayList<>();
    Map<PythonParameterChange.Kind, int[]> byKind = new TreeMap<>();
    int fixed = 0;
    int broken = 0;
    int brokenFixed = 0;
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < trials.size(); i++) {
      Trial t = trials.get(i);
      FunctionSignature f = t.f();
      List<Pyright.Error> after = fresh(byRoot.getOrDefault("b" + i, List.of()), known);
      List<Pyright.Error> callTruth = new ArrayList<>();
      List<Pyright.Error> overrideTruth = new ArrayList<>();
      for (Pyright.Error e : after) {
        (e.overrideError() ? overrideTruth : callTruth).add(e);
      }
      List<PythonScore.Site> found = new ArrayList<>();
      List<PythonScore.Site> foundOverrides = new ArrayList<>();
      if (t.report() != null) {
        for (Dependent x : t.report().dependents()) {
          if (!x.breaks()) {
            continue;
          }
          String what = x.kind() + " " + x.text() + " — " + x.reason() + " (confidence " + x.confidence() + ")";
          if (CALL_KINDS.contains(x.kind())) {
            found.add(PythonScore.callSite(texts.get(x.path()), x, what));
          } else if (x.kind() == DependentKind.OVERRIDE && x.path().equals(f.path())
              && overloadSignature(texts.get(x.path()), x.line())) {
            // pyright reports the overloads an implementation no longer fits at the implementation.
            found.add(new PythonScore.Site(f.path(), f.line(), f.line(), what));
          } else if (x.kind() == DependentKind.OVERRIDE && x.path().equals(f.path())
              && declares(texts.get(x.path()), x.line(), f.name())
              && enclosingClass(texts.get(x.path()), x.line()).equals(f.container())) {
            // the function declared again in its scope: pyright reports the earlier one as obscured.
            found.add(new PythonScore.Site(f.path(), Math.min(x.line(), f.line()), Math.min(x.line(), f.line()), what));
          } else if (x.kind() == DependentKind.OVERRIDE) {
            foundOverrides.add(new PythonScore.Site(x.path(), x.line(), x.line(), what));
          } else if (x.kind() == DependentKind.OVERRIDDEN) {
            // pyright reports an override that no longer fits its base at the override: the changed method.
            foundOverrides.add(new PythonScore.Site(f.path(), f.line(), f.line(), what));
          }
        }
      }
      String label = f.path() + ":" + f.line() + " " + f.qualifiedName() + " (" + t.change().description() + ")";
      PythonScore.Result s = calls.add(callTruth, found, label);
      PythonScore.Result o = overrides.add(overrideTruth, foundOverrides, label);
      int[] k = byKind.computeIfAbsent(t.change().kind(), x -> new int[3]);
      k[0] += s.truth();
      k[1] += s.truePositives();
      k[2] += s.found();
      List<Pyright.Error> left = fresh(byRoot.getOrDefault("a" + i, List.of()), known);
      boolean ok = left.isEmpty() && t.refused().isEmpty();
      fixed += ok ? 1 : 0;
      broken += after.isEmpty() ? 0 : 1;
      brokenFixed += !after.isEmpty() && ok ? 1 : 0;
      ObjectNode n = mapper.createObjectNode();
      n.put("change", label);
      n.put("kind", t.change().kind().name());
      n.put("reported", t.report() != null);
      n.put("pyright_call_lines", s.truth());
      n.put("found", s.found());
      n.put("missed", s.truth() - s.truePositives());
      n.put("false_positives", s.found() - s.foundTrue());
      n.put("pyright_override_errors", overrideTruth.size());
      n.put("errors_before_edits", after.size());
      n.put("edits", t.applied());
      n.put("errors_after_edits", left.size());
      ArrayNode rem = n.putArray("remaining");
      left.forEach(e -> rem.add(e.toString()));
      t.refused().forEach(e -> rem.add("refused: " + e));
      perChange.add(n);
      if (!left.isEmpty() || !t.refused().isEmpty()) {
        unfixed.add(new Unfixed(label, after.size(), left.stream().map(Pyright.Error::toString).toList(),
            List.copyOf(t.refused())));
      }
      System.err.printf("[%d/%d] %s: pyright %d, found %d, missed %d, extra %d; overrides %d/%d; errors %d -> %d%n",
          i + 1, trials.size(), label, s.truth(), s.found(), s.truth() - s.truePositives(), s.found() - s.foundTrue(),
          o.truth(), o.found(), after.size(), left.size());
    }
    int done = trials.size();

    ObjectNode json = mapper.createObjectNode();
    json.put("corpus", corpus.getFileName() == null ? corpus.toString() : corpus.getFileName().toString());
    json.put("pyright", version);
    json.put("files", texts.size());
    json.put("lines", lines);
    json.put("index_seconds", indexSeconds);
    json.put("pyright_errors_before_any_change", baseline.size());
    json.put("pyright_one_run_seconds", pyrightSeconds);
    json.put("eligible_functions", eligible);
    json.put("changes", done);
    json.put("seed", seed);
    calls.write(json, "");
    overrides.write(json, "override_");
    json.put("changes_broken_before_edits", broken);
    json.put("fix_rate", done == 0 ? 1.0 : (double) fixed / done);
    json.put("fix_rate_of_broken_changes", broken == 0 ? 1.0 : (double) brokenFixed / broken);
    json.put("detect_p50_ms", detectTime.percentile(50) / 1e6);
    json.put("detect_p99_ms", detectTime.percentile(99) / 1e6);
    ObjectNode kindsJson = json.putObject("by_kind");
    byKind.forEach((kind, v) -> kindsJson.put(kind.name(), "pyright " + v[0] + ", found " + v[2] + ", true " + v[1]));
    ArrayNode list = json.putArray("per_change");
    perChange.forEach(list::add);
    calls.list(json, "");
    overrides.list(json, "override_");

    SignatureTable table = new SignatureTable(System.out, "pyright", "pyright reports", LISTED);
    table.metrics(json);
    System.out.println("by kind: " + kindsJson);
    calls.print(table, "");
    table.unfixed(unfixed, Unfixed::change, Unfixed::before, Unfixed::left, Unfixed::refused);
    jsonOutput.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    return 0;
  }

  /** A change left with errors (or edits that could not be applied) after its edits, for the table. */
  private record Unfixed(String change, int before, List<String> left, List<String> refused) {}

  /** Writes every file of a version of the corpus under {@code root}. */
  private static void write(Path root, Map<String, String> version) throws IOException {
    for (Map.Entry<String, String> e : version.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
  }

  /** The errors whose (file, line, rule) was not among the errors before any change, as many times as new. */
  private static List<Pyright.Error> fresh(List<Pyright.Error> errors, Map<String, Integer> known) {
    Map<String, Integer> left = new HashMap<>(known);
    List<Pyright.Error> out = new ArrayList<>();
    for (Pyright.Error e : errors) {
      if (left.getOrDefault(e.key(), 0) > 0) {
        left.merge(e.key(), -1, Integer::sum);
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /** The changed file and every file that writes the function's name: the files pyright checks for a change. */
  private static Set<String> scope(Map<String, String> texts, FunctionSignature f) {
    Pattern word = Pattern.compile("\\b" + Pattern.quote(f.name()) + "\\b");
    Set<String> out = new TreeSet<>();
    out.add(f.path());
    texts.forEach((p, t) -> {
      if (word.matcher(t).find()) {
        out.add(p);
      }
    });
    return out;
  }

  /**
   * Public top-level functions and methods of top-level classes (names without a leading
   * underscore), not overloaded, not properties, with no {@code *args} or {@code **kwargs}, whose
   * name is written as {@code name(} more often than it is declared; sorted by file and line.
   */
  static List<FunctionSignature> eligible(Map<String, List<FunctionSignature>> byFile, Map<String, String> texts) {
    CalledNames names = new CalledNames(CALLED, texts.values(), byFile);
    List<FunctionSignature> out = new ArrayList<>();
    new TreeMap<>(byFile).forEach((path, sigs) -> {
      for (FunctionSignature f : sigs) {
        boolean top = f.kind() == FunctionSignature.Kind.FUNCTION && f.container().isEmpty()
            || f.kind() == FunctionSignature.Kind.METHOD && !f.container().isEmpty() && !f.container().contains(".");
        boolean special = f.modifiers().stream().anyMatch(m -> m.contains("overload") || m.contains("property")
            || m.contains(".setter") || m.contains(".getter") || m.contains(".deleter"));
        if (top && !special && !f.name().startsWith("_") && f.parameters().stream().noneMatch(p -> p.variadic())
            && names.calledMoreThanDeclared(f.name()) && texts.containsKey(path)) {
          out.add(f);
        }
      }
    });
    return out;
  }

  /** Every .py file under the folder by its relative path with forward slashes, sorted. */
  static Map<String, String> load(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".py")).sorted()::iterator) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Whether {@code line} of {@code text} declares a function {@code name}. */
  static boolean declares(String text, int line, String name) {
    String[] lines = text.split("\n", -1);
    return line >= 1 && line <= lines.length
        && lines[line - 1].strip().matches("(?:async\\s+)?def\\s+" + java.util.regex.Pattern.quote(name) + "\\b.*");
  }

  /** The name of the class the declaration at {@code line} sits in (through {@code if} blocks), or "". */
  static String enclosingClass(String text, int line) {
    String[] lines = text.split("\n", -1);
    int indent = lines[line - 1].length() - lines[line - 1].stripLeading().length();
    for (int l = line - 2; l >= 0 && indent > 0; l--) {
      String t = lines[l];
      int ind = t.length() - t.stripLeading().length();
      if (t.isBlank() || t.strip().startsWith("#") || ind >= indent) {
        continue;
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("class\\s+(\\w+).*").matcher(t.strip());
      if (m.matches()) {
        return m.group(1);
      }
      indent = ind;
    }
    return "";
  }

  /** Whether the declaration at {@code line} of {@code text} is decorated {@code @overload}. */
  static boolean overloadSignature(String text, int line) {
    String[] lines = text.split("\n", -1);
    for (int l = line - 2; l >= 0 && lines[l].strip().startsWith("@"); l--) {
      String d = lines[l].strip();
      if (d.equals("@overload") || d.endsWith(".overload")) {
        return true;
      }
    }
    return false;
  }
}
