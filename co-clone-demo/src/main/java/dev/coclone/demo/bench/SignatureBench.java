package dev.coclone.demo.bench;

import dev.coclone.demo.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.signature.ChangeReport;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.Detection;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.ParseProblem;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.source.SourceFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * {@code bench signatures}: indexes every Java file of a corpus that compiles with plain javac,
 * then, for seeded random methods, adds a last parameter {@code int coCloneExtra} and compares the
 * call sites the tracker says break with the ones javac rejects when the corpus is compiled with
 * that one file changed. Reports recall and precision over all changes, the time of each
 * detection (parse, diff, dependent search and edits), the index time and heap.
 */
@Command(name = "signatures", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, subcommands = PythonSignatureBench.class, description = {"Adds a last parameter to seeded random methods of a Java corpus that "
        + "compiles with plain javac, and compares the call sites the tracker says break with the ones javac "
        + "rejects: recall, precision, detection time, index time and heap."})
final class SignatureBench implements Callable<Integer> {
  static final String EXTRA = "int coCloneExtra";
  private static final Set<DependentKind> OVERRIDE_KINDS = EnumSet.of(DependentKind.OVERRIDE,
      DependentKind.OVERRIDDEN);
  private static final Set<DependentKind> CALL_KINDS = EnumSet.of(DependentKind.CALL, DependentKind.SUPER_CALL, DependentKind.LAMBDA,
      DependentKind.CONSTRUCTOR_CALL, DependentKind.METHOD_REFERENCE);
  private static final Pattern CALLED = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*)\\(");
  private static final int LISTED = 20;

  @Option(names = "--corpus", paramLabel = "DIR",
      description = "a folder of Java sources that compiles with plain javac (required)")
  Path corpus;

  @Option(names = "--changes", paramLabel = "N", defaultValue = "50",
      description = "methods changed, one at a time (default: ${DEFAULT-VALUE})")
  int changes;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "seed of the order the methods are picked in (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "10",
      description = "detections run first, neither timed nor scored (default: ${DEFAULT-VALUE})")
  int warmup;

  @Mixin
  JsonOutput jsonOutput;

  @Override
  public Integer call() throws Exception {
    if (corpus == null) {
      System.err.println("co-clone: bench signatures needs --corpus DIR (or a language: bench signatures python)");
      return 2;
    }
    if (!java.nio.file.Files.isDirectory(corpus)) {
      throw new IllegalArgumentException("--corpus " + corpus + " is not a folder");
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      System.err.println("co-clone: bench signatures needs a JDK (javax.tools finds no Java compiler in this runtime)");
      return 2;
    }
    Map<String, String> texts = load(corpus);
    if (texts.isEmpty()) {
      System.err.println("co-clone: no .java files under " + corpus);
      return 2;
    }
    long lines = texts.values().stream().mapToLong(SignatureBench::lineCount).sum();
    System.err.printf("signatures: %,d Java files, %,d lines; indexing%n", texts.size(), lines);

    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    SignatureTracker tracker = new SignatureTracker();
    long t0 = System.nanoTime();
    texts.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    long indexNanos = System.nanoTime() - t0;
    System.gc();
    long heapAfter = rt.totalMemory() - rt.freeMemory();
    System.err.printf("signatures: indexed in %.1f s; compiling the corpus with javac%n", indexNanos / 1e9);

    Path scratch = Files.createTempDirectory("coclone-sigbench");
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      SignatureJavac compiler = new SignatureJavac(javac, fm, scratch);
      long c0 = System.nanoTime();
      List<JavacError> baseline = compiler.compileAll(texts);
      long compileNanos = System.nanoTime() - c0;
      if (!baseline.isEmpty()) {
        System.err.println("co-clone: the corpus does not compile with plain javac (" + baseline.size()
            + " errors); bench signatures needs a tree that does. First errors:");
        baseline.stream().limit(10).forEach(e -> System.err.println("  " + e));
        return 1;
      }
      System.err.printf("signatures: javac accepts it (%.1f s); %d changes%n", compileNanos / 1e9, changes);

      List<FunctionSignature> eligible = eligible(tracker.signatures(), texts);
      List<FunctionSignature> order = new ArrayList<>(eligible);
      Collections.shuffle(order, new Random(seed));

      // Warm-up: detections on methods after the measured ones in the seeded order, not scored or
      // timed (a server runs many; the first ones run interpreted).
      for (int i = 0; i < warmup && order.size() - 1 - i >= changes; i++) {
        FunctionSignature w = order.get(order.size() - 1 - i);
        String t = insertParameter(texts.get(w.path()), w.line(), w.column(), EXTRA);
        if (t != null) {
          tracker.detect(SourceFile.of(w.path(), t));
        }
      }
      Stats detectTime = new Stats();
      Stats dependentsTime = new Stats();
      // The detecting thread's CPU time: on a machine shared with other jobs the wall clock also
      // counts the time the thread waited for a core; its CPU time does not (detect runs on this thread).
      Stats detectCpu = new Stats();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      Score total = new Score();
      Score overrides = new Score();
      SignatureFixes fixes = new SignatureFixes(compiler);
      List<String> noReport = new ArrayList<>();
      int lowConfidence = 0;
      SignatureAnchors anchors = new SignatureAnchors(texts);
      SignatureScope files = new SignatureScope(texts);
      int done = 0;
      for (FunctionSignature m : order) {
        if (done >= changes) {
          break;
        }
        String newText = insertParameter(texts.get(m.path()), m.line(), m.column(), EXTRA);
        if (newText == null) {
          continue;
        }
        done++;
        // javac's compile of the previous change leaves hundreds of MB of garbage; collect it here so
        // that its pause is not timed as part of this detection (as JMH's -gc option does).
        System.gc();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long d0 = System.nanoTime();
        Detection d;
        try {
          d = tracker.detect(SourceFile.of(m.path(), newText));
        } catch (RuntimeException e) {
          System.err.println("co-clone: detect failed for " + m.path() + ":" + m.line() + " " + m.text() + ": " + e);
          d = new Detection(m.path(), new ParseProblem(m.path(), m.line(), m.column(), "detect failed: " + e),
              List.of());
        }
        long took = System.nanoTime() - d0;
        detectCpu.add(threads.getCurrentThreadCpuTime() - cpu0);
        detectTime.add(took);
        ChangeReport report = d.reports().stream().filter(r -> r.change().before().path().equals(m.path())
            && r.change().before().line() == m.line() && r.change().before().column() == m.column())
            .findFirst().orElse(null);
        Map<String, String> changed = new HashMap<>(texts);
        changed.put(m.path(), newText);
        Set<String> scope = new TreeSet<>(files.affected(m));
        List<JavacError> raw = compiler.compile(changed, scope);
        List<JavacError> errors = foldCascades(raw, anchors);
        List<JavacError> callTruth = new ArrayList<>();
        List<JavacError> overrideTruth = new ArrayList<>();
        for (JavacError e : errors) {
          (e.overrideError() ? overrideTruth : callTruth).add(e);
        }
        overrideTruth = foldInherited(overrideTruth, anchors);
        List<Site> found = new ArrayList<>();
        List<Site> foundOverrides = new ArrayList<>();
        if (report == null) {
          noReport.add(m.path() + ":" + m.line() + " " + m.text() + (d.problem() == null ? "" : " (" + d.problem()
              + ")"));
        } else {
          dependentsTime.add((long) (report.elapsedMillis() * 1e6));
          for (Dependent x : report.dependents()) {
            if (OVERRIDE_KINDS.contains(x.kind()) && x.breaks()) {
              // javac reports a lost override of a supertype's method at the changed declaration.
              int[] span = x.kind() == DependentKind.OVERRIDDEN ? anchors.declarationSpan(m.path(), m.line(), m.column())
                  : anchors.declarationSpan(x.path(), x.line(), x.column());
              String at = x.kind() == DependentKind.OVERRIDDEN ? m.path() : x.path();
              foundOverrides.add(new Site(at, span[0], span[1], span[2], span[3], x.kind() + " " + x.text()
                  + " — " + x.reason()));
            }
            if (x.breaks() && CALL_KINDS.contains(x.kind())) {
              if (x.confidence() < 1.0) {
                lowConfidence++;
                System.err.println("  found by name only: " + x.path() + ":" + x.line() + " " + x.text());
              }
              int[] span = anchors.span(x);
              found.add(new Site(x.path(), span[0], span[1], x.kind() + " " + x.text() + " — " + x.reason()
                  + " (confidence " + x.confidence() + ")"));
            }
          }
        }
        Score s = Score.of(callTruth, found, m.qualifiedName());
        total.add(s);
        Score o = Score.of(overrideTruth, foundOverrides, m.qualifiedName());
        overrides.add(o);
        SignatureFixes.Outcome fix = fixes.check(m.path() + ":" + m.line() + " " + m.qualifiedName(), changed, report,
            raw, scope);
        System.err.printf("[%d/%d] %s:%d %s: javac %d, found %d, missed %d, extra %d; overrides %d/%d/%d/%d;"
            + " errors %d -> %d; %.1f ms%n", done, changes, m.path(), m.line(), m.qualifiedName(), s.truth,
            s.foundSites, s.falseNegatives.size(), s.falsePositives.size(), o.truth, o.foundSites,
            o.falseNegatives.size(), o.falsePositives.size(), fix.errorsBefore(), fix.remaining().size(), took / 1e6);
      }

      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("corpus", corpus.getFileName() == null ? corpus.toString() : corpus.getFileName().toString());
      json.put("files", texts.size());
      json.put("lines", lines);
      json.put("index_seconds", indexNanos / 1e9);
      json.put("index_heap_mb", (heapAfter - heapBefore) / 1048576.0);
      json.put("javac_full_compile_seconds", compileNanos / 1e9);
      json.put("eligible_methods", eligible.size());
      json.put("changes", done);
      json.put("changes_without_report", noReport.size());
      json.put("javac_broken_call_sites", total.truth);
      json.put("found_breaking_call_sites", total.foundSites);
      json.put("true_positives", total.truePositives);
      json.put("false_negatives", total.falseNegatives.size());
      json.put("false_positives", total.falsePositives.size());
      json.put("recall", total.recall());
      json.put("precision", total.precision());
      json.put("found_with_confidence_below_1", lowConfidence);
      json.put("javac_override_errors", overrides.truth);
      json.put("found_breaking_overrides", overrides.foundSites);
      json.put("override_true_positives", overrides.truePositives);
      json.put("override_false_negatives", overrides.falseNegatives.size());
      json.put("override_false_positives", overrides.falsePositives.size());
      json.put("override_recall", overrides.recall());
      json.put("override_precision", overrides.precision());
      fixes.write(json);
      json.put("detect_p50_ms", detectTime.percentile(50) / 1e6);
      json.put("detect_p99_ms", detectTime.percentile(99) / 1e6);
      json.put("detect_max_ms", detectTime.percentile(100) / 1e6);
      json.put("detect_cpu_p50_ms", detectCpu.percentile(50) / 1e6);
      json.put("detect_cpu_p99_ms", detectCpu.percentile(99) / 1e6);
      json.put("detect_cpu_max_ms", detectCpu.percentile(100) / 1e6);
      json.put("dependents_and_edits_p50_ms", dependentsTime.percentile(50) / 1e6);
      json.put("dependents_and_edits_p99_ms", dependentsTime.percentile(99) / 1e6);
      json.put("warmup_detections", warmup);
      json.put("seed", seed);
      ArrayNode misses = json.putArray("misses");
      total.falseNegatives.forEach(misses::add);
      ArrayNode extras = json.putArray("false_positives_list");
      total.falsePositives.forEach(extras::add);
      ArrayNode overrideMisses = json.putArray("override_misses");
      overrides.falseNegatives.forEach(overrideMisses::add);
      ArrayNode overrideExtras = json.putArray("override_false_positives_list");
      overrides.falsePositives.forEach(overrideExtras::add);
      ArrayNode unreported = json.putArray("changes_without_report_list");
      noReport.forEach(unreported::add);

      SignatureTable table = new SignatureTable(System.out, "javac", LISTED);
      table.metrics(json);
      table.sites("", total);
      table.sites("override ", overrides);
      table.unfixed(fixes.unfixed(), SignatureFixes.Outcome::change, SignatureFixes.Outcome::errorsBefore,
          SignatureFixes.Outcome::remaining, SignatureFixes.Outcome::refused);
      if (!noReport.isEmpty()) {
        table.list("changes the tracker did not report", noReport);
      }
      String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
      jsonOutput.write(text);
      return 0;
    } finally {
      ScratchFolders.delete(scratch);
    }
  }

  /** Every .java file under the directory by its relative path with forward slashes, sorted. */
  static Map<String, String> load(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".java")).sorted()::iterator) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /**
   * The methods a change is tried on, sorted by file and position: not in an anonymous class, not
   * ending in a variadic parameter (a parameter cannot follow it), not colliding with an overload
   * that already has the extra parameter, and whose name is written as {@code name(} at least once
   * more than it is declared.
   */
  static List<FunctionSignature> eligible(Map<String, List<FunctionSignature>> byFile, Map<String, String> texts) {
    CalledNames names = new CalledNames(CALLED, texts.values(), byFile);
    List<FunctionSignature> out = new ArrayList<>();
    for (List<FunctionSignature> sigs : byFile.values()) {
      Set<String> keys = new TreeSet<>();
      sigs.forEach(f -> keys.add(f.key()));
      for (FunctionSignature f : sigs) {
        boolean variadic = !f.parameters().isEmpty() && f.parameters().get(f.parameters().size() - 1).variadic();
        String extended = f.key().substring(0, f.key().length() - 1) + (f.parameters().isEmpty() ? "int)" : ",int)");
        if (f.kind() == FunctionSignature.Kind.METHOD && !f.container().contains("new ") && !variadic
            && !keys.contains(extended) && names.calledMoreThanDeclared(f.name())) {
          out.add(f);
        }
      }
    }
    out.sort(Comparator.comparing(FunctionSignature::path).thenComparingInt(FunctionSignature::line)
        .thenComparingInt(FunctionSignature::column));
    return out;
  }

  /**
   * The text with {@code parameter} added as the last parameter of the method or constructor whose
   * name starts at the 1-based line and column, or null if no parameter list follows the name
   * there. Comments, string and character literals inside the list (in annotations) are skipped
   * when matching the parentheses.
   */
  static String insertParameter(String text, int line, int column, String parameter) {
    int at = offset(text, line, column);
    if (at < 0) {
      return null;
    }
    int i = at;
    while (i < text.length() && Character.isJavaIdentifierPart(text.charAt(i))) {
      i++;
    }
    i = skipSpaceAndComments(text, i);
    if (i >= text.length() || text.charAt(i) != '(') {
      return null;
    }
    int open = i;
    int depth = 0;
    boolean empty = true;
    for (i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' && i + 1 < text.length() && (text.charAt(i + 1) == '/' || text.charAt(i + 1) == '*')) {
        i = skipSpaceAndComments(text, i) - 1;
      } else if (c == '"' || c == '\'') {
        if (c == '"' && text.startsWith("\"\"\"", i)) {
          int end = text.indexOf("\"\"\"", i + 3);
          if (end < 0) {
            return null;
          }
          i = end + 2;
        } else {
          for (i++; i < text.length() && text.charAt(i) != c; i++) {
            if (text.charAt(i) == '\\') {
              i++;
            }
          }
        }
        empty = false;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth == 0) {
          return text.substring(0, i) + (empty ? "" : ", ") + parameter + text.substring(i);
        }
      } else if (!Character.isWhitespace(c)) {
        empty = false;
      }
    }
    return null;
  }

  private static int skipSpaceAndComments(String text, int i) {
    while (i < text.length()) {
      if (Character.isWhitespace(text.charAt(i))) {
        i++;
      } else if (text.startsWith("//", i)) {
        int nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length() : nl + 1;
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
      } else {
        break;
      }
    }
    return i;
  }

  /** Offset of a 1-based line and column, or -1. */
  static int offset(String text, int line, int column) {
    int o = dev.coclone.signature.TextEdit.offset(text, line, column);
    return o < text.length() ? o : -1;
  }

  private static long lineCount(String text) {
    long n = text.chars().filter(c -> c == '\n').count();
    return text.isEmpty() || text.endsWith("\n") ? n : n + 1;
  }

  /**
   * A catch clause javac rejects because a call in its try block changed is not a call site of its
   * own. When javac also reports an error inside that try block, the catch error is folded into it
   * (dropped); otherwise (a call that silently binds to another overload) it stays and counts as
   * found only when a found site lies inside the try statement.
   *
   * @param errors javac's errors
   * @param tryStart the line where the try statement of a catch clause at (path, line) starts, or
   *     -1 if there is none
   * @return the errors with cascades folded or spanned
   */
  static List<JavacError> foldCascades(List<JavacError> errors, TryLocator tryStart) {
    List<JavacError> out = new ArrayList<>();
    for (JavacError e : errors) {
      if (e.message().startsWith("recursive constructor invocation") && errors.stream().anyMatch(o -> o != e
          && !o.cascade() && o.path().equals(e.path()) && !o.message().startsWith("recursive constructor"))) {
        continue; // javac's cascade of a this(..) whose arguments no longer attribute (a broken call found there)
      }
      if (!e.cascade()) {
        out.add(e);
        continue;
      }
      long from = tryStart.tryStart(e.path(), e.line());
      if (from < 0) {
        out.add(e);
        continue;
      }
      boolean explained = errors.stream().anyMatch(o -> !o.cascade() && o.path().equals(e.path())
          && o.line() >= from && o.line() < e.line());
      if (!explained) {
        out.add(new JavacError(e.path(), from, e.line(), e.code(), e.message()));
      }
    }
    return out;
  }

  private static final Pattern NOT_IMPLEMENTED = Pattern.compile("does not override abstract method ([\\w$]+)\\(");

  /**
   * A concrete class that inherits an overriding method and declares none of that name is
   * rejected by javac ("is not abstract and does not override abstract method") because of the
   * override in its supertype, which javac reports too: such an error is folded into the others
   * of the change (dropped) when there are others, and stays otherwise.
   */
  static List<JavacError> foldInherited(List<JavacError> overrideErrors, SignatureAnchors anchors) {
    List<JavacError> own = new ArrayList<>();
    List<JavacError> inherited = new ArrayList<>();
    for (JavacError e : overrideErrors) {
      Matcher m = NOT_IMPLEMENTED.matcher(e.message());
      (m.find() && !anchors.declaresMethod(e.path(), e.line(), m.group(1)) ? inherited : own).add(e);
    }
    return own.isEmpty() ? overrideErrors : own;
  }

  /** Finds the try statement a catch clause belongs to. */
  interface TryLocator {
    /** The first line of the try statement whose catch clause is on (path, line), or -1. */
    long tryStart(String path, long line);
  }

  /**
   * A site the tracker reported: the lines on which javac may place its error for it. A call
   * {@code a\n    .f(x)} is reported by us on the name's line; javac reports it at the select's
   * dot, which may sit on an earlier line after the receiver, so the span runs from the receiver's
   * last line to the name's line.
   */
  record Site(String path, int fromLine, int toLine, int headFrom, int headTo, String what) {
    Site(String path, int fromLine, int toLine, String what) {
      this(path, fromLine, toLine, 0, -1, what);
    }

    /**
     * The error's lines (its explaining code to its own line) meet this site's span, or the head
     * of the type that declares it (an overriding declaration).
     */
    boolean covers(JavacError e) {
      return e.path().equals(path) && (e.line() >= fromLine && e.fromLine() <= toLine
          || e.line() >= headFrom && e.fromLine() <= headTo);
    }
  }

  /** Matching of javac's broken lines with the sites found, per change and in total. */
  static final class Score extends SiteMatch {
    /**
     * Scores one change: javac's error lines against the sites' (file, name line); a site's span
     * (or the head of the type declaring it) covers an error line.
     */
    static Score of(List<JavacError> errors, List<Site> sites, String label) {
      Score s = new Score();
      s.count(errors, e -> e.path() + ":" + e.line(), sites, x -> x.path() + ":" + x.toLine(), Site::covers,
          Site::what, label);
      return s;
    }
  }

}
