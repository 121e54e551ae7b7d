package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coclone.source.CodeLexer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileSpacingTest {
  private static List<CodeLexer.Tok> lex(String text) {
    return new CodeLexer("java").lex(text);
  }

  @Test
  void aPairTheFileWritesOneWayTwiceIsWrittenThatWay() {
    FileSpacing s = FileSpacing.of(lex("synchronized(a) {\n  x = (byte)0;\n}\nsynchronized(b) {\n  y = a - 1;\n}\n"),
        lex("z = b - 1;\n"));
    assertEquals(0, s.space("synchronized", "("));
    assertEquals(1, s.space("-", "1"), "the pieces before and after the cursor count together");
  }

  @Test
  void aPairSeenOnceOrWithoutAClearHabitSaysNothing() {
    FileSpacing s = FileSpacing.of(lex("x = (byte)0;\nif (a) {\n}\nif(b) {\n}\n"));
    assertEquals(FileSpacing.UNKNOWN, s.space(")", "0"));
    assertEquals(FileSpacing.UNKNOWN, s.space("if", "("), "one of each way is no habit");
    assertEquals(FileSpacing.UNKNOWN, s.space("while", "("));
  }

  @Test
  void twoToOneIsAHabitAndALineBreakIsNoPair() {
    FileSpacing s = FileSpacing.of(lex("if (a) {\n}\nif (b) {\n}\nif(c) {\n}\nfoo(a,\n    b);\nfoo(c,\n    d);\n"));
    assertEquals(1, s.space("if", "("));
    assertEquals(FileSpacing.UNKNOWN, s.space(",", "b"));
    assertEquals(FileSpacing.UNKNOWN, s.space(",", "d"));
  }

  @Test
  void aPairIsNotReadAcrossTwoPieces() {
    FileSpacing s = FileSpacing.of(lex("a = b"), lex("c"), lex("b c\n"));
    assertEquals(FileSpacing.UNKNOWN, s.space("b", "c"), "one pair on a line, one across the pieces");
  }
}
