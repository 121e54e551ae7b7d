package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class LineHabitsTest {
  @Test
  void oneArgumentPerLineCutsTheSuggestionAfterItsItem() {
    LineHabits h = new LineHabits("python", "codecs.CodecInfo(\n    incrementaldecoder=IncrementalDecoder,\n"
        + "    streamreader=S", "\n    streamwriter=StreamWriter,\n)\n");
    assertEquals("treamReader,", h.apply("treamReader, streamwriter=StreamWriter,)", "S"));
  }

  @Test
  void aTableLineThatHasItsItemGetsNothingBeforeItsComment() {
    String prefix = "decoding_table = (\n    '\\xd2'     #  0xD2 -> LATIN CAPITAL LETTER O WITH GRAVE\n    '\\xd3'";
    String suffix = "\n    '\\xd4'     #  0xD4 -> LATIN CAPITAL LETTER O WITH CIRCUMFLEX\n)\n";
    LineHabits h = new LineHabits("python", prefix, suffix);
    assertEquals("", h.apply(" '\\xd4' '\\xd5' '\\xd6'", ""));
  }

  @Test
  void aMapEntryPerLineKeepsTheEntryAndDropsTheNext() {
    String prefix = "m = {\n    0x03b3: 0x00ea,     #  GREEK SMALL LETTER GAMMA\n    0x03";
    String suffix = "\n    0x03b5: 0x00ee,     #  GREEK SMALL LETTER EPSILON\n}\n";
    LineHabits h = new LineHabits("python", prefix, suffix);
    assertEquals("b4: 0x00eb,", h.apply("b4: 0x00eb, 0x03b5: 0x00ee", "0x03"));
  }

  @Test
  void statementsBetweenStatementsAreLeftAlone() {
    LineHabits h = new LineHabits("java", "class A {\n  int a = 1;\n  int b = ", "\n  int c = 3;\n}\n");
    assertFalse(h.limits());
    assertEquals("compute(x, y);", h.apply("compute(x, y);", ""));
  }

  @Test
  void aVisibleRestOfTheLineLeavesTheSuggestionAlone() {
    LineHabits h = new LineHabits("java", "call(\n    a,\n    b", ", x,\n    c,\n);\n");
    assertFalse(h.limits());
    assertEquals(", d, e", h.apply(", d, e", ""));
  }

  @Test
  void argumentsOfUnevenLengthOnePerLineStopAtTheFirstComma() {
    LineHabits h = new LineHabits("python", "    codecs.CodecInfo(\n        encode=Codec().encode,\n"
        + "        incrementalencoder=IncrementalEncode", "\n        streamreader=StreamReader,\n    )\n");
    assertEquals("r,", h.apply("r, incrementaldecoder=IncrementalDecoder(x, y), streamreader=StreamReader", "IncrementalEncode"));
  }

  @Test
  void aLineThatOpensItsOwnBracketKeepsItsCommas() {
    LineHabits h = new LineHabits("python", "x = [\n    a,\n    f(b", "\n    c,\n]\n");
    assertEquals(", c)", h.apply(", c)", ""));
  }
}
