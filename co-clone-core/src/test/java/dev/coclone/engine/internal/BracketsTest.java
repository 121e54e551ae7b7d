package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the open brackets, and what a closing parenthesis closed, rule out as the next token. */
class BracketsTest {
  private final Vocabulary vocab = new Vocabulary();

  /** The ids of Java code as the lexer reads it (with its line-break markers, but the last one). */
  private int[] ids(String code) {
    return JavaIds.of(vocab, code);
  }

  /** Whether each of the tokens is ruled out after the code (its brackets and, by Java's shapes, what a ) closed). */
  private boolean[] ruledOut(String code, String... tokens) {
    int[] ctx = ids(code);
    for (String t : List.of(";", ")", "]", "}", "{", ",", ".", "=", "throws", "return", "x", "(", "[")) {
      vocab.id(t);
    }
    Brackets b = new Brackets(vocab);
    TokenKinds kinds = new TokenKinds(vocab);
    int open = b.innermost(ctx, ctx.length);
    int closed = b.closed(kinds, ctx, ctx.length);
    boolean[] out = new boolean[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      int id = vocab.lookup(tokens[i]);
      out[i] = b.rulesOut(id, open) || b.rulesOutAfter(id, closed);
    }
    return out;
  }

  @Test
  void aClosingBracketMustMatchTheInnermostOpenOne() {
    assertArrayEquals(new boolean[] {true, false, true, true},
        ruledOut("void f() { g(a, h(b)", ";", ")", "]", "}"));
    assertArrayEquals(new boolean[] {false, true, true, false}, ruledOut("void f() { g(a);", ";", ")", "]", "}"));
    assertArrayEquals(new boolean[] {true, true, false, true},
        ruledOut("void f() { int[] a = b[i", ";", ")", "]", "}"));
    // A lambda's block inside the arguments: its statements end with ; and its } comes before the ).
    assertArrayEquals(new boolean[] {false, true, false}, ruledOut("void f() { run(() -> { go()", ";", ")", "}"));
  }

  @Test
  void aSemicolonIsAllowedInTheHeaderOfAForOrTry() {
    assertArrayEquals(new boolean[] {false}, ruledOut("void f() { for (int i = 0", ";"));
    assertArrayEquals(new boolean[] {false}, ruledOut("void f() { try (var in = open()", ";"));
    assertArrayEquals(new boolean[] {true}, ruledOut("void f() { while (i < n", ";"));
  }

  @Test
  void nothingIsRuledOutWhereNoOpenBracketIsFound() {
    // A suggestion's window may start inside a block: no open bracket read is no evidence.
    assertArrayEquals(new boolean[] {false, false, false}, ruledOut("x = 1;", ")", "}", ";"));
  }

  @Test
  void aStatementFollowsTheHeaderOfAnIfOrWhile() {
    assertArrayEquals(new boolean[] {true, true, true, false, false},
        ruledOut("void f() { if (a == b)", ";", ".", "=", "{", "return"));
    // while (..); ends a do loop.
    assertArrayEquals(new boolean[] {false, true}, ruledOut("void f() { do { } while (a < b)", ";", "."));
  }

  @Test
  void noBlockFollowsACallAndOnlyABodyOrSemicolonFollowsADeclaration() {
    assertArrayEquals(new boolean[] {true, false, false}, ruledOut("void f() { x = list.get(i)", "{", ";", "."));
    assertArrayEquals(new boolean[] {false, false, false, true, true},
        ruledOut("class A { private void run(int a)", "{", ";", "throws", ".", "="));
    // A constructor after a field's ;, on a line of its own.
    assertArrayEquals(new boolean[] {false, true}, ruledOut("class Abc { int n;\n Abc(int n)", "{", "."));
  }

  @Test
  void anAnonymousClassAnEnumConstantAndARecordAreNotRead() {
    int[] ctx = ids("Runnable r = new Runnable()");
    vocab.id("{");
    Brackets b = new Brackets(vocab);
    TokenKinds kinds = new TokenKinds(vocab);
    assertEquals(Brackets.ANONYMOUS, b.closed(kinds, ctx, ctx.length));
    assertFalse(b.rulesOutAfter(vocab.lookup("{"), Brackets.ANONYMOUS));
    ctx = ids("enum E { A(1), B(2)");
    assertEquals(Brackets.UNKNOWN, b.closed(new TokenKinds(vocab), ctx, ctx.length));
    ctx = ids("record Point(int x, int y)");
    assertEquals(Brackets.UNKNOWN, b.closed(new TokenKinds(vocab), ctx, ctx.length));
    ctx = ids("class A { void f() { g(x)");
    assertEquals(Brackets.CALL, b.closed(new TokenKinds(vocab), ctx, ctx.length));
  }

