package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LayoutTest {
  @Test
  void anEqualsSignWrittenTightIsFollowedTight() {
    Vocabulary v = new Vocabulary();
    int eq = v.id("=");
    int zero = v.id("0");
    PairSpacing spacing = new PairSpacing();
    for (int i = 0; i < 10; i++) {
      spacing.add(eq, zero, true); // assignments outnumber keyword arguments
    }
    assertEquals("0", new Layout(v::text, spacing, "setup(dry_run=", eq, "=").render(zero));
    assertEquals(" 0", new Layout(v::text, spacing, "    count =", eq, "=").render(zero));
  }

  @Test
  void theFilesOwnSpacingWinsWhereItHasAHabit() {
    Vocabulary v = new Vocabulary();
    int sync = v.id("synchronized");
    int open = v.id("(");
    PairSpacing spacing = new PairSpacing();
    for (int i = 0; i < 10; i++) {
      spacing.add(sync, open, true); // the corpus writes synchronized (lock)
    }
    java.util.List<dev.coclone.source.CodeLexer.Tok> file = new dev.coclone.source.CodeLexer("java")
        .lex("synchronized(a) {\n}\nsynchronized(b) {\n}\n");
    assertEquals("(", new Layout(v::text, spacing, FileSpacing.of(file), "    synchronized", sync, "synchronized")
        .render(open));
    assertEquals(" (", new Layout(v::text, spacing, "    synchronized", sync, "synchronized").render(open));
    assertEquals(" (", new Layout(v::text, spacing, FileSpacing.of(file.subList(0, 0)), "    synchronized", sync,
        "synchronized").render(open), "a file without the pair leaves it to the corpus");
  }
}
