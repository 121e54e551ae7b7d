package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The types the file being written declares, read as it grows, and their members at the cursor. */
class FileTypesTest {
  private final Vocabulary vocab = new Vocabulary();

  private int[] ids(String code) {
    return JavaIds.of(vocab, code);
  }

  /** Declarations of a corpus of one file (its types are the corpus's). */
  private Declarations corpus(int[] file) {
    int[] reversed = new int[file.length];
    for (int i = 0; i < file.length; i++) {
      reversed[i] = file[file.length - 1 - i];
    }
    BitSet java = new BitSet();
    java.set(0);
    return Declarations.read(reversed, vocab, new int[] {0}, java);
  }

  private Set<String> names(int[] members) {
    Set<String> out = new TreeSet<>();
    for (int m : members) {
      out.add(vocab.text(m));
    }
    return out;
  }

  private int id(String text) {
    return vocab.lookup(text);
  }

  @Test
  void membersReadSoFarWithTheCorpusSupertypesAndTheEnclosingType() {
    int[] base = ids("class Base { int size; void clear() { } }");
    int[] file = ids("""
        class Cart extends Base {
          private final List<Item> items;
          static final int LIMIT = 3;
          int total() { return 0; }
          void add(Item item) {
            Cart other = null;
            other.""");
    Declarations corpus = corpus(base);
    FileTypes types = new FileTypes(corpus.kinds());
    types.update(file, file.length);
    int cart = id("Cart");
    assertTrue(types.declares(cart));
    assertFalse(types.declares(id("Item")), "Item is only used");
    assertEquals(cart, types.enclosing(), "the cursor is in Cart's body");
    assertEquals(Set.of("items", "LIMIT", "total", "add", "size", "clear"), names(types.members(cart, false, corpus)));
    assertEquals(Set.of("LIMIT"), names(types.members(cart, true, corpus)), "what Cart. reaches");
    assertFalse(types.complete(cart, corpus), "its body is still open");
  }

  @Test
  void aTypeWhoseBodyClosedIsCompleteAndTheFileIsReadOnAsItGrows() {
    String head = "class Point { int x; int y; int norm() { return x; } }\nclass User { void run(Point p) { p.";
    int[] file = ids(head + "x ; } void more() { Point q = null; q.");
    int[] shorter = ids("class Other { int z; } Other o; o.");
    Declarations corpus = corpus(ids("class Unrelated { int a; }"));
    FileTypes types = new FileTypes(corpus.kinds());
    int dot = ids(head).length;
    types.update(file, dot);
    int point = id("Point");
    assertEquals(Set.of("x", "y", "norm"), names(types.members(point, false, corpus)));
    assertTrue(types.complete(point, corpus), "Point's body closed and it extends nothing");
    assertEquals(id("User"), types.enclosing());
    types.update(file, file.length); // the same array, read on
    assertEquals(Set.of("run", "more"), names(types.members(id("User"), false, corpus)));
    types.update(shorter, shorter.length); // another array: read again
    assertFalse(types.declares(point), "what the other array declared is forgotten");
    assertTrue(types.declares(id("Other")));
  }

  @Test
  void aSupertypeNobodyDeclaresLeavesTheMembersIncomplete() {
    int[] file = ids("class Cart extends Unknown { int n; }\nclass B { void f(Cart c) { c.");
    Declarations corpus = corpus(ids("class Unrelated { int a; }"));
    FileTypes types = new FileTypes(corpus.kinds());
    types.update(file, file.length);
    assertFalse(types.complete(id("Cart"), corpus), "Unknown's members are not known");
    List<String> seen = new ArrayList<>(names(types.members(id("Cart"), false, corpus)));
    assertEquals(List.of("n"), seen);
  }

  @Test
  void aTypeNameNewToTheCorpusIsReadAndSoAreVariablesDeclaredWithIt() {
    // The kinds know the punctuation and keywords, and no spelling read after them.
    Declarations corpus = corpus(ids("class Unrelated { Object a = null; void g(int b) { b.a(); } }"));
    int[] file = ids("class Fresh { int count; }\nclass U { void f(Unrelated u) { Fresh fresh = null; fresh.");
    FileTypes types = new FileTypes(corpus.kinds());
    types.update(file, file.length);
    int fresh = id("Fresh");
    assertEquals(TokenKinds.NAME_LOWER, corpus.kinds().kind(fresh), "read as a lower-case name");
    assertTrue(types.declares(fresh));
    assertEquals(Set.of("count"), names(types.members(fresh, false, corpus)));
    assertEquals(fresh, types.declaredType(file, file.length - 2), "fresh is a Fresh");
    int[] other = ids("class Fresh { int count; } void f(Unrelated u) { u.");
    types.update(other, other.length);
    assertEquals(-1, types.declaredType(other, other.length - 2), "Unrelated is not the file's");
  }
}
