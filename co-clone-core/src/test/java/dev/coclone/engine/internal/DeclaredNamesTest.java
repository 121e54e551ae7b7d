package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names the blocks around the end of a context declare, and which of them it has not used yet. */
class DeclaredNamesTest {
  private final Vocabulary vocab = new Vocabulary();

  /** Reads the context; returns each name read with true when it is not used since its declaration. */
  private Map<String, Boolean> read(String code) {
    int[] ids = JavaIds.of(vocab, code);
    DeclaredNames names = new DeclaredNames();
    int n = names.read(new TokenKinds(vocab), ids, ids.length);
    Map<String, Boolean> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      out.putIfAbsent(vocab.text(names.id(i)), names.unused(i));
    }
    return out;
  }

  @Test
  void parametersAndLocalsOfTheEnclosingBlocksAreReadAndThoseNotUsedYetMarked() {
    Map<String, Boolean> names = read("""
        class A {
          void run(Map<String, Item> items, int limit, String[] args) {
            int count = 0;
            for (Item item : items.values()) {
              int inner = item.size();
              count += inner;
            }
            for (int i = 0; i < limit; i++) {
              count++;
            }
            Item last = null;
            print(""");
    // item, i and inner belong to blocks that closed (item and i to their headers).
    assertEquals(Map.of("items", false, "limit", false, "args", true, "count", false, "last", true), names);
  }

  @Test
  void nothingIsReadWhereTheNextTokenIsNoNameOfAnExpression() {
    assertTrue(read("void run(int limit) { x.").isEmpty(), "after a dot");
    assertTrue(read("void run(int limit) { String").isEmpty(), "after a type: a name is being declared");
    assertTrue(read("void run(int limit) { go(limit)").isEmpty(), "after a closing parenthesis");
    assertFalse(read("void run(int limit) { go(").isEmpty(), "after an opening parenthesis");
  }

  @Test
  void comparisonsAndCallArgumentsAreNoDeclarations() {
    Map<String, Boolean> names = read("void run(int a) { if (a > b) { } go(c, d); x = ");
    assertEquals(Map.of("a", false), names);
  }
}
