package dev.coclone.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodeLexerTest {
  private static List<String> texts(String language, String src) {
    return new CodeLexer(language).lex(src).stream().map(CodeLexer.Tok::text).toList();
  }

  @Test
  void operatorsAreMatchedLongestFirst() {
    assertEquals(List.of("x", ">>>=", "y", ">>", "z", ">=", "w", ">", "v", ";", CodeLexer.NEWLINE),
        texts("java", "x >>>= y >> z >= w > v;"));
    assertEquals(List.of("a", "?.", "b", "??=", "c", "=>", "d", "===", "e", "!==", "f", CodeLexer.NEWLINE),
        texts("typescript", "a?.b ??= c => d === e !== f"));
  }

  @Test
  void pythonHasItsOwnOperators() {
    assertEquals(List.of("a", "//=", "b", "**", "c", ":=", "d", "->", "e", CodeLexer.NEWLINE),
        texts("python", "a //= b ** c := d -> e"));
    // '//' is an operator in Python, a comment elsewhere.
    assertEquals(List.of("a", "=", "b", CodeLexer.NEWLINE), texts("java", "a = b // c"));
  }

  @Test
  void charactersThatStartNoOperatorAreTokensOfTheirOwn() {
    assertEquals(List.of("f", "(", "a", ",", "b", ")", "[", "0", "]", "@", "é", ";", CodeLexer.NEWLINE),
        texts("java", "f(a, b)[0] @ é;"));
  }
}
