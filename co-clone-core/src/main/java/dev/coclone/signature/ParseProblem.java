package dev.coclone.signature;

import java.util.Objects;

/**
 * Why a file could not be read: the last version that parsed stays in use, and no change is detected
 * and no edit suggested from it, except in JavaScript and TypeScript, which are read around the
 * error (see {@link SignatureTracker}).
 *
 * @param path    the file
 * @param line    1-based line of the first error
 * @param column  1-based column
 * @param message what the parser said
 */
public record ParseProblem(String path, int line, int column, String message) {
  /** Validates the components. */
  public ParseProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code path:line:column: message}. */
  @Override
  public String toString() {
    return path + ":" + line + ":" + column + ": " + message;
  }
}
