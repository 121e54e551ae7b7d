package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
    List<SignatureBench.JavacError> javac = List.of(new SignatureBench.JavacError("A.java", 10, CANT_APPLY, "cannot be applied"),
        new SignatureBench.JavacError("A.java", 10, "x", "second error on the same line"),
        new SignatureBench.JavacError("A.java", 20, CANT_APPLY, "cannot be applied"),
        new SignatureBench.JavacError("B.java", 4, CANT_APPLY, "cannot be applied"));
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
    List<SignatureBench.JavacError> javac = List.of(new SignatureBench.JavacError("A.java", 7, CANT_APPLY, "x"),
        new SignatureBench.JavacError("A.java", 9, SignatureBench.CATCH_CASCADE, catchMsg),
        // A catch with no broken call in its try (a call that now binds elsewhere) stays, spanning the try.
        new SignatureBench.JavacError("A.java", 30, SignatureBench.CATCH_CASCADE, catchMsg));
    List<SignatureBench.JavacError> folded = SignatureBench.foldCascades(javac, tries);
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
  void overrideErrorsAreToldApart() {
    assertTrue(SignatureBench.isOverrideError("method does not override or implement a method from a supertype"));
    assertTrue(SignatureBench.isOverrideError(
        "B is not abstract and does not override abstract method f(int,int) in A"));
    assertFalse(SignatureBench.isOverrideError("method f in class A cannot be applied to given types;"));
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
}
