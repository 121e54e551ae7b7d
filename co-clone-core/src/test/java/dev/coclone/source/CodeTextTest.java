package dev.coclone.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CodeTextTest {
  @Test
  void scanSkipsStringLiteralsWithTheirEscapes() {
    // The commas inside the first string (one after an escaped quote) are not code: the first
    // comma of code is the one after that string.
    String line = "f(\"a, \\\" b,\", 'c,', `d,`), e";
    assertEquals(line.indexOf("\", '") + 1, CodeText.scan(line, (i, ch) -> ch == ','));
    int[] commas = {0};
    CodeText.scan(line, (i, ch) -> {
      commas[0] += ch == ',' ? 1 : 0;
      return false;
    });
    assertEquals(3, commas[0], "the three commas between the arguments, none of the four inside the literals");
    assertEquals(-1, CodeText.scan("\"only, a string", (i, ch) -> ch == ','), "an open literal runs to the end");
  }

  @Test
  void lineCommentStartsOutsideStringsOnly() {
    assertEquals(11, CodeText.lineCommentStart("x = \"#no\"  # yes", true));
    assertEquals(-1, CodeText.lineCommentStart("url = \"http://a\"", false));
    assertEquals(17, CodeText.lineCommentStart("url = \"http://a\" // b", false));
    assertEquals(-1, CodeText.lineCommentStart("a / b", false), "one slash is division");
  }

  @Test
  void previousCodeLineSkipsBlankLinesAndTheCursorsLine() {
    assertEquals("  int x;", CodeText.previousCodeLine("class A {\n  int x;\n\n   \n  in"));
    assertNull(CodeText.previousCodeLine("first line"));
    assertNull(CodeText.previousCodeLine("\n\nx"));
  }
}
