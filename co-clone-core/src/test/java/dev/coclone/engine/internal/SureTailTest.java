package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SureTailTest {
  @Test
  void theSureTokensRightAfterTheSafeCutStay() {
    // f ( "a1" : the ( is sure, the argument a guess
    assertEquals(2, SureTail.end(1, 3, new double[] {0.4, 0.99, 0.25}));
    // x = foo ( a : "= foo (" sure, then a guess at "a"
    assertEquals(4, SureTail.end(1, 5, new double[] {0.9, 0.95, 0.85, 0.9, 0.3}));
  }

  @Test
  void aTokenBelowTheBarEndsTheTail() {
    assertEquals(1, SureTail.end(1, 3, new double[] {0.9, SureTail.MIN_SURE - 0.01, 0.99}));
    assertEquals(2, SureTail.end(1, 4, new double[] {0.9, SureTail.MIN_SURE, 0.5, 0.99}));
  }

  @Test
  void withNoSafeCutNothingIsKept() {
    assertEquals(0, SureTail.end(0, 2, new double[] {0.99, 0.99}));
  }

  @Test
  void theTailNeverGoesPastWhatWasDecoded() {
    assertEquals(3, SureTail.end(2, 3, new double[] {0.9, 0.9, 0.9, 0.9}));
    assertEquals(3, SureTail.end(3, 3, new double[] {0.9, 0.9, 0.9, 0.9}));
  }

  @Test
  void aSureWordGoesOnButNotASureKeywordOrPunctuation() {
    assertTrue(SureTail.sureWord("count", SureTail.SURE_WORD, "java"));
    assertTrue(SureTail.sureWord("HashMap", 0.95, "java"));
    assertTrue(SureTail.sureWord("\"utf-8\"", 0.9, "python"));
    assertTrue(SureTail.sureWord("42", 0.9, "java"));
    assertFalse(SureTail.sureWord("count", SureTail.SURE_WORD - 0.01, "java"));
    assertFalse(SureTail.sureWord("return", 0.99, "java"));
    assertFalse(SureTail.sureWord("None", 0.99, "python"));
    assertFalse(SureTail.sureWord(")", 0.99, "java"));
    assertFalse(SureTail.sureWord(";", 0.99, "java"));
  }
}
