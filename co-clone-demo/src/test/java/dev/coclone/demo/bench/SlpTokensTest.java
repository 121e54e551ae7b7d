package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import org.junit.jupiter.api.Test;

class SlpTokensTest {
  @Test
  void literalsOfFifteenCharactersOrMoreBecomeTheEmptyLiteralAndTheRestOfTheTextStays() {
    SourceFile f = SourceFile.of("a/B.java", "class B {\n  // \"a comment with a long quote inside\"\n"
        + "  String s = \"fourteen chars\";\n  String t = \"fifteen chars!!\" + x;\n  char c = 'q';\n}\n");
    assertEquals("\"fourteen chars\"".length(), 16, "the quotes count");
    String out = SlpTokens.collapse(f).text();
    assertEquals("class B {\n  // \"a comment with a long quote inside\"\n"
        + "  String s = \"\";\n  String t = \"\" + x;\n  char c = 'q';\n}\n", out);
    SourceFile shortOnly = SourceFile.of("c/D.java", "class D { String s = \"short one\"; }\n");
    assertSame(shortOnly, SlpTokens.collapse(shortOnly), "11 characters with the quotes: kept");
  }

  @Test
  void pythonPrefixesAndQuotesAreStringsToo() {
    assertTrue(SlpTokens.isString("f'{name} was not found'"));
    assertTrue(SlpTokens.isString("rb\"\\x00\""));
    assertFalse(SlpTokens.isString("name"));
    assertFalse(SlpTokens.isString("\""));
    String out = SlpTokens.collapse(SourceFile.of("m.py",
        "raise KeyError(f'{name} was not found in the table')\n")).text();
    assertEquals("raise KeyError(\"\")\n", out);
  }

  @Test
  void shiftsThatCloseTypeArgumentsAreSplitAndRealShiftsAreNot() {
    String out = SlpTokens.collapse(SourceFile.of("E.java", "class E {\n  Map<String, List<Integer>> m;\n"
        + "  List<List<List<int[]>>> deep;\n  int s = a >> 2;\n  int u = b >>> c;\n}\n")).text();
    assertEquals("class E {\n  Map<String, List<Integer> > m;\n  List<List<List<int[]> > > deep;\n"
        + "  int s = a >> 2;\n  int u = b >>> c;\n}\n", out);
  }
}
