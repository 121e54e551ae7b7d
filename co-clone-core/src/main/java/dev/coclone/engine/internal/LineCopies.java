package dev.coclone.engine.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * How the file's other lines that begin like the cursor's line go on. A file repeats itself
 * (`Objects.requireNonNull(x, "x");`, `case FOO: return ...;`, the same call with other arguments):
 * where at least {@link #MIN_LINES} other lines of the text the engine reads (before the cursor and
 * after its line) begin, after their indentation, with what the cursor's line holds before the
 * cursor, their continuations are read character by character for as long as the leading one is
 * shared by at least two of the lines still alike and by {@link #SHARE} of them. What that gives is
 * the line's likely rest as the file writes it, spacing included.
 */
public final class LineCopies {
  /** Other lines that must begin like the cursor's and go on alike. */
  static final int MIN_LINES = 2;
  /** The share of the lines still alike that must agree on each next character. */
  static final double SHARE = 0.75;
  /** Lines read for a cursor at most (a window holds fewer). */
  private static final int MAX_LINES = 20_000;

  private LineCopies() {}

  /**
   * The rest of the cursor's line as the file's alike lines continue it.
   *
   * @param prefix the text before the cursor
   * @param suffix the text after the cursor (the rest of its line first)
   * @return the continuation, or "" when fewer than two lines begin alike or they agree on nothing;
   *         also "" when the cursor's line has text after the cursor or nothing before it
   */
  public static String continuation(String prefix, String suffix) {
    int lineStart = prefix.lastIndexOf('\n') + 1;
    int from = lineStart;
    while (from < prefix.length() && Character.isWhitespace(prefix.charAt(from))) {
      from++;
    }
    int lineEnd = suffix.indexOf('\n');
    if (from == prefix.length() || !suffix.substring(0, lineEnd < 0 ? suffix.length() : lineEnd).isBlank()) {
      return "";
    }
    String head = prefix.substring(from);
    List<String> rests = new ArrayList<>();
    collect(prefix, 0, lineStart, head, rests);
    if (lineEnd >= 0) {
      collect(suffix, lineEnd + 1, suffix.length(), head, rests);
    }
    return rests.size() < MIN_LINES ? "" : agreed(rests).stripTrailing();
  }

  /** Adds the continuations of the lines of text[from, to) that begin, after indentation, with head. */
  private static void collect(String text, int from, int to, String head, List<String> rests) {
    int start = from;
    while (start < to && rests.size() < MAX_LINES) {
      int end = text.indexOf('\n', start);
      if (end < 0 || end > to) {
        end = to;
      }
      int s = start;
      while (s < end && (text.charAt(s) == ' ' || text.charAt(s) == '\t')) {
        s++;
      }
      int stop = end;
      while (stop > s && Character.isWhitespace(text.charAt(stop - 1))) {
        stop--;
      }
      if (stop - s > head.length() && text.startsWith(head, s)) {
        rests.add(text.substring(s + head.length(), stop));
      }
      start = end + 1;
    }
  }

  /** The longest start on whose every character the leading continuation keeps two lines and the share. */
  static String agreed(List<String> rests) {
    // Sorted, the lines alike up to any point are a run, and so are those of each next character.
    List<String> sorted = new ArrayList<>(rests);
    sorted.sort(null);
    int lo = 0;
    int hi = sorted.size();
    StringBuilder out = new StringBuilder();
    for (int i = 0; ; i++) {
      int bestLo = lo;
      int bestHi = lo;
      int at = lo;
      while (at < hi) {
        if (sorted.get(at).length() <= i) {
          at++; // this line ends here: it still counts among those alike
          continue;
        }
        char ch = sorted.get(at).charAt(i);
        int runEnd = at + 1;
        while (runEnd < hi && sorted.get(runEnd).charAt(i) == ch) {
          runEnd++;
        }
        if (runEnd - at > bestHi - bestLo) {
          bestLo = at;
          bestHi = runEnd;
        }
        at = runEnd;
      }
      int agree = bestHi - bestLo;
      if (agree < MIN_LINES || agree < SHARE * (hi - lo)) {
        return out.toString();
      }
      out.append(sorted.get(bestLo).charAt(i));
      lo = bestLo;
      hi = bestHi;
    }
  }
}
