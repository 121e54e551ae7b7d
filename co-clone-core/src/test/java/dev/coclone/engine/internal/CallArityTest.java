package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which of {@code ,} and {@code )} the file's earlier calls of the same name say comes next. */
class CallArityTest {
  private final Vocabulary vocab = new Vocabulary();

  private int next(String code) {
    int[] ids = JavaIds.of(vocab, code);
    return new CallArity(new TokenKinds(vocab)).next(ids, ids.length);
  }

  @Test
  void theEarlierCallsArgumentCountDecides() {
    String decl = "void put(String key, int value) { }\nvoid run() { ";
    assertEquals(TokenKinds.COMMA, next(decl + "put(name"), "one argument of two");
    assertEquals(TokenKinds.RPAREN, next(decl + "put(name, size"), "two of two");
    assertEquals(TokenKinds.RPAREN, next(decl + "put(name, f(a, b, c)"), "the inner call's commas are its own");
    assertEquals(TokenKinds.RPAREN, next("int f(int a) { return g(a); }\nvoid h() { f(g(1)"),
        "g took one argument");
  }

  @Test
  void nothingWhereTheCallsDisagreeOrTheNameIsNew() {
    assertEquals(0, next("write(b); write(b, 0, n); write(c"), "one and three arguments: 1 of them");
    assertEquals(TokenKinds.COMMA, next("write(b, 0); write(b, 0, n); write(c"), "two and three: more to come");
    assertEquals(0, next("put(a, b); get(x"), "get was not called before");
    assertEquals(0, next("put(a, b); put("), "nothing of the argument written yet");
    assertEquals(0, next("put(a, b); x = (y"), "not a call's parentheses");
  }
}
