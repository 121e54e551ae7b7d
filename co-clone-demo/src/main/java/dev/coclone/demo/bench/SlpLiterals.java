package dev.coclone.demo.bench;

import dev.coclone.source.CodeLexer;
import dev.coclone.source.Languages;
import dev.coclone.source.SourceFile;

/**
 * SLP-Core's rule for string literals, for comparing next-token figures on its token set: a string
 * literal of 15 characters or more (its quotes included) becomes the empty literal {@code ""}, and
 * shorter ones stay as written (its {@code JavaLexer}). Applied to the text of training and
 * held-out files alike, before the engine reads them.
 */
final class SlpLiterals {
  /** The shortest literal that is collapsed, as in SLP-Core. */
  static final int COLLAPSED_FROM = 15;

  private SlpLiterals() {}

  /**
   * The file with its long string literals collapsed.
   *
   * @param f a source file
   * @return the same file when nothing changes, else a file of the same path with the new text
   */
  static SourceFile collapse(SourceFile f) {
    String language = Languages.fromPath(f.path());
    String text = f.text();
    StringBuilder out = null;
    int copied = 0;
    for (CodeLexer.Tok t : new CodeLexer(language).lex(text)) {
      String tok = t.text();
      if (tok.length() >= COLLAPSED_FROM && isString(tok) && text.startsWith(tok, t.start())) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, t.start()).append("\"\"");
        copied = t.start() + tok.length();
      }
    }
    if (out == null) {
      return f;
    }
    return SourceFile.of(f.path(), out.append(text, copied, text.length()).toString());
  }

  /** A string literal: it begins (after a Python prefix such as {@code f} or {@code rb}) and ends with a quote. */
  static boolean isString(String tok) {
    int i = 0;
    while (i < tok.length() && i < 2 && Character.isLetter(tok.charAt(i))) {
      i++;
    }
    if (i >= tok.length()) {
      return false;
    }
    char q = tok.charAt(i);
    return (q == '"' || q == '\'' || q == '`') && tok.length() - i >= 2 && tok.charAt(tok.length() - 1) == q;
  }
}
