package dev.coclone.signature.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The source-level argument check that spares the symbol solver calls that can never bind. */
class JavaReceiversTest {
  private static final String TEXT = """
      import java.io.Serializable;
      import java.util.Collection;
      class A {
        void take(Collection<?> c) {}
        void take(Object o) {}
        void take(Serializable s) {}
        void take(Cloneable c) {}
        void take(long[] a) {}
        void take(Object[] a) {}
        void calls(int[] ints, String[] names, Collection<String> list, long[] longs) {
          take(ints);
          take(names);
          take(list);
          take(longs);
        }
      }
      """;

  @Test
  void anArrayFitsOnlyArraysObjectCloneableAndSerializable() {
    CompilationUnit cu = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse(TEXT).getResult().orElseThrow();
    List<MethodDeclaration> takes = cu.findAll(MethodDeclaration.class).stream()
        .filter(m -> m.getNameAsString().equals("take")).collect(Collectors.toList());
    List<MethodCallExpr> calls = cu.findAll(MethodCallExpr.class);
    Set<String> typeNames = Set.of("A");
    // Rows: the calls with int[], String[], Collection<String>, long[]; columns: the overloads in order.
    List<String> fits = calls.stream().map(call -> takes.stream()
        .map(m -> JavaReceivers.argumentsFit(call, m, typeNames) ? "y" : "-").collect(Collectors.joining()))
        .collect(Collectors.toList());
    assertEquals(List.of("-yyy--", "-yyy-y", "yyyyyy", "-yyyy-"), fits);
  }

  @Test
  void aCallThatExactlyFitsAnotherOverloadDoesNotBindToTheChangedOne() {
    CompilationUnit cu = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse("""
        class B {
          void put(StringBuffer sb, Object o) {}
          void put(StringBuffer sb, long[] a) {}
          private void put(StringBuffer sb, String s) {}
          <T> void put(StringBuffer sb, T[] a) {}
          void use(StringBuffer sb, Object value, int[] ints) {
            put(sb, (long[]) value);
            put(sb, value);
            put(sb, ints);
            put(sb, ((String) value));
          }
        }
        class C {
          void use(B b, StringBuffer sb, Object value) {
            b.put(sb, (String) value);
          }
        }
        """).getResult().orElseThrow();
    List<MethodDeclaration> puts = cu.findAll(MethodDeclaration.class).stream()
        .filter(m -> m.getNameAsString().equals("put")).collect(Collectors.toList());
    MethodDeclaration object = puts.get(0);
    List<MethodCallExpr> calls = cu.findAll(MethodCallExpr.class);
    Set<String> typeNames = Set.of("B", "C");
    List<Boolean> elsewhere = calls.stream().map(c -> JavaReceivers.exactlyFitsAnother(c, object, typeNames))
        .collect(Collectors.toList());
    // (long[]) value: put(StringBuffer, long[]) is exact; value: put(Object) itself is exact; int[]: no
    // overload takes exactly int[]; (String) inside B: the private put(String) is exact; outside B it
    // is not visible.
    assertEquals(List.of(true, false, false, true, false), elsewhere);
    assertEquals(false, JavaReceivers.exactlyFitsAnother(calls.get(0), puts.get(1), typeNames),
        "the changed method itself is the exact one");
  }

  @Test
  void aStaticImportDoesNotBringInTheInstanceOverload() {
    CompilationUnit d = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse("""
        package p;
        public class D {
          public static void put(StringBuffer sb, Object o) {}
          public void put(StringBuffer sb, long[] a) {}
        }
        """).getResult().orElseThrow();
    CompilationUnit e = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse("""
        package q;
        import static p.D.put;
        class E {
          void use(StringBuffer sb, Object v) {
            put(sb, (long[]) v);
          }
        }
        """).getResult().orElseThrow();
    MethodDeclaration staticPut = d.findAll(MethodDeclaration.class).get(0);
    MethodCallExpr call = e.findFirst(MethodCallExpr.class).orElseThrow();
    assertEquals(false, JavaReceivers.exactlyFitsAnother(call, staticPut, Set.of("D", "E")));
  }
}
