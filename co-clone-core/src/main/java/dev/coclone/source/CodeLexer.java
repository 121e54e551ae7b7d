package dev.coclone.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits source into code tokens, keeping what the engine needs to lay them out again: the
 * whitespace kind before each token and line structure. Comments are dropped; string literals are
 * one token; operators are matched longest first per language; Python gets INDENT and DEDENT.
 */
public final class CodeLexer {
  /** Kind of whitespace before a token. */
  public static final byte SEP_NONE = 0;
  /** One or more spaces on the same line. */
  public static final byte SEP_SPACE = 1;
  /** A line break (the token starts a line). */
  public static final byte SEP_NEWLINE = 2;

  /** Marker text of the line-break token. */
  public static final String NEWLINE = "<nl>";
  /** Marker text of Python's indent token. */
  public static final String INDENT = "<indent>";
  /** Marker text of Python's dedent token. */
  public static final String DEDENT = "<dedent>";

  private static final String[] C_OPERATORS = {">>>=", "<<=", ">>=", ">>>", "...", "===", "!==", "**=", "&&=", "||=",
      "??=", "->", "::", "++", "--", "&&", "||", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
      "<<", ">>", "=>", "?.", "??", "**"};
  private static final String[] PY_OPERATORS = {"**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "==", "!=",
      "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>"};

  /**
   * A lexed token.
   *
   * @param text       the token text (or a marker)
   * @param sep        whitespace kind before it
   * @param line       0-based line
   * @param indent     indentation (columns) of the token's line
   * @param start      offset in the source
   */
  public record Tok(String text, byte sep, int line, int indent, int start) {}

  private final boolean python;
  private final boolean hashComments;
  private static final String[] NO_OPERATORS = {};
  /** The one-character tokens of ASCII, made once: their hash codes are then computed once too. */
  private static final String[] ONE_CHAR = new String[128];

  static {
    for (char c = 0; c < 128; c++) {
      ONE_CHAR[c] = String.valueOf(c);
    }
  }
  private static final String[][] C_BY_FIRST = byFirstChar(C_OPERATORS);
  private static final String[][] PY_BY_FIRST = byFirstChar(PY_OPERATORS);
  /** The operators by their first character (ASCII), longest first. */
  private final String[][] operators;

  /**
   * Creates a lexer for a language id.
   *
   * @param language java, python, javascript, typescript, or anything else (C-like rules)
   */
  public CodeLexer(String language) {
    this.python = "python".equals(language);
    this.hashComments = python || "shell".equals(language) || "ruby".equals(language);
    this.operators = python ? PY_BY_FIRST : C_BY_FIRST;
  }

  private static String[][] byFirstChar(String[] ops) {
    String[][] out = new String[128][];
    for (char c = 0; c < 128; c++) {
      List<String> these = new ArrayList<>();
      for (String op : ops) {
        if (op.charAt(0) == c) {
          these.add(op); // ops are listed longest first, and stay in that order
        }
      }
      out[c] = these.toArray(NO_OPERATORS);
    }
    return out;
  }

