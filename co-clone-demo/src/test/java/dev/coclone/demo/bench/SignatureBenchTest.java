package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.signature.ChangeReport;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

class SignatureBenchTest {
  @Test
  void parameterGoesBeforeTheClosingParenthesis() {
    String text = "class A {\n  int add(int a, int b) { return a + b; }\n}\n";
    assertEquals("class A {\n  int add(int a, int b, int x) { return a + b; }\n}\n",
        SignatureBench.insertParameter(text, 2, 7, "int x"));
  }

  @Test
  void emptyListGetsNoComma() {
    assertEquals("class A { void run(int x) {} }", SignatureBench.insertParameter("class A { void run() {} }", 1, 16,
        "int x"));
  }

  @Test
  void parenthesesInStringsCommentsAndAnnotationsAreSkipped() {
    String text = "class A {\n  void f /* ( */ (@Named(\"x)\") String s, // b)\n      char c) {}\n}\n";
    assertEquals("class A {\n  void f /* ( */ (@Named(\"x)\") String s, // b)\n      char c, int x) {}\n}\n",
        SignatureBench.insertParameter(text, 2, 8, "int x"));
  }

  @Test
  void noParameterListAtThePositionIsNull() {
    assertNull(SignatureBench.insertParameter("class A { int f; }", 1, 15, "int x"));
    assertNull(SignatureBench.insertParameter("class A {}", 9, 1, "int x"));
  }

  private static final String CANT_APPLY = "compiler.err.cant.apply.symbol";

  @Test
  void scoreMatchesLinesWithinASitesSpanAndCountsEachLineOnce() {
    List<JavacError> javac = List.of(new JavacError("A.java", 10, CANT_APPLY, "cannot be applied"),
        new JavacError("A.java", 10, "x", "second error on the same line"),
        new JavacError("A.java", 20, CANT_APPLY, "cannot be applied"),
        new JavacError("B.java", 4, CANT_APPLY, "cannot be applied"));
    List<SignatureBench.Site> found = List.of(new SignatureBench.Site("A.java", 10, 10, "a"),
        new SignatureBench.Site("B.java", 4, 5, "b, receiver on line 4, name on line 5"),
        new SignatureBench.Site("C.java", 7, 7, "c"),
        new SignatureBench.Site("A.java", 9, 10, "a again, same name line"));
    SignatureBench.Score s = SignatureBench.Score.of(javac, found, "m");
    assertEquals(3, s.truth);
    assertEquals(3, s.foundSites);
    assertEquals(2, s.truePositives);
    assertEquals(List.of("m: A.java:20: cannot be applied"), s.falseNegatives);
    assertEquals(1, s.falsePositives.size());
    assertTrue(s.falsePositives.get(0).startsWith("m: C.java:7: c"));
    assertEquals(2.0 / 3, s.recall(), 1e-9);
    assertEquals(2.0 / 3, s.precision(), 1e-9);
    SignatureBench.Score total = new SignatureBench.Score();
    total.add(s);
    total.add(SignatureBench.Score.of(List.of(), List.of(), "empty"));
    assertEquals(2.0 / 3, total.recall(), 1e-9);
  }

  @Test
  void aCatchClauseThatNoLongerFitsIsFoldedIntoTheBrokenCallOfItsTryBlock() {
    String catchMsg = "exception IllegalAccessException is never thrown in body of corresponding try statement";
    // try starts on line 5; the call on line 7 is broken; javac also rejects the catch on line 9.
    SignatureBench.TryLocator tries = (path, line) -> line == 9 || line == 30 ? (line == 9 ? 5 : 25) : -1;
    List<JavacError> javac = List.of(new JavacError("A.java", 7, CANT_APPLY, "x"),
        new JavacError("A.java", 9, JavacError.CATCH_CASCADE, catchMsg),
        // A catch with no broken call in its try (a call that now binds elsewhere) stays, spanning the try.
        new JavacError("A.java", 30, JavacError.CATCH_CASCADE, catchMsg));
    List<JavacError> folded = SignatureBench.foldCascades(javac, tries);
    assertEquals(2, folded.size());
    assertEquals(7, folded.get(0).line());
    assertEquals(25, folded.get(1).fromLine());
    assertEquals(30, folded.get(1).line());

    SignatureBench.Score found = SignatureBench.Score.of(folded, List.of(new SignatureBench.Site("A.java", 7, 7, "a"),
        new SignatureBench.Site("A.java", 27, 27, "the rebound call")), "m");
    assertEquals(2, found.truePositives);
    assertEquals(List.of(), found.falsePositives);
    SignatureBench.Score missed = SignatureBench.Score.of(folded, List.of(new SignatureBench.Site("A.java", 7, 7, "a")),
        "m");
    assertEquals(List.of("m: A.java:30: " + catchMsg), missed.falseNegatives);
  }

