package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coclone.source.CodeLexer;
import org.junit.jupiter.api.Test;

class FileSpacingTest {
  private static FileSpacing of(String code) {
    return new FileSpacing(new CodeLexer("java").lex(code));
  }

  @Test
  void aPairTheFileWritesTightTwiceIsTight() {
    FileSpacing f = of("class A {\n  void a() {\n    synchronized(lock) {\n    }\n    synchronized(other) {\n    }\n  }\n}\n");
    assertEquals(Boolean.FALSE, f.space("synchronized", "("));
  }

  @Test
  void aPairTheFileWritesSpacedIsSpaced() {
    FileSpacing f = of("class A {\n  int a() {\n    return (x);\n  }\n  int b() {\n    return (y);\n  }\n}\n");
    assertEquals(Boolean.TRUE, f.space("return", "("));
  }

  @Test
  void aPairSeenOnceOrWrittenBothWaysOrAcrossLinesIsLeftToTheCorpus() {
    assertNull(of("class A {\n  void a() {\n    synchronized(lock) {\n    }\n  }\n}\n").space("synchronized", "("));
    assertNull(of("class A {\n  void a() {\n    f(a);\n    f (b);\n  }\n}\n").space("f", "("));
    // A line break between the two is no spacing habit.
    assertNull(of("class A {\n  int a =\n    1;\n  int b =\n    2;\n}\n").space("=", "1"));
  }
}
