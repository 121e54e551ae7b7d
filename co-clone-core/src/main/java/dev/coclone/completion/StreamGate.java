package dev.coclone.completion;

import dev.coclone.source.CodeText;
import dev.coclone.source.Indentation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.Languages;
/**
 * Watches a completion as it streams and decides where it ends: at the end of the line for a
 * single-line completion; for a block, where brackets close the enclosing block, where a line
 * dedents out of it (indentation languages), or after {@link PostProcessor#MAX_LINES} lines.
 * Not thread-safe: one gate per generation.
 */
public final class StreamGate {
  private final CompletionMode mode;
  private final boolean indentation;
  private final StringBuilder accepted = new StringBuilder();
  private final StringBuilder currentLine = new StringBuilder();
  private final int blockIndent;
  private boolean lineHasContent;
  private int depth;
  private int lines;
  private char quote;
  private boolean lineComment;
  private boolean stopped;

  StreamGate(CompletionRequest request, CompletionMode mode) {
    this.mode = mode;
    this.indentation = Languages.indentationBlocks(request.language());
    String lineBefore = PostProcessor.lineBefore(request.prefix());
    if (lineBefore.isBlank()) {
      String prev = CodeText.previousCodeLine(request.prefix());
      this.blockIndent = lineBefore.isEmpty() && prev != null ? Indentation.of(prev) + 1
          : Indentation.of(lineBefore);
    } else {
      this.blockIndent = Indentation.of(lineBefore) + 1;
    }
    // Text already typed on the cursor's line counts for the first line's content.
    this.lineHasContent = !lineBefore.isBlank();
    this.currentLine.append(lineBefore);
  }

  /**
   * Offers the next piece of streamed text.
   *
   * @param piece the text from the model
   * @return the part of the piece to pass on (possibly empty); after a stop, always empty
   */
  public String offer(String piece) {
    if (stopped) {
      return "";
    }
    int cut = -1;
    for (int i = 0; i < piece.length() && cut < 0; i++) {
      char c = piece.charAt(i);
      if (c == '\n') {
        if (endLine()) {
          cut = i;
        }
        continue;
      }
      if (mode == CompletionMode.MULTI_LINE && !indentation && closesEnclosing(c)) {
        cut = i;
        // Drop the indentation that preceded the closer on its own line.
        if (currentLine.toString().isBlank()) {
          cut = trimLineStart(piece, i);
        }
        break;
      }
      if (indentation && mode == CompletionMode.MULTI_LINE && !lineHasContent && !Character.isWhitespace(c)
          && lines > 0 && Indentation.of(currentLine.toString()) < blockIndent) {
        cut = trimLineStart(piece, i);
        break;
      }
      currentLine.append(c);
      if (!Character.isWhitespace(c)) {
        lineHasContent = true;
      }
    }
    if (cut >= 0) {
      stopped = true;
      String part = piece.substring(0, Math.max(0, cut));
      accepted.append(part);
      return part;
    }
    accepted.append(piece);
    return piece;
  }

  /** Returns true once the gate has decided the completion is over. */
  public boolean stopped() {
    return stopped;
  }

  /** Everything the gate let through so far. */
  public String accepted() {
    return accepted.toString();
  }

  /** Handles a line break; returns true if the completion ends before it. */
  private boolean endLine() {
    lineComment = false;
    if (quote != '`') {
      quote = 0;
    }
    if (mode == CompletionMode.SINGLE_LINE) {
      // End of the line. A completion that starts with a line break would write onto the next
      // line rather than finish this one: it ends here too, empty.
      return true;
    }
    lines++;
    currentLine.setLength(0);
    lineHasContent = false;
    return lines >= PostProcessor.MAX_LINES;
  }

  private int trimLineStart(String piece, int i) {
    int j = i;
    while (j > 0 && (piece.charAt(j - 1) == ' ' || piece.charAt(j - 1) == '\t')) {
      j--;
    }
    if (j > 0 && piece.charAt(j - 1) == '\n') {
      j--;
    }
    // A line break from an earlier piece stays; finish() strips trailing whitespace.
    return j;
  }

  /** Tracks brackets outside strings and comments; true when c closes the block we are in. */
  private boolean closesEnclosing(char c) {
    if (lineComment) {
      return false;
    }
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      }
      return false;
    }
    switch (c) {
      case '"', '\'', '`' -> quote = c;
      case '/' -> {
        if (currentLine.length() > 0 && currentLine.charAt(currentLine.length() - 1) == '/') {
          lineComment = true;
        }
      }
      case '(', '[', '{' -> depth++;
      case ')', ']', '}' -> {
        depth--;
        return depth < 0;
      }
      default -> { }
    }
    return false;
  }
}
