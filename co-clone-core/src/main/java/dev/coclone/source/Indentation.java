package dev.coclone.source;

/** Indentation of source lines, measured the same way by every feature. */
public final class Indentation {
  /** Columns a tab counts for. */
  public static final int TAB_WIDTH = 4;

  private Indentation() {}

  /**
   * The indentation of a line in columns (a tab counts {@value #TAB_WIDTH}).
   *
   * @param line the line
   * @return its indentation
   */
  public static int of(String line) {
    int n = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ') {
        n++;
      } else if (c == '\t') {
        n += TAB_WIDTH;
      } else {
        break;
      }
    }
    return n;
  }
}