  @Test
  void aRecursiveConstructorInvocationIsFoldedIntoABrokenCallOfItsFile() {
    SignatureBench.TryLocator none = (path, line) -> -1;
    // this(builder().get()) on line 20 no longer attributes; javac then also calls this(..) on line 8 recursive.
    List<JavacError> javac = List.of(new JavacError("B.java", 20, CANT_APPLY, "x"),
        new JavacError("B.java", 8, "compiler.err.recursive.ctor.invocation", "recursive constructor invocation"));
    assertEquals(List.of(javac.get(0)), SignatureBench.foldCascades(javac, none));
    // Alone in its file it stays.
    List<JavacError> alone = List.of(new JavacError("C.java", 8, "compiler.err.recursive.ctor.invocation",
        "recursive constructor invocation"));
    assertEquals(alone, SignatureBench.foldCascades(alone, none));
  }

  @Test
  void overrideErrorsAreToldApart() {
    assertTrue(JavacError.isOverrideError("method does not override or implement a method from a supertype"));
    assertTrue(JavacError.isOverrideError(
        "B is not abstract and does not override abstract method f(int,int) in A"));
    assertFalse(JavacError.isOverrideError("method f in class A cannot be applied to given types;"));
  }

  @Test
  void eligibleMethodsAreCalledSomewhereAndCanTakeAnotherParameter() {
    Map<String, String> texts = new TreeMap<>();
    texts.put("p/A.java", """
        package p;
        class A {
          int used(int a) { return a; }
          int usedWide(int a, int b) { return a; }
          int usedWide(int a) { return usedWide(a, 0); }
          int never(int a) { return a; }
          int varargs(int... a) { return 0; }
          Runnable r = new Runnable() { public void run() { used(1); } };
        }
        """);
    texts.put("p/B.java", """
        package p;
        class B {
          int f(A a) { a.r.run(); return a.used(1) + a.varargs(1, 2); }
        }
        """);
    SignatureTracker tracker = new SignatureTracker();
    texts.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    List<String> names = SignatureBench.eligible(tracker.signatures(), texts).stream().map(FunctionSignature::key)
        .collect(Collectors.toList());
    // usedWide(int) would collide with usedWide(int,int); never is not called; varargs cannot take a
    // parameter after its last; run() is in an anonymous class.
    assertEquals(List.of("A.used(int)", "A.usedWide(int,int)"), names);
  }

  @Test
  void anOverridingDeclarationCoversTheHeadOfItsClass() {
    SignatureBench.Site override = new SignatureBench.Site("A.java", 12, 13, 3, 4, "A.run");
    assertTrue(override.covers(new JavacError("A.java", 4, "x", "A is not abstract and does not override ...")));
    assertTrue(override.covers(new JavacError("A.java", 12, "x", "method does not override ...")));
    assertFalse(override.covers(new JavacError("A.java", 8, "x", "elsewhere")));
    assertFalse(new SignatureBench.Site("A.java", 12, 13, "a call").covers(new JavacError("A.java", 4, "x", "head")));
  }

