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
}
