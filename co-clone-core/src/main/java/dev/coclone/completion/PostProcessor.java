package dev.coclone.completion;

import dev.coclone.source.CodeText;
import dev.coclone.source.Indentation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.Languages;
import java.util.Objects;

/**
 * Decides how much a completion may span and cleans up what a model produced, the way the best
 * assistants do: multi-line only when the cursor opens a new empty block, stop where the statement
 * or block ends, drop what repeats the text after the cursor, strip trailing whitespace, and never
 * return a suggestion that only repeats what follows.
 */
public final class PostProcessor {
  /** Upper bound on lines in a multi-line suggestion. */
  public static final int MAX_LINES = 40;

  private PostProcessor() {}

  /**
   * Resolves {@link CompletionMode#AUTO} from the cursor position.
   *
   * @param request the request
   * @return SINGLE_LINE or MULTI_LINE
   */
  public static CompletionMode resolveMode(CompletionRequest request) {
    if (request.mode() != CompletionMode.AUTO) {
      return request.mode();
    }
    String lineBefore = lineBefore(request.prefix());
    String lineAfter = lineAfter(request.suffix());
    if (!lineAfter.isBlank()) {
      return CompletionMode.SINGLE_LINE; // mid-line: finish this line only
    }
    String trimmed = lineBefore.strip();
    if (opensBlock(trimmed, request.language())) {
      return nextCodeLineClosesOrEmpty(request) ? CompletionMode.MULTI_LINE : CompletionMode.SINGLE_LINE;
    }
    if (trimmed.isEmpty()) {
      String previous = CodeText.previousCodeLine(request.prefix());
      if (previous != null && isComment(previous.strip())) {
        return CompletionMode.MULTI_LINE; // the user described what to write next
      }
      String opener = openerBeforeDocs(request.prefix());
      if (opener != null && opensBlock(opener.strip(), request.language()) && nextCodeLineClosesOrEmpty(request)) {
        return CompletionMode.MULTI_LINE;
      }
    }
    return CompletionMode.SINGLE_LINE;
  }

  private static boolean opensBlock(String trimmedLine, String language) {
    if (trimmedLine.isEmpty()) {
      return false;
    }
    char last = trimmedLine.charAt(trimmedLine.length() - 1);
    if (Languages.indentationBlocks(language)) {
      return last == ':' && !trimmedLine.startsWith("#");
    }
    return last == '{' || trimmedLine.endsWith("=>") || (last == ':' && "text".equals(language));
  }

  /** True if what follows the cursor's line is nothing, a closer, or a line indented no deeper. */
  private static boolean nextCodeLineClosesOrEmpty(CompletionRequest request) {
    String suffix = request.suffix();
    int nl = suffix.indexOf('\n');
    String rest = nl < 0 ? "" : suffix.substring(nl + 1);
    for (String line : rest.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      String t = line.strip();
      if (t.startsWith("}") || t.startsWith(")") || t.startsWith("]")) {
        return true;
      }
      // An existing body (deeper than the opener) means the block is not empty.
      int indent = Indentation.of(line);
      String opener = lineBefore(request.prefix()).isBlank() ? CodeText.previousCodeLine(request.prefix()) : lineBefore(request.prefix());
      return opener == null || indent <= Indentation.of(opener);
    }
    return true;
  }

  /**
   * Creates a gate that watches streamed text and says where to stop.
   *
   * @param request the request
   * @param mode    the resolved mode
   * @return a new gate, for one generation
   */
  public static StreamGate newGate(CompletionRequest request, CompletionMode mode) {
    return new StreamGate(request, mode);
  }

  /**
   * Cleans up a raw completion: trailing whitespace, repetition of the suffix, a result that only
   * repeats what follows the cursor.
   *
   * @param raw     the text the gate let through
   * @param request the request
   * @param mode    the resolved mode
   * @return the suggestion to show, possibly empty
   */
  public static String finish(String raw, CompletionRequest request, CompletionMode mode) {
    Objects.requireNonNull(raw, "raw");
    String text = stripTrailingWhitespace(raw);
    String lineBefore = lineBefore(request.prefix());
    String lineAfter = lineAfter(request.suffix());
    if (mode == CompletionMode.SINGLE_LINE) {
      text = dropSuffixOverlap(text, lineBefore, lineAfter);
    } else {
      text = dropRepeatedSuffixLines(text, request.suffix());
    }
    text = stripTrailingWhitespace(text);
    if (text.isBlank()) {
      return "";
    }
    String strippedSuffix = request.suffix().stripLeading();
    if (!strippedSuffix.isEmpty() && strippedSuffix.startsWith(text.strip())) {
      return ""; // only repeats what follows the cursor
    }
    return text;
  }

