package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.List;
import java.util.Set;

/**
 * The name a Java file's top-level type is being given: a public top-level type must be named as its
 * file, and the file's other top-level types seldom are anything else at the header the user is
 * writing. Where the cursor is at the name of a {@code class}, {@code interface}, {@code enum} or
 * {@code record} outside every brace ({@code public class Arr} in {@code ArraysSupport.java}), the
 * name is the file's; the model, which has not seen the file's name where it is declared, guessed
 * another type of the corpus there ({@code Arrays}) or nothing.
 */
public final class FileTypeName {
  private static final Set<String> DECLARES = Set.of("class", "interface", "enum", "record");

  private FileTypeName() {}

  /**
   * The file's type name where the cursor is at a top-level type's name, or null.
   *
   * @param language   the file's language (only Java is judged)
   * @param filePath   the file's path, whose name without {@code .java} is the type's
   * @param prefixToks the tokens before the cursor, the word being typed last
   * @param partial    the word being typed ("" for none)
   * @return the whole name (it extends {@code partial}), or null where this is no such cursor, the
   *         file's name is no Java name, or a type of that name is declared before the cursor already
   */
  public static String at(String language, String filePath, List<CodeLexer.Tok> prefixToks, String partial) {
    if (!"java".equals(language) || filePath == null || !filePath.endsWith(".java")) {
      return null;
    }
    String base = filePath.substring(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1,
        filePath.length() - ".java".length());
    if (base.isEmpty() || !Character.isJavaIdentifierStart(base.charAt(0)) || base.contains("-")
        || base.length() <= partial.length() || !base.startsWith(partial)) {
      return null;
    }
    for (int i = 1; i < base.length(); i++) {
      if (!Character.isJavaIdentifierPart(base.charAt(i))) {
        return null;
      }
    }
    int n = prefixToks.size() - (partial.isEmpty() ? 0 : 1);
    if (n < 1 || !DECLARES.contains(prefixToks.get(n - 1).text())) {
      return null;
    }
    int depth = 0;
    for (int i = 0; i < n; i++) {
      String t = prefixToks.get(i).text();
      if (t.equals("{")) {
        depth++;
      } else if (t.equals("}")) {
        depth--;
      } else if (t.equals(base) && i > 0 && DECLARES.contains(prefixToks.get(i - 1).text())) {
        return null; // declared already: this header is another type's
      }
    }
    return depth == 0 ? base : null;
  }

  /** Modifiers a constructor's header may begin with. */
  private static final Set<String> ACCESS = Set.of("public", "protected", "private");

  /**
   * The file's type name where the cursor is at a constructor's name: right inside the body of the
   * top-level class, enum or record named as the file, after a {@code ;}, {@code {} or {@code }}, a
   * line that holds only an access modifier (or nothing) before a name being typed that the file's
   * name extends ({@code public UTF_} in {@code UTF_32.java}: not {@code UTF_32LE}, another class of
   * the corpus). A field or method of the class's own type begins alike and is judged so too: at
   * 6,000 java.base dev-split cursors this made 7 wrong suggestions right and one right one wrong
   * ({@code protected S} → {@code tringBufferInputStream} for the field {@code String buffer}).
   *
   * @return the whole name, or null where this is no such cursor
   */
  public static String constructorAt(String language, String filePath, List<CodeLexer.Tok> prefixToks,
      String partial) {
    if (!"java".equals(language) || filePath == null || !filePath.endsWith(".java") || partial.isEmpty()) {
      return null;
    }
    String base = filePath.substring(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1,
        filePath.length() - ".java".length());
    if (base.length() <= partial.length() || !base.startsWith(partial)) {
      return null;
    }
    int n = prefixToks.size() - 1; // the name being typed is the last token
    int line = prefixToks.get(n).line();
    int k = n - 1;
    while (k >= 0 && prefixToks.get(k).line() == line) {
      if (!ACCESS.contains(prefixToks.get(k).text())) {
        return null;
      }
      k--;
    }
    while (k >= 0 && CodeLexer.isLayout(prefixToks.get(k).text())) {
      k--;
    }
    String before = k < 0 ? "" : prefixToks.get(k).text();
    if (!before.equals(";") && !before.equals("{") && !before.equals("}")) {
      return null; // the line goes on from the one before (a parameter list), or the file has no body yet
    }
    int depth = 0;
    boolean ownBody = false;
    for (int i = 0; i < n; i++) {
      String t = prefixToks.get(i).text();
      if (t.equals("{")) {
        if (depth == 0) {
          ownBody = declares(prefixToks, i, base);
        }
        depth++;
      } else if (t.equals("}")) {
        depth--;
      }
    }
    return depth == 1 && ownBody ? base : null;
  }

  /** True if the tokens before the brace at {@code brace} declare a class, enum or record named {@code name}. */
  private static boolean declares(List<CodeLexer.Tok> toks, int brace, String name) {
    for (int i = brace - 1; i > 0; i--) {
      String t = toks.get(i).text();
      if (t.equals(";") || t.equals("}") || t.equals("{")) {
        return false;
      }
      if (t.equals(name) && (toks.get(i - 1).text().equals("class") || toks.get(i - 1).text().equals("enum")
          || toks.get(i - 1).text().equals("record"))) {
        return true;
      }
    }
    return false;
  }
}
