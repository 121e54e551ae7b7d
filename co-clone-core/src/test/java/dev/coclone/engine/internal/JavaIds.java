package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.List;

/** Java code as the engine's readers get it in tests: token ids, without the lexer's last line-break marker. */
final class JavaIds {
  private JavaIds() {}

  static int[] of(Vocabulary vocab, String code) {
    List<CodeLexer.Tok> toks = new CodeLexer("java").lex(code);
    if (toks.get(toks.size() - 1).text().equals(CodeLexer.NEWLINE)) {
      toks = toks.subList(0, toks.size() - 1);
    }
    int[] ids = new int[toks.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = vocab.id(toks.get(i).text());
    }
    return ids;
  }
}
