package dev.coclone.signature;

import java.util.Objects;

/**
 * Replace {@code [start, end)} of a file's text (UTF-16 offsets) with new text. Lines and columns
 * are 1-based and name the same range for editors.
 *
 * @param start       start offset
 * @param end         end offset (exclusive)
 * @param startLine   line of start
 * @param startColumn column of start
 * @param endLine     line of end
 * @param endColumn   column of end
 * @param oldText     the text being replaced (checked when applying)
 * @param newText     the replacement
 */
public record TextEdit(int start, int end, int startLine, int startColumn, int endLine, int endColumn,
    String oldText, String newText) {
  /** Validates the range. */
  public TextEdit {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range " + start + ".." + end);
    }
    Objects.requireNonNull(oldText, "oldText");
    Objects.requireNonNull(newText, "newText");
  }

  /**
   * The edit that replaces {@code [start, end)} of the text.
   *
   * @param text    the file's text
   * @param start   start offset
   * @param end     end offset
   * @param newText the replacement
   * @return the edit with its lines and columns
   */
  public static TextEdit of(String text, int start, int end, String newText) {
    int[] a = lineColumn(text, start);
    int[] b = lineColumn(text, end);
    return new TextEdit(start, end, a[0], a[1], b[0], b[1], text.substring(start, end), newText);
  }

  /**
   * The offset of a 1-based line and column: the inverse of an edit's line and column.
   *
   * @param text   the text
   * @param line   1-based line
   * @param column 1-based column
   * @return the offset, or -1 when the text has no such line
   */
  public static int offset(String text, int line, int column) {
    int at = 0;
    for (int l = 1; l < line; l++) {
      at = text.indexOf('\n', at);
      if (at < 0) {
        return -1;
      }
      at++;
    }
    return at + column - 1;
  }

  /** 1-based line and column of an offset. */
  static int[] lineColumn(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }
}
