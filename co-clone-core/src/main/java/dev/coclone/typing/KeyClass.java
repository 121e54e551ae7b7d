package dev.coclone.typing;

/**
 * What kind of key was typed last. People pause more after some keys (a dot before a member name,
 * an opening bracket, the end of a line) than inside a word, so the predictor learns each apart.
 */
public enum KeyClass {
  /** Letters, digits and underscores: inside an identifier or number. */
  WORD,
  /** Space or tab. */
  SPACE,
  /** A dot, as before a member name. */
  DOT,
  /** An opening bracket: {@code ( [ {}. */
  OPEN,
  /** A closing bracket, semicolon or comma: the end of an expression or statement. */
  CLOSE,
  /** Enter. */
  NEWLINE,
  /** Anything else (operators, quotes, deletions). */
  OTHER;

  /**
   * Classifies the key that produced a character.
   *
   * @param c the typed character
   * @return its class
   */
  public static KeyClass of(char c) {
    if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
      return WORD;
    }
    switch (c) {
      case ' ', '\t' -> {
        return SPACE;
      }
      case '.' -> {
        return DOT;
      }
      case '(', '[', '{' -> {
        return OPEN;
      }
      case ')', ']', '}', ';', ',' -> {
        return CLOSE;
      }
      case '\n', '\r' -> {
        return NEWLINE;
      }
      default -> {
        return OTHER;
      }
    }
  }
}
