package dev.coclone.source;

/**
 * Where each line of a text starts, for converting between offsets and 1-based lines and
 * columns (columns in UTF-16 chars). Lines end at {@code '\n'}. Immutable.
 */
public final class LineIndex {
  private final int length;
  private final int[] starts;

  private LineIndex(int length, int[] starts) {
    this.length = length;
    this.starts = starts;
  }

  /**
   * Indexes a text.
   *
   * @param text the text
   * @return its line index
   */
  public static LineIndex of(String text) {
    int n = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    int[] starts = new int[n];
    int k = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts[k++] = i + 1;
      }
    }
    return new LineIndex(text.length(), starts);
  }

  /** The number of lines (a text ending with a line break has an empty last line). */
  public int lineCount() {
    return starts.length;
  }

  /**
   * The offset where a line starts.
   *
   * @param line 1-based line, at most {@link #lineCount()}
   * @return its first char's offset
   */
  public int start(int line) {
    return starts[line - 1];
  }

  /**
   * The offset just past a line's last char, before its line break.
   *
   * @param line 1-based line, at most {@link #lineCount()}
   * @return the end offset
   */
  public int end(int line) {
    return line < starts.length ? starts[line] - 1 : length;
  }

  /**
   * The line an offset is on.
   *
   * @param offset a char offset
   * @return its 1-based line
   */
  public int line(int offset) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  /**
   * The column of an offset.
   *
   * @param offset a char offset
   * @return its 1-based column
   */
  public int column(int offset) {
    return offset - starts[line(offset) - 1] + 1;
  }
}