  @Test
  void aClassThatOnlyInheritsTheOverrideIsFoldedIntoTheOverridesError() {
    Map<String, String> texts = Map.of("p/Base.java", """
        package p;
        abstract class Base implements Runnable {
          @Override
          public void run() {}
        }
        """, "p/Leaf.java", """
        package p;
        class Leaf
            extends Base {
        }
        """);
    SignatureAnchors anchors = new SignatureAnchors(texts);
    JavacError own = new JavacError("p/Base.java", 3, "x", "method does not override or implement a method from a supertype");
    JavacError inherited = new JavacError("p/Leaf.java", 2, "x",
        "p.Leaf is not abstract and does not override abstract method run(int) in p.I");
    assertEquals(List.of(own), SignatureBench.foldInherited(List.of(own, inherited), anchors));
    assertEquals(List.of(inherited), SignatureBench.foldInherited(List.of(inherited), anchors),
        "with nothing to fold into, it stays");
    JavacError declaring = new JavacError("p/Base.java", 2, "x",
        "p.Base is not abstract and does not override abstract method run(int) in p.I");
    assertEquals(List.of(own, declaring), SignatureBench.foldInherited(List.of(own, declaring), anchors));
  }

  @Test
  void fixesApplyEveryEditAndCompileAgain() throws Exception {
    Map<String, String> texts = new TreeMap<>();
    texts.put("p/A.java", "package p;\nclass A {\n  static int twice(int a) { return 2 * a; }\n}\n");
    texts.put("p/B.java", "package p;\nclass B {\n  int f() { return A.twice(1) + A.twice(2); }\n}\n");
    texts.put("p/C.java", "package p;\nclass C {\n  A a;\n}\n");
    texts.put("p/D.java", "package p;\nclass D {\n  C c = new C();\n}\n");
    SignatureTracker tracker = new SignatureTracker();
    texts.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    String changedA = SignatureBench.insertParameter(texts.get("p/A.java"), 3, 14, SignatureBench.EXTRA);
    Map<String, String> changed = new TreeMap<>(texts);
    changed.put("p/A.java", changedA);
    Path scratch = Files.createTempDirectory("sigfix-test");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      SignatureJavac compiler = new SignatureJavac(javac, fm, scratch);
      assertEquals(List.of(), compiler.compileAll(texts));
      FunctionSignature twice = tracker.signatures().get("p/A.java").get(0);
      Set<String> scope = new SignatureScope(texts).affected(twice);
      assertEquals(Set.of("p/A.java", "p/B.java", "p/C.java"), scope, "C names A; D names neither A nor twice");
      List<JavacError> before = compiler.compile(changed, scope);
      assertEquals(compiler.compile(changed), before, "the scope finds what the whole corpus does");
      assertEquals(2, before.size(), before.toString()); // one line, two calls: javac reports each
      SignatureFixes fixes = new SignatureFixes(compiler);
      ChangeReport report = tracker.detect(SourceFile.of("p/A.java", changedA)).reports().get(0);
      SignatureFixes.Outcome fixed = fixes.check("A.twice", changed, report, before, scope);
      assertEquals(2, fixed.edits());
      assertEquals(List.of(), fixed.remaining());
      assertTrue(fixed.fixed());
      SignatureFixes.Outcome unreported = fixes.check("A.twice without a report", changed, null, before, scope);
      assertEquals(before, unreported.remaining());
      assertFalse(unreported.fixed());
      assertEquals(0.5, fixes.rate(), 1e-9);
    } finally {
      try (var s = Files.walk(scratch)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aChangeToAnInterfaceMethodIsCompiledWithEveryFile() {
    Map<String, String> texts = new TreeMap<>();
    texts.put("p/F.java", "package p;\ninterface F {\n  int apply(int x);\n}\n");
    texts.put("p/G.java", "package p;\nclass G {\n  static int use(F f) { return f.apply(1); }\n}\n");
    texts.put("p/H.java", "package p;\nclass H {\n  int h() { return G.use(x -> x); }\n}\n");
    SignatureTracker tracker = new SignatureTracker();
    texts.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    FunctionSignature apply = tracker.signatures().get("p/F.java").get(0);
    // H's lambda implements F without naming F or apply.
    assertEquals(texts.keySet(), new SignatureScope(texts).affected(apply));
  }
}
