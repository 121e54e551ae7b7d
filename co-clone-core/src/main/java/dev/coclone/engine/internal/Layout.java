package dev.coclone.engine.internal;

import dev.coclone.source.CodeText;
import dev.coclone.source.Indentation;

/** Turns generated token ids back into text: spaces per learned pair, line breaks, indentation. */
public final class Layout {
  private final java.util.function.IntFunction<String> vocab;
  private final PairSpacing spacing;
  private final int unit;
  private int lineIndent;
  private int lastCode;
  private String lastCodeText;
  private boolean atLineStart;
  private boolean first = true;
  private final boolean prefixEndsWithSpace;
  private int pendingDelta;
  /** The last code token was written without a space before it ({@code f(key=value)}). */
  private boolean lastTight;

  /**
   * Starts laying out after a prefix.
   *
   * @param vocab       ids to text (the corpus vocabulary, or one that also knows the call's new spellings)
   * @param spacing     learned spacing
   * @param prefix      the text before the cursor
   * @param lastCode    id of the last code token of the prefix (-1 if none)
   * @param lastText    its text ("" if none)
   */
  public Layout(java.util.function.IntFunction<String> vocab, PairSpacing spacing, String prefix, int lastCode, String lastText) {
    this.vocab = vocab;
    this.spacing = spacing;
    this.unit = indentUnit(prefix);
    String lastLine = prefix.substring(prefix.lastIndexOf('\n') + 1);
    this.lineIndent = Indentation.of(lastLine);
    this.atLineStart = lastLine.isBlank();
    this.prefixEndsWithSpace = !prefix.isEmpty() && Character.isWhitespace(prefix.charAt(prefix.length() - 1));
    this.lastCode = lastCode;
    this.lastCodeText = lastText;
    String trimmed = prefix.stripTrailing();
    this.lastTight = !lastText.isEmpty() && trimmed.endsWith(lastText) && trimmed.length() > lastText.length()
        && !Character.isWhitespace(trimmed.charAt(trimmed.length() - lastText.length() - 1));
    if (atLineStart && lastLine.isEmpty()) {
      // The cursor is at column 0 of a new line: indent like the previous code line.
      String prev = CodeText.previousCodeLine(prefix);
      lineIndent = prev == null ? 0 : Indentation.of(prev) + (opensBlock(prev) ? unit : 0);
      this.pendingIndentFromPrefix = true;
    }
  }

  private boolean pendingIndentFromPrefix;

  /**
   * The text for the next token.
   *
   * @param id the token id
   * @return what to append (possibly empty for layout markers)
   */
  public String render(int id) {
    String text = vocab.apply(id);
    if (id == Vocabulary.newline()) {
      atLineStart = true;
      lineIndent = lineIndent + (opensBlockToken(lastCodeText) ? unit : 0);
      first = false;
      pendingIndentFromPrefix = false;
      return "\n";
    }
    if (id == Vocabulary.indent()) {
      pendingDelta = 0;
      return "";
    }
    if (id == Vocabulary.dedent()) {
      pendingDelta -= unit;
      return "";
    }
    StringBuilder out = new StringBuilder();
    boolean tight = true;
    if (atLineStart) {
      int indent = Math.max(0, lineIndent + pendingDelta - (closes(text) ? unit : 0));
      lineIndent = indent;
      pendingDelta = 0;
      boolean typed = first && !pendingIndentFromPrefix;
      if (!typed) {
        out.append(" ".repeat(indent));
      }
      atLineStart = false;
      tight = false;
    } else if (!(first && prefixEndsWithSpace) && lastCode >= 0
        && spacing.space(lastCode, id, lastCodeText, text)
        && !("=".equals(lastCodeText) && lastTight)) {
      // An '=' written tight (a keyword argument, an annotation's element) is followed tight too.
      out.append(' ');
      tight = false;
    } else if (first && prefixEndsWithSpace) {
      tight = false;
    }
    out.append(text);
    first = false;
    pendingIndentFromPrefix = false;
    lastCode = id;
    lastCodeText = text;
    lastTight = tight;
    return out.toString();
  }

  /**
   * Records a token the user had partly typed and the engine completed: it is laid out already.
   *
   * @param id the completed token's id
   */
  public void continued(int id) {
    first = false;
    pendingIndentFromPrefix = false;
    atLineStart = false;
    lastCode = id;
    lastCodeText = vocab.apply(id);
    lastTight = false;
  }

  private static boolean closes(String t) {
    return t.equals("}") || t.equals(")") || t.equals("]");
  }

  private static boolean opensBlockToken(String t) {
    return t != null && (t.equals("{") || t.equals(":"));
  }

  private static boolean opensBlock(String line) {
    String t = line.strip();
    return t.endsWith("{") || t.endsWith(":");
  }


  /** The most common positive step between the indentation of consecutive code lines; 4 if none. */
  static int indentUnit(String text) {
    int[] steps = new int[9];
    int prev = -1;
    int start = Math.max(0, text.length() - 20_000);
    for (String line : text.substring(start).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int ind = Indentation.of(line);
      if (prev >= 0 && ind > prev && ind - prev <= 8) {
        steps[ind - prev]++;
      }
      prev = ind;
    }
    int best = 4;
    for (int s = 1; s <= 8; s++) {
      if (steps[s] > steps[best]) {
        best = s;
      }
    }
    return best;
  }
}
