package dev.coclone.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JavaHierarchyTrackerTest {
  static final String FILTER = """
      package p;

      import java.io.File;
      import java.io.FileFilter;

      public interface Filter extends FileFilter {
        @Override
        boolean accept(File file);

        boolean accept(File dir, String name);
      }
      """;
  static final String BASE = """
      package p;

      import java.io.File;

      public abstract class Base implements Filter {
        @Override
        public boolean accept(File file) {
          return accept(file.getParentFile(), file.getName());
        }

        @Override
        public boolean accept(File dir, String name) {
          return accept(new File(dir, name));
        }
      }
      """;
  static final String HIDDEN = """
      package p;

      import java.io.File;

      public class Hidden extends Base {
        @Override
        public boolean accept(File file) {
          return file.isHidden();
        }
      }
      """;
  static final String USE = """
      package p;

      import java.io.File;

      class Use {
        boolean check(Filter filter, File f) {
          return filter.accept(f);
        }
      }
      """;

  static final Map<String, String> SHAPES = new LinkedHashMap<>();

  static {
    SHAPES.put("q/Shape.java", """
        package q;

        public interface Shape {
          double area(double scale);
        }
        """);
    SHAPES.put("q/Solid.java", """
        package q;

        public interface Solid extends Shape {
          @Override
          double area(double scale);

          double volume();
        }
        """);
    SHAPES.put("q/Square.java", """
        package q;

        public class Square implements Shape {
          @Override
          public double area(double scale) {
            return scale * scale;
          }
        }
        """);
    SHAPES.put("q/Kind.java", """
        package q;

        public enum Kind implements Shape {
          ONE {
            @Override
            public double area(double scale) {
              return scale;
            }
          },
          TWO {
            public double area(double scale) {
              return 2 * scale;
            }
          };
        }
        """);
    SHAPES.put("q/Cube.java", """
        package q;

        public abstract class Cube implements Solid {
          @Override
          public double area(double scale) {
            return 6 * scale * scale;
          }
        }
        """);
    SHAPES.put("q/Dice.java", """
        package q;

        public class Dice extends Cube {
          @Override
          public double volume() {
            return 1;
          }
        }
        """);
    SHAPES.put("q/Use.java", """
        package q;

        class Use {
          double measure(Shape s, Solid d) {
            return s.area(1.0) + d.area(2.0);
          }

          Shape anonymous() {
            return new Shape() {
              @Override
              public double area(double scale) {
                return 0;
              }
            };
          }

          Shape lambda() {
            return scale -> scale;
          }
        }
        """);
  }

  /** Tracker, change and javac before and after the edits, on a small corpus. */
  private record Run(ChangeReport report, List<String> errorsBefore, List<String> errorsAfter) {
    List<String> sites(DependentKind kind, boolean breaks) {
      return report.dependents().stream().filter(d -> d.kind() == kind && d.breaks() == breaks)
          .map(d -> d.path() + ":" + d.line()).collect(Collectors.toList());
    }

    Dependent at(String path, int line) {
      return report.dependents().stream().filter(d -> d.path().equals(path) && d.line() == line).findFirst()
          .orElseThrow(() -> new AssertionError("no dependent at " + path + ":" + line + " in " + report.dependents()));
    }
  }

  private static Run change(Map<String, String> texts, String path, String from, String to) {
    SignatureTracker tracker = new SignatureTracker();
    texts.forEach((p, t) -> tracker.changed(SourceFile.of(p, t)));
    assertEquals(List.of(), JavaSignatureTrackerTest.compile(texts), "the fixture compiles");
    String changed = texts.get(path).replace(from, to);
    assertNotEquals(texts.get(path), changed);
    Detection d = tracker.detect(SourceFile.of(path, changed));
    assertEquals(1, d.reports().size(), () -> "one change: " + d);
    Map<String, String> after = new LinkedHashMap<>(texts);
    after.put(path, changed);
    return new Run(d.reports().get(0), JavaSignatureTrackerTest.compile(after),
        JavaSignatureTrackerTest.compile(applyAll(d.reports().get(0), after)));
  }

  @Test
  void overridersThroughTheWholeHierarchyAreFoundAndTheirEditsCompile() {
    Run run = change(SHAPES, "q/Shape.java", "double area(double scale);", "double area(double scale, int extra);");
    assertFalse(run.errorsBefore().isEmpty());
    // A sub-interface, an implementing class, both enum constant bodies, a class implementing the
    // sub-interface, an anonymous class; the lambda and the call through Shape.
    assertEquals(List.of("q/Kind.java:6", "q/Kind.java:11", "q/Solid.java:5", "q/Square.java:5",
        "q/Use.java:11"), run.sites(DependentKind.OVERRIDE, true));
    // Cube.area overrides Solid.area, an override of the changed method: its @Override still names
    // Solid's until that one's edit is applied, so javac accepts it before the edits.
    assertEquals(List.of("q/Cube.java:5"), run.sites(DependentKind.OVERRIDE, false));
    assertTrue(run.at("q/Cube.java", 5).reason().contains("until Solid.area changes"), run.at("q/Cube.java", 5).reason());
    assertNotNull(run.at("q/Cube.java", 5).edit(), "its edit is offered all the same");
    assertTrue(run.errorsBefore().stream().noneMatch(e -> e.startsWith("q/Cube.java")), run.errorsBefore().toString());
    assertEquals(List.of("q/Use.java:18"), run.sites(DependentKind.LAMBDA, true));
    assertEquals(List.of("q/Use.java:5"), run.sites(DependentKind.CALL, true));
    assertEquals(List.of(), run.errorsAfter(), "every edit applied, javac accepts the corpus");
  }

  @Test
  void aConcreteClassBelowAConcreteOverriderDoesNotBreakUntilThatOneChanges() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("o/Task.java", """
        package o;

        public abstract class Task {
          public abstract boolean done();
        }
        """);
    texts.put("o/Simple.java", """
        package o;

        public class Simple extends Task {
          @Override
          public boolean done() {
            return true;
          }
        }
        """);
    texts.put("o/Multi.java", """
        package o;

        public class Multi extends Simple {
          @Override
          public boolean done() {
            return false;
          }
        }
        """);
    Run run = change(texts, "o/Task.java", "public abstract boolean done();", "public abstract boolean done(int tries);");
    // javac rejects Simple (its @Override, and it no longer implements Task) but not Multi, whose
    // @Override names Simple.done and whose concrete superclass javac stops at.
    assertTrue(run.errorsBefore().stream().anyMatch(e -> e.startsWith("o/Simple.java")), run.errorsBefore().toString());
    assertTrue(run.errorsBefore().stream().noneMatch(e -> e.startsWith("o/Multi.java")), run.errorsBefore().toString());
    assertEquals(List.of("o/Simple.java:5"), run.sites(DependentKind.OVERRIDE, true));
    assertEquals(List.of("o/Multi.java:5"), run.sites(DependentKind.OVERRIDE, false));
    assertEquals(List.of(), run.errorsAfter(), "both edited, javac accepts the corpus");
  }

  @Test
  void resourcesWhoseCloseNoLongerImplementsAutoCloseableAreFound() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("r/Conn.java", """
        package r;

        public final class Conn implements AutoCloseable {
          @Override
          public void close() {
          }
        }
        """);
    texts.put("r/Use.java", """
        package r;

        class Use {
          void plain() {
            try (Conn c = new Conn()) {
              c.hashCode();
            }
          }

          void declared() throws Exception {
            try (Conn c = new Conn()) {
              c.hashCode();
            }
          }
        }
        """);
    Run run = change(texts, "r/Conn.java", "public void close() {", "public void close(int code) {");
    // javac (going on to flow analysis despite Conn's own errors, as the bench does) rejects the
    // implicit close() of both resources: Conn is concrete, and there it finds only close(int).
    Map<String, String> changed = new LinkedHashMap<>(texts);
    changed.put("r/Conn.java", texts.get("r/Conn.java").replace("public void close() {", "public void close(int code) {"));
    List<String> flow = JavaSignatureTrackerTest.compile(changed, List.of("-XDshould-stop.ifError=FLOW"));
    assertTrue(flow.stream().anyMatch(e -> e.startsWith("r/Use.java:5: method close in class r.Conn")), flow.toString());
    assertTrue(flow.stream().anyMatch(e -> e.startsWith("r/Use.java:11: method close in class r.Conn")), flow.toString());
    assertEquals(List.of("r/Use.java:5", "r/Use.java:11"), run.sites(DependentKind.CALL, true));
    assertTrue(run.at("r/Use.java", 5).reason().contains("implicit close()"), run.at("r/Use.java", 5).reason());
    assertEquals(List.of(), run.errorsAfter(), "the delegating close() keeps the contract");
  }

  @Test
  void resourcesOfAWriterStillBindToWritersCloseWhereIOExceptionIsHandled() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("w/Sink.java", """
        package w;

        import java.io.Writer;

        public class Sink extends Writer {
          @Override
          public void write(char[] b, int off, int len) {
          }

          @Override
          public void flush() {
          }

          @Override
          public void close() {
          }
        }
        """);
    texts.put("w/Use.java", """
        package w;

        import java.io.IOException;

        class Use {
          void handled() throws IOException {
            try (Sink s = new Sink()) {
              s.flush();
            }
          }

          void unhandled() {
            try (Sink s = new Sink()) {
              s.flush();
            }
          }
        }
        """);
    Run run = change(texts, "w/Sink.java", "public void close() {", "public void close(int code) {");
    Map<String, String> changed = new LinkedHashMap<>(texts);
    changed.put("w/Sink.java", texts.get("w/Sink.java").replace("public void close() {", "public void close(int code) {"));
    List<String> flow = JavaSignatureTrackerTest.compile(changed, List.of("-XDshould-stop.ifError=FLOW"));
    // javac binds both implicit close() calls to Writer.close() throws IOException.
    assertTrue(flow.stream().noneMatch(e -> e.startsWith("w/Use.java:7")), flow.toString());
    assertTrue(flow.stream().anyMatch(e -> e.startsWith("w/Use.java:13: unreported exception")), flow.toString());
    assertEquals(List.of("w/Use.java:13"), run.sites(DependentKind.CALL, true));
    assertEquals(List.of("w/Use.java:7"), run.sites(DependentKind.CALL, false));
  }

  @Test
  void lambdasOfASubinterfaceThatInheritsTheChangedMethodAreFound() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("f/Fn.java", """
        package f;

        public interface Fn<T, R> {
          R apply(T t);
        }
        """);
    texts.put("f/Unary.java", """
        package f;

        public interface Unary<T> extends Fn<T, T> {
          static <T> Unary<T> identity() {
            return t -> t;
          }
        }
        """);
    texts.put("f/Use.java", """
        package f;

        class Use {
          private Unary<String> trim = s -> s.trim();
        }
        """);
    Run run = change(texts, "f/Fn.java", "R apply(T t);", "R apply(T t, int extra);");
    assertTrue(run.errorsBefore().stream().anyMatch(e -> e.startsWith("f/Unary.java:5")), run.errorsBefore().toString());
    assertTrue(run.errorsBefore().stream().anyMatch(e -> e.startsWith("f/Use.java:4")), run.errorsBefore().toString());
    assertEquals(List.of("f/Unary.java:5", "f/Use.java:4"), run.sites(DependentKind.LAMBDA, true));
    assertEquals(List.of(), run.errorsAfter(), "both lambdas take the new parameter");
  }

  @Test
  void changingAMethodThatImplementsAJdkContractIsReportedWithThatContract() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("p/Filter.java", FILTER);
    texts.put("p/Base.java", BASE);
    texts.put("p/Hidden.java", HIDDEN);
    texts.put("p/Use.java", USE);
    Run run = change(texts, "p/Filter.java", "boolean accept(File file);", "boolean accept(File file, int depth);");
    // javac: Filter.accept's @Override no longer names a method; Hidden no longer implements Filter.
    assertEquals(2, run.errorsBefore().size(), run.errorsBefore().toString());
    assertTrue(run.errorsBefore().get(0).startsWith("p/Filter.java:7: method does not override"));
    assertTrue(run.errorsBefore().get(1).startsWith("p/Hidden.java:5: p.Hidden is not abstract"));

    Dependent self = run.at("p/Filter.java", 8);
    assertEquals(DependentKind.OVERRIDDEN, self.kind());
    assertTrue(self.breaks());
    assertTrue(self.reason().contains("java.io.FileFilter.accept(java.io.File)"), self.reason());
    assertTrue(self.reason().contains("constrains this signature"), self.reason());
    // The call through Filter still compiles: it binds to FileFilter.accept(File), which does not change.
    Dependent call = run.at("p/Use.java", 7);
    assertEquals(DependentKind.CALL, call.kind());
    assertFalse(call.breaks());
    assertTrue(call.reason().contains("binds to java.io.FileFilter.accept(java.io.File)"), call.reason());
    // Base is abstract and its @Override still names FileFilter.accept: not broken; Hidden is concrete.
    assertFalse(run.at("p/Base.java", 7).breaks());
    assertTrue(run.at("p/Hidden.java", 7).breaks());
    // The edit keeps FileFilter's signature as a default method delegating to the new one, so the
    // implementations can follow the change and everything compiles.
    assertTrue(self.edit().newText().contains("default boolean accept(File file) {"), self.edit().newText());
    assertTrue(self.edit().newText().contains("return accept(file, /* TODO: depth */ 0);"), self.edit().newText());
    assertEquals(List.of(), run.errorsAfter());
  }

  @Test
  void changingAnOverrideOfAWorkspaceMethodKeepsTheSupertypesContractThroughADelegate() {
    Run run = change(SHAPES, "q/Square.java", "public double area(double scale) {",
        "public double area(double scale, int extra) {");
    assertEquals(List.of("q/Square.java:3: q.Square is not abstract and does not override abstract method area(double)"
        + " in q.Shape", "q/Square.java:4: method does not override or implement a method from a supertype"),
        run.errorsBefore().stream().map(e -> e.replaceAll("\\s+", " ")).collect(Collectors.toList()));
    Dependent up = run.at("q/Shape.java", 4);
    assertEquals(DependentKind.OVERRIDDEN, up.kind());
    assertTrue(up.breaks(), "Square's @Override no longer names a method");
    assertNull(up.edit(), "Shape's other implementations and callers keep its signature");
    Dependent self = run.at("q/Square.java", 5);
    assertEquals(DependentKind.OVERRIDDEN, self.kind());
    assertTrue(self.reason().contains("constrains this signature"), self.reason());
    assertNotNull(self.edit());
    assertEquals(List.of(), run.errorsAfter());
  }

  @Test
  void theDelegateLeavesAnnotationsBeforeOverrideOnTheChangedMethodAndCallsThroughTheOwnerStillCompile() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("r/Base.java", """
        package r;

        public class Base {
          public int size(int unit) {
            return unit;
          }
        }
        """);
    texts.put("r/Box.java", """
        package r;

        public class Box extends Base {
          @SuppressWarnings("unused")
          @Override
          public int size(int unit) {
            return 2 * unit;
          }
        }
        """);
    texts.put("r/Crate.java", """
        package r;

        class Crate extends Box {
          @Override
          public int size(int unit) {
            return super.size(unit) + 1;
          }

          int measure(Box b) {
            return b.size(3);
          }
        }
        """);
    Run run = change(texts, "r/Box.java", "public int size(int unit) {", "public int size(int unit, int extra) {");
    // javac: only Box's @Override; super.size(unit) and b.size(3) bind to Base.size(int).
    assertEquals(1, run.errorsBefore().size(), run.errorsBefore().toString());
    assertFalse(run.at("r/Crate.java", 6).breaks(), run.at("r/Crate.java", 6).reason());
    assertFalse(run.at("r/Crate.java", 10).breaks(), run.at("r/Crate.java", 10).reason());
    assertEquals(List.of(), run.errorsAfter(), "one @SuppressWarnings on each method, both compile");
  }

  static Map<String, String> applyAll(ChangeReport r, Map<String, String> texts) {
    Map<String, String> out = new LinkedHashMap<>(texts);
    for (FileEdit fe : r.fileEdits()) {
      try {
        out.put(fe.path(), FileEdits.apply(out.get(fe.path()), fe));
      } catch (StaleEditException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }
}
