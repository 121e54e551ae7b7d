package dev.coclone.signature;

import java.util.Objects;

/**
 * One parameter of a function or method.
 *
 * @param name         its name
 * @param type         its declared type as written, or "" where the language has none
 * @param defaultValue its default value as written (Python, JavaScript/TypeScript), or null
 * @param variadic     true for {@code int... xs}, {@code *args}, {@code ...rest}
 */
public record Parameter(String name, String type, String defaultValue, boolean variadic) {
  /** Validates the components. */
  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** True when callers may leave it out. */
  public boolean optional() {
    return defaultValue != null || variadic;
  }

  /** The parameter as written, e.g. {@code int timeout} or {@code timeout=30}. */
  public String display() {
    String base = type.isEmpty() ? name : name.isEmpty() ? type : type + " " + name;
    return defaultValue == null ? base : base + "=" + defaultValue;
  }
}
