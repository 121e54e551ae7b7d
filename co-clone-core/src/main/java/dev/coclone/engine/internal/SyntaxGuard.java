package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import dev.coclone.source.CodeLexer.Tok;
import dev.coclone.source.SyntaxTrees;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells whether inserting a suggestion makes the code around the cursor parse worse. Every
 * language: a closing bracket in the suggestion must close the innermost bracket still open before
 * it. Python, JavaScript and TypeScript also: tree-sitter parses a window around the cursor (from
 * the last top-level line before it to a hundred lines after it) with and without the suggestion,
 * and the suggestion must not add error nodes.
 */
public final class SyntaxGuard {
  private static final Logger LOG = Logger.getLogger(SyntaxGuard.class.getName());
  private static final int WINDOW_BEFORE = 400;
  private static final int WINDOW_AFTER = 100;
  private static volatile boolean treeSitterBroken;

  private SyntaxGuard() {}

  /**
   * True if the suggestion worsens the syntax.
   *
   * @param language   language id
   * @param open       the brackets open before the cursor ({@link #openBrackets})
   * @param prefix     text before the cursor
   * @param suffix     text after the cursor
   * @param suggestion the suggestion
   * @return whether it worsens the syntax
   */
  public static boolean worsens(String language, OpenBrackets open, String prefix, String suffix,
      String suggestion) {
    return worsens(language, open, new Window(prefix, suffix), suggestion);
  }

  /**
   * True if the suggestion worsens the syntax of a window whose errors without it are counted once
   * for all the suggestions checked at its cursor.
   *
   * @param language   language id
   * @param open       the brackets open before the cursor ({@link #openBrackets})
   * @param window     the window around the cursor
   * @param suggestion the suggestion
   * @return whether it worsens the syntax
   */
  public static boolean worsens(String language, OpenBrackets open, Window window, String suggestion) {
    if (badClosers(language, open, suggestion)) {
      return true;
    }
    if (!SyntaxTrees.handles(language) || treeSitterBroken) {
      return false;
    }
    try {
      return window.errorsWith(language, suggestion) > window.parsed(language).errors();
    } catch (LinkageError e) {
      treeSitterBroken = true;
      LOG.log(Level.WARNING, "tree-sitter cannot load here; suggestions are checked by brackets only", e);
      return false;
    }
  }

  /** The text parsed around a cursor (from the last top-level line before it to 100 lines after). */
  public static final class Window {
    private final String prefix;
    private final String suffix;
    /** The window parsed without a suggestion, at the first check that needs it; null before. */
    private SyntaxTrees.Insertions parsed;

    /**
     * The window around a cursor, cut from the text and parsed when a check first needs it.
     *
     * @param prefix text before the cursor
     * @param suffix text after the cursor
     */
    public Window(String prefix, String suffix) {
      this.prefix = prefix;
      this.suffix = suffix;
    }

    private SyntaxTrees.Insertions parsed(String language) {
      if (parsed == null) {
        parsed = SyntaxTrees.insertions(language, prefix.substring(windowStart(prefix)),
            suffix.substring(0, windowEnd(suffix)));
      }
      return parsed;
    }

    private int errorsWith(String language, String suggestion) {
      return parsed(language).errorsWith(suggestion);
    }
  }

  /**
   * The brackets open after the tokens before a cursor, innermost first ({@code (for} for a
   * {@code for} header's), and the last of those tokens. Read once per cursor: every suggestion
   * checked there starts from them.
   *
   * @param open the open brackets (not changed by the checks)
   * @param last the text of the last token, or ""
   */
  public record OpenBrackets(Deque<String> open, String last) {}

  /**
   * The brackets open after some tokens.
   *
   * @param prefixToks tokens before the cursor
   * @return the open brackets and the last token
   */
  public static OpenBrackets openBrackets(List<Tok> prefixToks) {
    Deque<String> open = new ArrayDeque<>();
    String prev = "";
    for (Tok t : prefixToks) {
      push(open, t.text(), prev);
      prev = t.text();
    }
    return new OpenBrackets(open, prev);
  }

  /**
   * A closer in the suggestion that does not match the innermost open bracket, or (outside
   * Python) a {@code ;} while a parenthesis other than a {@code for} header is open.
   */
  private static boolean badClosers(String language, OpenBrackets before, String suggestion) {
    Deque<String> open = new ArrayDeque<>(before.open());
    String prev = before.last();
    boolean python = "python".equals(language);
    for (Tok t : new CodeLexer(language).lex(suggestion)) {
      String x = t.text();
      if (x.length() == 1 && ")]}".indexOf(x.charAt(0)) >= 0) {
        char want = x.charAt(0) == ')' ? '(' : x.charAt(0) == ']' ? '[' : '{';
        if (open.isEmpty() || open.peek().charAt(0) != want) {
          return true;
        }
        open.pop();
      } else if (!python && x.equals(";") && !open.isEmpty() && (open.peek().equals("(") || open.peek().equals("["))) {
        return true;
      } else {
        push(open, x, prev);
      }
      prev = x;
    }
    return false;
  }

  /** Pushes an opener ("(" or "(for" for a for header), or closes the nearest matching one. */
  private static void push(Deque<String> open, String x, String prev) {
    if (x.length() != 1) {
      return;
    }
    char c = x.charAt(0);
    if ("([{".indexOf(c) >= 0) {
      open.push(c == '(' && prev.equals("for") ? "(for" : x);
    } else if (")]}".indexOf(c) >= 0 && !open.isEmpty()) {
      // Close the nearest matching opener; a stray closer in the user's code is not our business.
      char want = c == ')' ? '(' : c == ']' ? '[' : '{';
      boolean has = open.stream().anyMatch(o -> o.charAt(0) == want);
      while (has && !open.isEmpty() && open.pop().charAt(0) != want) {
        // drop openers the user left unclosed inside this pair
      }
    }
  }

  /** Start of the last line, at most WINDOW_BEFORE lines back, that starts at column 0 with code. */
  static int windowStart(String prefix) {
    int end = prefix.lastIndexOf('\n');
    int lines = 0;
    while (end > 0 && lines < WINDOW_BEFORE) {
      int start = prefix.lastIndexOf('\n', end - 1) + 1;
      if (start < end) {
        char c = prefix.charAt(start);
        if (!Character.isWhitespace(c) && ")]}#/*\"'@".indexOf(c) < 0) {
          return start;
        }
      }
      end = start - 1;
      lines++;
    }
    return Math.max(0, end);
  }

  private static int windowEnd(String suffix) {
    int at = 0;
    for (int i = 0; i < WINDOW_AFTER; i++) {
      int nl = suffix.indexOf('\n', at);
      if (nl < 0) {
        return suffix.length();
      }
      at = nl + 1;
    }
    return at;
  }
}
