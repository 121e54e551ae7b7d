package dev.coclone.context;

import java.util.Objects;

/**
 * A definition found in a file.
 *
 * @param name      simple name
 * @param kind      {@code class}, {@code interface}, {@code enum}, {@code record}, {@code method},
 *                  {@code constructor}, {@code function}, {@code field}
 * @param container enclosing type or module name, or "" at top level
 * @param path      the file
 * @param startLine first line (1-based)
 * @param endLine   last line (1-based)
 * @param signature one-line signature, e.g. {@code public double total(double net, int quantity)}
 */
public record Definition(String name, String kind, String container, String path, int startLine, int endLine,
    String signature) {
  /** Validates the components. */
  public Definition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(signature, "signature");
  }

  /** True for types (classes, interfaces, enums, records). */
  public boolean isType() {
    return kind.equals("class") || kind.equals("interface") || kind.equals("enum") || kind.equals("record");
  }
}
