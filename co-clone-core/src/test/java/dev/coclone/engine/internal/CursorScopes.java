package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.ArrayList;
import java.util.List;

/** The scope the engine reads at a cursor, for the tests of what is built on it. */
final class CursorScopes {
  private CursorScopes() {}

  /**
   * The scope at a cursor between a prefix and a suffix, read as the engine reads it: layout tokens
   * at the prefix's end dropped, the cursor line's indentation from the text before the cursor.
   */
  static Scope at(String language, String prefix, String suffix) {
    String lineBefore = prefix.substring(prefix.lastIndexOf('\n') + 1);
    return at(language, prefix, suffix, lineBefore.length() - lineBefore.stripLeading().length());
  }

  /** The same with the cursor line's indentation given. */
  static Scope at(String language, String prefix, String suffix, int indent) {
    CodeLexer lexer = new CodeLexer(language);
    List<CodeLexer.Tok> toks = new ArrayList<>(lexer.lex(prefix));
    while (!toks.isEmpty() && CodeLexer.isLayout(toks.get(toks.size() - 1).text())) {
      toks.remove(toks.size() - 1);
    }
    int cursor = toks.size();
    toks.addAll(lexer.lex(suffix));
    return ScopeReader.read(language, toks, cursor, indent);
  }
}
