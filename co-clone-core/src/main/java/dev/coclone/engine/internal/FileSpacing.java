package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.List;

/**
 * How the file being written spaces a pair of tokens, where it differs from the corpus: a file that
 * writes {@code synchronized(lock)}, {@code return(x)} or {@code i -1} keeps doing so. The tokens before
 * the cursor are read backwards, at most {@link #MAX_TOKENS} of them, for the pair written on one line.
 */
public final class FileSpacing {
  /** Tokens read back from the cursor for one pair at most. */
  static final int MAX_TOKENS = 4000;
  /** Times the file must have written the pair on one line before its habit counts. */
  static final int MIN_SEEN = 2;
  /** Share of those times that must agree. */
  static final double AGREE = 0.75;

  private final List<CodeLexer.Tok> toks;

  /**
   * @param toks the file's tokens before the cursor, with the whitespace before each
   */
  public FileSpacing(List<CodeLexer.Tok> toks) {
    this.toks = toks;
  }

  /**
   * Whether the file puts a space between the two tokens: {@code TRUE} or {@code FALSE} where it wrote
   * them next to each other on one line at least {@link #MIN_SEEN} times and {@link #AGREE} of them
   * alike, else null (the corpus's habit decides).
   */
  public Boolean space(String prev, String next) {
    int spaced = 0;
    int tight = 0;
    for (int i = toks.size() - 1; i > 0 && i >= toks.size() - MAX_TOKENS; i--) {
      CodeLexer.Tok t = toks.get(i);
      if (t.sep() == CodeLexer.SEP_NEWLINE || !t.text().equals(next) || !toks.get(i - 1).text().equals(prev)) {
        continue;
      }
      if (t.sep() == CodeLexer.SEP_SPACE) {
        spaced++;
      } else {
        tight++;
      }
    }
    int seen = spaced + tight;
    if (seen < MIN_SEEN) {
      return null;
    }
    if (spaced >= AGREE * seen) {
      return Boolean.TRUE;
    }
    return tight >= AGREE * seen ? Boolean.FALSE : null;
  }
}
