package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import dev.coclone.source.CodeText;
import java.util.List;

/**
 * What the lines around the cursor say about how long its line is. Where the line above and the
 * line below hold the same number of code tokens and end alike (both with a comma, or both with a
 * trailing comment), the file lays out one item per line (arguments, table entries, a list of
 * strings): a suggestion is cut where the cursor's line reaches that many tokens, and when the line
 * already has them the rest of it is left to the user (it is a comment, or nothing). Read from the
 * file itself, so it holds for any language and corpus without tuning.
 */
public final class LineHabits {
  /** Neighbours longer than this are statements, not items. */
  private static final int MAX_ITEM_TOKENS = 12;

  private final CodeLexer lexer;
  private final boolean hashComments;
  /** Code tokens the cursor's line may hold, or -1 when the neighbours say nothing. */
  private final int limit;
  /** Code tokens on the cursor's line before the cursor (a name being typed counts). */
  private final int before;
  /** The lines around end with a comma and the cursor's line opened no bracket: one item per line. */
  private final boolean commaItems;

  /**
   * Reads the habits around a cursor.
   *
   * @param language the file's language
   * @param prefix   the text before the cursor
   * @param suffix   the text after the cursor (the rest of its line first)
   */
  public LineHabits(String language, String prefix, String suffix) {
    this.lexer = new CodeLexer(language);
    this.hashComments = "python".equals(language);
    int lineStart = prefix.lastIndexOf('\n') + 1;
    String current = prefix.substring(lineStart);
    String above = java.util.Objects.requireNonNullElse(CodeText.previousCodeLine(prefix), "");
    String[] after = suffix.split("\n", 3);
    String below = after.length >= 2 ? after[1] : "";
    int a = codeTokens(above);
    int b = codeTokens(below);
    boolean alike = a == b && a > 0 && a <= MAX_ITEM_TOKENS && (endsWithComma(above) && endsWithComma(below)
        || trailingComment(above) && trailingComment(below));
    boolean restHidden = after[0].isBlank();
    boolean ownBracket = depth(code(current)) > 0;
    this.limit = alike && restHidden && !trailingComment(current)
        && !ownBracket ? a : -1;
    this.before = codeTokens(current);
    this.commaItems = restHidden && endsWithComma(above) && endsWithComma(below)
        && !ownBracket;
  }

  /**
   * The suggestion cut to the neighbours' length of line.
   *
   * @param suggestion the suggestion (its first token may finish the name being typed)
   * @param partial    the part of a name typed before the cursor, or ""
   * @return the suggestion, a prefix of it, or "" when the line already holds its item
   */
  public String apply(String suggestion, String partial) {
    if (suggestion.isEmpty()) {
      return suggestion;
    }
    if (limit < 0) {
      return commaItems ? throughFirstComma(suggestion) : suggestion;
    }
    int room = limit - before + (partial.isEmpty() ? 0 : 1);
    if (room <= 0) {
      return "";
    }
    List<CodeLexer.Tok> toks = lexer.lex(partial + suggestion);
    int code = 0;
    for (CodeLexer.Tok t : toks) {
      if (CodeLexer.isLayout(t.text())) {
        continue;
      }
      code++;
      if (code == room) {
        int end = t.start() + t.text().length() - partial.length();
        return end <= 0 ? "" : suggestion.substring(0, Math.min(end, suggestion.length()));
      }
    }
    return suggestion;
  }

  /** True when the habits limit the cursor's line (for tests and reasons). */
  public boolean limits() {
    return limit >= 0 || commaItems;
  }

  /** The suggestion up to and with its first comma outside brackets and strings. */
  private static String throughFirstComma(String suggestion) {
    int[] depth = {0};
    int comma = CodeText.scan(suggestion, (i, ch) -> {
      if (ch == '(' || ch == '[' || ch == '{') {
        depth[0]++;
      } else if (ch == ')' || ch == ']' || ch == '}') {
        depth[0]--;
      }
      return ch == ',' && depth[0] <= 0;
    });
    return comma < 0 ? suggestion : suggestion.substring(0, comma + 1);
  }

  /** Brackets a line opens and does not close (strings skipped). */
  private static int depth(String line) {
    int[] depth = {0};
    CodeText.scan(line, (i, ch) -> {
      if (ch == '(' || ch == '[' || ch == '{') {
        depth[0]++;
      } else if (ch == ')' || ch == ']' || ch == '}') {
        depth[0]--;
      }
      return false;
    });
    return depth[0];
  }

  private int codeTokens(String line) {
    int n = 0;
    for (CodeLexer.Tok t : lexer.lex(line)) {
      if (!CodeLexer.isLayout(t.text())) {
        n++;
      }
    }
    return n;
  }

  private boolean endsWithComma(String line) {
    return code(line).stripTrailing().endsWith(",");
  }

  private boolean trailingComment(String line) {
    String code = code(line);
    return code.length() < line.length() && !code.isBlank();
  }

  /** The line without its trailing comment. */
  private String code(String line) {
    int comment = CodeText.lineCommentStart(line, hashComments);
    return comment < 0 ? line : line.substring(0, comment);
  }
}
