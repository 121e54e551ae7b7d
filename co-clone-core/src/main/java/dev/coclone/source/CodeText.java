package dev.coclone.source;

/**
 * Small scans of source text that several features make alike: characters of code outside string
 * literals, where a line comment starts, and the nearest code line above the cursor.
 */
public final class CodeText {
  private CodeText() {}

  /** Decides, for one character of code outside string literals, whether a {@link #scan} stops there. */
  @FunctionalInterface
  public interface Stop {
    /**
     * @param index the character's index in the scanned text
     * @param ch    the character
     * @return true to stop the scan at this character
     */
    boolean at(int index, char ch);
  }

  /**
   * Walks text left to right, skipping string literals ({@code '...'}, {@code "..."} and
   * {@code `...`}, with backslash escapes; one left open runs to the end), and asks {@code stop}
   * about every other character.
   *
   * @param text the text, usually one line
   * @param stop asked at each character of code
   * @return the index where {@code stop} said yes, or -1
   */
  public static int scan(String text, Stop stop) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quote != 0) {
        if (ch == '\\') {
          i++;
        } else if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '"' || ch == '\'' || ch == '`') {
        quote = ch;
      } else if (stop.at(i, ch)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Where a line comment starts in a line, outside string literals.
   *
   * @param line         the line
   * @param hashComments true for {@code #} comments (Python), false for {@code //}
   * @return the comment's index, or -1 if the line has none
   */
  public static int lineCommentStart(String line, boolean hashComments) {
    return scan(line, (i, ch) -> hashComments ? ch == '#'
        : ch == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/');
  }

  /**
   * The nearest non-blank line above the cursor's line.
   *
   * @param prefix the text before the cursor
   * @return that line, or null if there is none
   */
  public static String previousCodeLine(String prefix) {
    int end = prefix.lastIndexOf('\n');
    while (end > 0) {
      int start = prefix.lastIndexOf('\n', end - 1) + 1;
      String line = prefix.substring(start, end);
      if (!line.isBlank()) {
        return line;
      }
      end = start - 1;
    }
    return null;
  }
}
