package dev.coclone.source;

/** How much a completion may span. */
public enum CompletionMode {
  /** Decide from the cursor: multi-line when the cursor opens a new, empty block. */
  AUTO,
  /** The rest of the current line. */
  SINGLE_LINE,
  /** A block of lines, stopped where the enclosing block ends. */
  MULTI_LINE
}