  /** Removes, from the end of a one-line completion, text that the rest of the line already has. */
  static String dropSuffixOverlap(String text, String lineBefore, String lineAfter) {
    if (lineAfter.isEmpty() || text.isEmpty()) {
      return text;
    }
    int before = imbalance(lineBefore + text + lineAfter);
    String afterTrim = lineAfter.stripTrailing();
    for (int k = Math.min(text.length(), lineAfter.length()); k >= 1; k--) {
      String overlap = lineAfter.substring(0, k);
      if (!text.endsWith(overlap)) {
        continue;
      }
      String candidate = text.substring(0, text.length() - k);
      boolean wholeRest = k >= afterTrim.length() && afterTrim.strip().length() >= 1;
      boolean punctuation = overlap.chars().allMatch(c -> ")]}'\";,:`> ".indexOf(c) >= 0);
      if ((punctuation || wholeRest) && imbalance(lineBefore + candidate + lineAfter) <= before) {
        return candidate;
      }
    }
    return text;
  }

  /** Removes trailing lines of a block completion that repeat the first lines after the cursor. */
  static String dropRepeatedSuffixLines(String text, String suffix) {
    String[] lines = text.split("\n", -1);
    String[] after = suffix.stripLeading().split("\n", -1);
    int best = 0;
    for (int k = Math.min(lines.length, after.length); k >= 1; k--) {
      boolean same = true;
      for (int i = 0; i < k && same; i++) {
        same = lines[lines.length - k + i].strip().equals(after[i].strip()) && !after[i].isBlank();
      }
      if (same) {
        best = k;
        break;
      }
    }
    boolean hasCode = false;
    for (int i = 0; i < best; i++) {
      hasCode |= after[i].chars().anyMatch(Character::isLetterOrDigit);
    }
    // Lines of bare closers are the gate's business: bracket depth tells whether they belong.
    if (best == 0 || !hasCode) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length - best; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(lines[i]);
    }
    return sb.toString();
  }

  /** Absolute bracket imbalance plus one for an odd number of double quotes, outside comments. */
  static int imbalance(String line) {
    int round = 0;
    int square = 0;
    int curly = 0;
    int quotes = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      switch (c) {
        case '(' -> round++;
        case ')' -> round--;
        case '[' -> square++;
        case ']' -> square--;
        case '{' -> curly++;
        case '}' -> curly--;
        case '"' -> quotes++;
        default -> { }
      }
    }
    return Math.abs(round) + Math.abs(square) + Math.abs(curly) + (quotes % 2);
  }

  static String stripTrailingWhitespace(String text) {
    String[] lines = text.split("\n", -1);
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(lines[i].stripTrailing());
    }
    int end = sb.length();
    while (end > 0 && Character.isWhitespace(sb.charAt(end - 1))) {
      end--;
    }
    return sb.substring(0, end);
  }

  /** The text of the prefix's last line (what is before the cursor on its line). */
  public static String lineBefore(String prefix) {
    return prefix.substring(prefix.lastIndexOf('\n') + 1);
  }

  /** The text of the suffix's first line (what is after the cursor on its line). */
  public static String lineAfter(String suffix) {
    int nl = suffix.indexOf('\n');
    String line = nl < 0 ? suffix : suffix.substring(0, nl);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }


  private static boolean isComment(String t) {
    return t.startsWith("//") || t.startsWith("#") || t.startsWith("/*") || t.startsWith("*");
  }

  /**
   * The last code line before the cursor, skipping blank lines and a docstring right after a
   * block opener (a Python function whose body so far is only its docstring is still empty).
   */
  static String openerBeforeDocs(String prefix) {
    String[] lines = prefix.split("\n", -1);
    int i = lines.length - 2;
    while (i >= 0 && lines[i].isBlank()) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    String t = lines[i].strip();
    boolean closesDoc = t.endsWith("\"\"\"") || t.endsWith("'''");
    if (closesDoc) {
      String quote = t.endsWith("'''") ? "'''" : "\"\"\"";
      boolean oneLine = t.startsWith(quote) && t.length() >= 6;
      while (!oneLine && i > 0) {
        i--;
        if (lines[i].strip().startsWith(quote)) {
          break;
        }
      }
      i--;
      while (i >= 0 && lines[i].isBlank()) {
        i--;
      }
      return i < 0 ? null : lines[i];
    }
    return lines[i];
  }
}
