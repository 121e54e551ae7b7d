package dev.coclone.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The identifiers of code, per line, keywords left out. */
public final class Identifiers {
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
      "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
      "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
      "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "var", "record",
      "yield", "true", "false", "null", "def", "self", "None", "True", "False", "and", "or", "not", "in", "is", "lambda",
      "pass", "from", "as", "with", "global", "nonlocal", "del", "elif", "except", "raise", "async", "await", "let",
      "function", "typeof", "undefined", "of", "export", "delete", "debugger", "String", "Object", "list", "dict",
      "str", "len", "range", "print", "console", "log");

  private Identifiers() {}

  /** True for a non-keyword identifier. */
  public static boolean isIdentifier(String t) {
    return !t.isEmpty() && Character.isJavaIdentifierStart(t.charAt(0)) && !KEYWORDS.contains(t) && t.length() > 1;
  }

  /**
   * Identifiers per line.
   *
   * @param text     source
   * @param language its language
   * @return one list per line (line i at index i)
   */
  public static List<List<String>> perLine(String text, String language) {
    List<List<String>> lines = new ArrayList<>();
    for (CodeLexer.Tok t : new CodeLexer(language).lex(text)) {
      while (lines.size() <= t.line()) {
        lines.add(new ArrayList<>());
      }
      if (isIdentifier(t.text())) {
        lines.get(t.line()).add(t.text());
      }
    }
    return lines;
  }
}
