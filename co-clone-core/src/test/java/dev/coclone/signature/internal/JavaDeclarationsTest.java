package dev.coclone.signature.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coclone.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading only the changed declaration gives exactly what reading the whole file gives. */
class JavaDeclarationsTest {
  private static final String FILE = String.join("\n",
      "package p;",
      "",
      "public class Shop {",
      "  /** Adds. */",
      "  public int add(String item,",
      "      int quantity) {",
      "    Runnable r = new Runnable() {",
      "      @Override public void run() { }",
      "    };",
      "    return quantity;",
      "  }",
      "",
      "  @Deprecated",
      "  static long total(long a) {",
      "    return a;",
      "  }",
      "",
      "  class Inner {",
      "    Inner(int x) {",
      "      if (x > 0) {",
      "        System.out.println(x);",
      "      }",
      "    }",
      "  }",
      "",
      "  void last() {}",
      "}",
      "");

  private final JavaDeclarations d = new JavaDeclarations();

  private void same(String changed) {
    ParsedFile accepted = d.parse(SourceFile.of("p/Shop.java", FILE));
    ParsedFile full = d.parse(SourceFile.of("p/Shop.java", changed));
    ParsedFile part = d.parseChanged(accepted, SourceFile.of("p/Shop.java", changed));
    assertEquals(full.problem() == null, part.problem() == null, changed);
    assertEquals(full.signatures(), part.signatures(), changed);
  }

  @Test
  void editsInsideOneDeclarationMatchAWholeParse() {
    same(FILE.replace("  static long total(long a) {", "  static long total(long a, long b) {"));
    same(FILE.replace("    return a;", "    long b = a * 2;\n    return b;"));
    same(FILE.replace("    Inner(int x) {", "    Inner(int x,\n          int y) {"));
    same(FILE.replace("  void last() {}", "  void last(String s) {}"));
    same(FILE.replace("      if (x > 0) {\n", "      if (x > 0 &&\n          x < 9) {\n"));
  }

  @Test
  void editsOutsideOrAcrossDeclarationsFallBackToAWholeParse() {
    same(FILE.replace("  @Deprecated\n", ""));
    same(FILE.replace("      @Override public void run() { }", "      @Override public void run(int z) { }"));
    same(FILE.replace("  public int add(String item,", "  public int put(String item,"));
    same(FILE.replace("  void last() {}", "  void last() {}\n  void more() {}"));
    same(FILE.replace("    return a;\n  }", "    return a;\n  }\n  void extra() {\n  }"));
    same(FILE.replace("  /** Adds. */", "  /** Adds one. */"));
  }

  @Test
  void aBrokenEditReportsTheWholeFilesProblem() {
    ParsedFile accepted = d.parse(SourceFile.of("p/Shop.java", FILE));
    ParsedFile part = d.parseChanged(accepted, SourceFile.of("p/Shop.java",
        FILE.replace("  static long total(long a) {", "  static long total(long a, {")));
    assertNotNull(part.problem());
    assertEquals(14, part.problem().line());
    assertEquals(List.of(), part.signatures());
    assertNull(d.parseChanged(accepted, SourceFile.of("p/Shop.java", FILE)).problem());
  }
}