  @Test
  void loweringKeepsTheOtherCandidatesInOrderAndLowersTheRuledOutOnesToTheEnd() {
    int[] ctx = ids("void f() { g(a, h(b)");
    int semi = vocab.id(";");
    int close = vocab.id(")");
    int comma = vocab.id(",");
    Brackets b = new Brackets(vocab);
    Predictor.Ranking r = new Predictor.Ranking(3);
    r.ids[0] = semi;
    r.probs[0] = 0.5;
    r.ids[1] = close;
    r.probs[1] = 0.3;
    r.ids[2] = comma;
    r.probs[2] = 0.1;
    r.size = 3;
    b.lower(r, ctx, ctx.length, new TokenKinds(vocab));
    assertArrayEquals(new int[] {close, comma, semi}, r.ids);
    assertEquals(0.3, r.probs[0]);
    assertEquals(0.5 * Brackets.RULED_OUT, r.probs[2], 1e-12);
    assertTrue(r.probs[1] > r.probs[2]);
    assertFalse(r.probs[0] < r.probs[1]);
  }

  /** What {@link Brackets#block} reads at the end of the code. */
  private int block(String code) {
    int[] ctx = ids(code);
    return new Brackets(vocab).block(new TokenKinds(vocab), ctx, ctx.length);
  }

  @Test
  void aTypesBodyHoldsNoStatementsAndABlockOfStatementsNoMemberModifiers() {
    assertEquals(Brackets.CLASS_BODY, block("class A<T extends Comparable<T>> implements B {\n int x;\n"));
    assertEquals(Brackets.CLASS_BODY, block("class A { void f() { }\n"));
    assertEquals(Brackets.CLASS_BODY, block("Runnable r = new Runnable() {\n"));
    assertEquals(Brackets.STATEMENTS, block("class A { void f() throws IOException {\n"));
    assertEquals(Brackets.STATEMENTS, block("class A { void f(int a) { if (a > 0) { go(); } else {\n"));
    assertEquals(Brackets.STATEMENTS, block("class A { Runnable r = () -> {\n"));
    assertEquals(Brackets.BLOCK_UNKNOWN, block("int[] a = {"), "an array's initializer");
    assertEquals(Brackets.BLOCK_UNKNOWN, block("void f() { go(a,"), "inside parentheses");
    for (String t : List.of("if", "return", "private", "@Override", "int")) {
      vocab.id(t);
    }
    Brackets b = new Brackets(vocab);
    assertTrue(b.rulesOutIn(vocab.lookup("if"), Brackets.CLASS_BODY));
    assertFalse(b.rulesOutIn(vocab.lookup("private"), Brackets.CLASS_BODY));
    assertTrue(b.rulesOutIn(vocab.lookup("@Override"), Brackets.STATEMENTS));
    assertFalse(b.rulesOutIn(vocab.lookup("return"), Brackets.STATEMENTS));
    assertFalse(b.rulesOutIn(vocab.lookup("int"), Brackets.STATEMENTS));
    assertFalse(b.rulesOutIn(vocab.lookup("return"), Brackets.BLOCK_UNKNOWN));
  }

  /** What {@link Brackets#closedBlock} reads at the end of the code. */
  private int closedBlock(String code) {
    int[] ctx = ids(code);
    return new Brackets(vocab).closedBlock(new TokenKinds(vocab), ctx, ctx.length);
  }

  @Test
  void elseFollowsOnlyAnIfsBlockAndCatchOnlyATrysOrACatchs() {
    assertEquals(Brackets.CLOSED_IF, closedBlock("void f() { if (a) { go(); } else if (b) { stop(); }\n"));
    assertEquals(Brackets.CLOSED_TRY, closedBlock("void f() { try { go(); }\n"));
    assertEquals(Brackets.CLOSED_TRY,
        closedBlock("void f() { try (var in = open()) { go(); } catch (IOException e) { }\n"));
    assertEquals(Brackets.CLOSED_OTHER, closedBlock("void f() { for (int i = 0; i < n; i++) { go(); }\n"));
    assertEquals(Brackets.CLOSED_OTHER, closedBlock("void f() { if (a) { go(); } else { stop(); }\n"));
    assertEquals(Brackets.CLOSED_OTHER, closedBlock("class A { void f(int a) { go(); }\n"));
    assertEquals(Brackets.CLOSED_UNKNOWN, closedBlock("go(); }"), "no open brace read");
    for (String t : List.of("else", "catch", "finally")) {
      vocab.id(t);
    }
    Brackets b = new Brackets(vocab);
    assertFalse(b.rulesOutAfterBlock(vocab.lookup("else"), Brackets.CLOSED_IF));
    assertTrue(b.rulesOutAfterBlock(vocab.lookup("catch"), Brackets.CLOSED_IF));
    assertTrue(b.rulesOutAfterBlock(vocab.lookup("else"), Brackets.CLOSED_TRY));
    assertFalse(b.rulesOutAfterBlock(vocab.lookup("finally"), Brackets.CLOSED_TRY));
    assertTrue(b.rulesOutAfterBlock(vocab.lookup("else"), Brackets.CLOSED_OTHER));
    assertFalse(b.rulesOutAfterBlock(vocab.lookup("else"), Brackets.CLOSED_UNKNOWN));
  }
}
