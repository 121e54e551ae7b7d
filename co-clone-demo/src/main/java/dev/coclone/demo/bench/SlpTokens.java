package dev.coclone.demo.bench;

import dev.coclone.source.CodeLexer;
import dev.coclone.source.Languages;
import dev.coclone.source.SourceFile;
import java.util.List;
import java.util.Set;

/**
 * SLP-Core's token rules, for comparing next-token figures on its token set (its {@code JavaLexer}):
 * a string literal of 15 characters or more (its quotes included) becomes the empty literal
 * {@code ""} (shorter ones stay as written), and a {@code >>} or {@code >>>} that closes type
 * arguments is two or three {@code >} tokens. Applied to the text of training and held-out files
 * alike, before the engine reads them.
 */
final class SlpTokens {
  /** The shortest literal that is collapsed, as in SLP-Core. */
  static final int COLLAPSED_FROM = 15;
  private static final Set<String> IN_TYPE_ARGUMENTS = Set.of(",", ".", "?", "[", "]", "extends", "super",
      "byte", "short", "int", "long", "float", "double");

  private SlpTokens() {}

  /**
   * The file with SLP-Core's rules applied.
   *
   * @param f a source file
   * @return the same file when nothing changes, else a file of the same path with the new text
   */
  static SourceFile collapse(SourceFile f) {
    String language = Languages.fromPath(f.path());
    String text = f.text();
    StringBuilder out = null;
    int copied = 0;
    List<CodeLexer.Tok> toks = new CodeLexer(language).lex(text);
    for (int i = 0; i < toks.size(); i++) {
      CodeLexer.Tok t = toks.get(i);
      String tok = t.text();
      String replaced = null;
      if (tok.length() >= COLLAPSED_FROM && isString(tok)) {
        replaced = "\"\"";
      } else if ((tok.equals(">>") || tok.equals(">>>")) && "java".equals(language) && closesTypeArguments(toks, i)) {
        replaced = tok.replace(">>", "> >").replace("> >>", "> > >");
      }
      if (replaced != null && text.startsWith(tok, t.start())) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, t.start()).append(replaced);
        copied = t.start() + tok.length();
      }
    }
    if (out == null) {
      return f;
    }
    return SourceFile.of(f.path(), out.append(text, copied, text.length()).toString());
  }

  /**
   * SLP-Core's test: looking back over punctuation of types, type names (capitalized) and primitive
   * types, the first other token is an angle bracket.
   */
  private static boolean closesTypeArguments(List<CodeLexer.Tok> toks, int at) {
    for (int j = at - 1; j >= 0; j--) {
      String s = toks.get(j).text();
      if (CodeLexer.isLayout(s) || IN_TYPE_ARGUMENTS.contains(s) || Character.isUpperCase(s.charAt(0))) {
        continue;
      }
      return s.chars().allMatch(c -> c == '<' || c == '>');
    }
    return false;
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