  /**
   * Lexes a whole source text.
   *
   * @param src the text
   * @return the tokens with NEWLINE markers at line ends (after lines with code)
   */
  public List<Tok> lex(String src) {
    int n = src.length();
    // Read from an array: a text with any character beyond Latin-1 is held as UTF-16, whose charAt
    // checks its index on every call (a third of the lexing time of such files).
    char[] s = src.toCharArray();
    List<Tok> out = new ArrayList<>(n / 5 + 16);
    int i = 0;
    int line = 0;
    int lineIndent = 0;
    boolean atLineStart = true;
    boolean lineHasCode = false;
    byte sep = SEP_NEWLINE;
    int depth = 0;
    List<Integer> indents = new ArrayList<>();
    indents.add(0);
    while (i < n) {
      char c = s[i];
      if (atLineStart) {
        int col = 0;
        int j = i;
        while (j < n && (s[j] == ' ' || s[j] == '\t')) {
          col += s[j] == '\t' ? 4 : 1;
          j++;
        }
        lineIndent = col;
        i = j;
        atLineStart = false;
        if (i >= n) {
          break;
        }
        c = s[i];
        if (python && depth == 0 && c != '\n' && c != '\r' && c != '#') {
          int top = indents.get(indents.size() - 1);
          if (col > top) {
            indents.add(col);
            out.add(new Tok(INDENT, SEP_NEWLINE, line, col, i));
          } else {
            while (col < indents.get(indents.size() - 1) && indents.size() > 1) {
              indents.remove(indents.size() - 1);
              out.add(new Tok(DEDENT, SEP_NEWLINE, line, col, i));
            }
          }
        }
      }
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
          i++;
        }
        i++;
        if (lineHasCode && (!python || depth == 0)) {
          out.add(new Tok(NEWLINE, SEP_NONE, line, lineIndent, i));
        }
        line++;
        atLineStart = true;
        lineHasCode = python && depth > 0 && lineHasCode;
        sep = SEP_NEWLINE;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\f') {
        i++;
        if (sep == SEP_NONE) {
          sep = SEP_SPACE;
        }
        continue;
      }
      int start = i;
      // Comments.
      if (hashComments && c == '#') {
        i = skipTo(src, i, '\n');
        continue;
      }
      if (!python && c == '/' && i + 1 < n && s[i + 1] == '/') {
        i = skipTo(src, i, '\n');
        continue;
      }
      if (!python && c == '/' && i + 1 < n && s[i + 1] == '*') {
        int end = src.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end + 2;
        for (int k = i; k < stop; k++) {
          if (s[k] == '\n') {
            line++;
          }
        }
        i = stop;
        if (sep == SEP_NONE) {
          sep = SEP_SPACE;
        }
        continue;
      }
      String text;
      if (Character.isJavaIdentifierStart(c) || (c == '@' && !python)) {
        int j = i + 1;
        while (j < n && Character.isJavaIdentifierPart(s[j])) {
          j++;
        }
        // Python string prefixes: f"..", r'..', b"..".
        if (python && j < n && (s[j] == '"' || s[j] == '\'') && j - i <= 2
            && src.substring(i, j).toLowerCase().matches("[rbuf]+")) {
          j = stringEnd(src, s, j);
        }
        text = src.substring(i, j);
        i = j;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s[i + 1]))) {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(s[j]) || s[j] == '.' || s[j] == '_'
            || ((s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E')
                && !src.substring(i, j).startsWith("0x")))) {
          j++;
        }
        text = src.substring(i, j);
        i = j;
      } else if (c == '"' || c == '\'' || c == '`') {
        int j = stringEnd(src, s, i);
        text = src.substring(i, j);
        for (int k = i; k < j; k++) {
          if (s[k] == '\n') {
            line++;
          }
        }
        i = j;
      } else {
        text = null;
        for (String op : c < 128 ? operators[c] : NO_OPERATORS) {
          if (src.startsWith(op, i)) {
            text = op;
            break;
          }
        }
        if (text == null) {
          text = c < 128 ? ONE_CHAR[c] : String.valueOf(c);
        }
        i += text.length();
        if (text.length() == 1 && "([{".indexOf(c) >= 0) {
          depth++;
        } else if (text.length() == 1 && ")]}".indexOf(c) >= 0 && depth > 0) {
          depth--;
        }
      }
      out.add(new Tok(text, sep, line, lineIndent, start));
      lineHasCode = true;
      sep = SEP_NONE;
    }
    if (lineHasCode) {
      out.add(new Tok(NEWLINE, SEP_NONE, line, lineIndent, n));
    }
    return out;
  }

  private static int skipTo(String s, int i, char c) {
    int j = s.indexOf(c, i);
    return j < 0 ? s.length() : j;
  }

  /**
   * End offset (exclusive) of the string literal starting at i (triple quotes included).
   *
   * @param s     the text
   * @param chars its characters
   * @param i     where the literal opens
   */
  private static int stringEnd(String s, char[] chars, int i) {
    char q = chars[i];
    int n = chars.length;
    if (q != '`' && i + 2 < n && chars[i + 1] == q && chars[i + 2] == q) {
      String triple = "" + q + q + q;
      int end = s.indexOf(triple, i + 3);
      return end < 0 ? n : end + 3;
    }
    int j = i + 1;
    while (j < n) {
      char c = chars[j];
      if (c == '\\') {
        j += 2;
        continue;
      }
      if (c == q) {
        return j + 1;
      }
      if (c == '\n' && q != '`') {
        return j;
      }
      j++;
    }
    return n;
  }

  /** True for marker tokens that carry layout, not code. */
  public static boolean isLayout(String text) {
    return text.equals(NEWLINE) || text.equals(INDENT) || text.equals(DEDENT);
  }
}
