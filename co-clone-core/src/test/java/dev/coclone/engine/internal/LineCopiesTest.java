package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineCopiesTest {
  @Test
  void twoLinesThatBeginLikeTheCursorsGiveTheRestTheyShare() {
    String prefix = String.join("\n",
        "class A {",
        "  A(String name, String kind) {",
        "    Objects.requireNonNull(name, \"name\");",
        "    Objects.requireNonNull(kind, \"kind\");",
        "    Objects.requireNonNull(");
    assertEquals("", LineCopies.continuation(prefix, "\n  }\n}\n")); // they part at once
    String typed = prefix.substring(0, prefix.lastIndexOf('\n') + 1) + "    Objects.requ";
    assertEquals("ireNonNull(", LineCopies.continuation(typed, "\n  }\n}\n"));
  }

  @Test
  void linesAfterTheCursorCountAndSpacingIsTheirs() {
    String prefix = "    throw new NullPointerException (\"x\");\n  }\n  if (y == null) {\n    thr";
    String suffix = "\n  }\n  if (z == null) {\n\tthrow new NullPointerException (\"z\");\n";
    assertEquals("ow new NullPointerException (\"", LineCopies.continuation(prefix, suffix));
  }

  @Test
  void oneAlikeLineIsNotEnoughNorIsTextAfterTheCursorOrABlankLine() {
    String prefix = "    total += price(a);\n    total += ";
    assertEquals("", LineCopies.continuation(prefix, "\n"));
    String two = "    total += price(a);\n    total += price(b);\n    total += ";
    assertEquals("price(", LineCopies.continuation(two, "\n"));
    assertEquals("", LineCopies.continuation(two, "price(c);\n"));
    assertEquals("", LineCopies.continuation("    total += price(a);\n    total += price(b);\n    ", "\n"));
  }

  @Test
  void theLeadingRestMustHoldThreeQuartersOfTheLinesStillAlike() {
    assertEquals("get(", LineCopies.agreed(List.of("get(a)", "get(b)", "get(c)", "put(d)")));
    assertEquals("get(a)", LineCopies.agreed(List.of("get(a)", "get(a)", "get(a)", "put(d)")));
    assertEquals("", LineCopies.agreed(List.of("get(a)", "get(b)", "put(c)", "put(d)")));
    assertEquals("x", LineCopies.agreed(List.of("x", "x", "x1")));
  }
}
