package dev.coclone.context;

import java.util.Objects;

/**
 * A call in a file: {@code name(...)}, {@code obj.name(...)} or {@code new Name(...)}.
 *
 * @param name   the called function, method or constructor's simple name
 * @param line   1-based line
 * @param column 1-based column of the name
 */
public record CallSite(String name, int line, int column) {
  /** Validates the name. */
  public CallSite {
    Objects.requireNonNull(name, "name");
  }
}
