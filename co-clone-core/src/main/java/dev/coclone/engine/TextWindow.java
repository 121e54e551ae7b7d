package dev.coclone.engine;

/**
 * How much of a file a suggestion reads: whole lines, at most {@code total} characters around the
 * cursor, of which the text after the cursor gets what the text before leaves, but at least
 * {@code after}. A file within {@code total} is read whole. Every suggestion lexes what it reads,
 * reads its scopes and looks its tokens up, so without a bound a suggestion in a 400 KB file costs
 * ten times one in a 40 KB file; with it, the cost is bounded by the window whatever the file's size.
 *
 * <p>The window before the cursor starts at a line start, moved back to the line of a block
 * comment ({@code /*}) or triple-quoted string it would start inside, so the text read lexes as it
 * does in the whole file.
 *
 * @param total most characters read around the cursor (then to whole lines)
 * @param after characters after the cursor read at least, when there are so many
 */
record TextWindow(int total, int after) {
  /**
   * What suggestions read: 64,000 characters (122 of java.base's 3,102 files are larger),
   * at least 24,000 of them after the cursor.
   */
  static final TextWindow DEFAULT = new TextWindow(64_000, 24_000);
  /** The whole file. */
  static final TextWindow WHOLE = new TextWindow(Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** The text read around a cursor. */
  record Read(String prefix, String suffix) {}

  /** The text read around the cursor between prefix and suffix. */
  Read read(String prefix, String suffix, boolean python) {
    if ((long) prefix.length() + suffix.length() <= total) {
      return new Read(prefix, suffix);
    }
    int afterTaken = Math.min(suffix.length(), Math.max(after, total - prefix.length()));
    return new Read(prefix(prefix, total - afterTaken, python), suffix(suffix, afterTaken));
  }

  /** The part of the text before the cursor that is read: from a line start at most before back. */
  private static String prefix(String prefix, int before, boolean python) {
    if (prefix.length() <= before) {
      return prefix;
    }
    int from = prefix.lastIndexOf('\n', prefix.length() - before - 1) + 1;
    from = outsideLongToken(prefix, from, python);
    return prefix.substring(from);
  }

  /** The part of the text after the cursor that is read: to the end of the line at most after on. */
  private static String suffix(String suffix, int after) {
    if (suffix.length() <= after) {
      return suffix;
    }
    int end = suffix.indexOf('\n', after);
    return end < 0 ? suffix : suffix.substring(0, end + 1);
  }

  /**
   * A start no later than from that is not inside a block comment or a triple-quoted string: the
   * start of the line where the last one opened before from, if it is not closed before from.
   */
  private static int outsideLongToken(String text, int from, boolean python) {
    int open = -1;
    if (python) {
      int a = openTriple(text, from, "\"\"\"");
      int b = openTriple(text, from, "'''");
      open = a < 0 ? b : b < 0 ? a : Math.min(a, b);
    } else {
      int comment = from == 0 ? -1 : text.lastIndexOf("/*", from - 1);
      int close = comment < 0 ? -1 : text.indexOf("*/", comment + 2);
      if (comment >= 0 && (close < 0 || close + 2 > from)) {
        open = comment;
      }
      int block = openTriple(text, from, "\"\"\"");
      if (block >= 0) {
        open = open < 0 ? block : Math.min(open, block);
      }
    }
    return open < 0 ? from : text.lastIndexOf('\n', open) + 1;
  }

  /** Where the last triple quote before from opens if their count there is odd (it is not closed), else -1. */
  private static int openTriple(String text, int from, String triple) {
    int count = 0;
    int last = -1;
    for (int i = text.indexOf(triple); i >= 0 && i + 3 <= from; i = text.indexOf(triple, i + 3)) {
      count++;
      last = i;
    }
    return count % 2 == 1 ? last : -1;
  }
}
