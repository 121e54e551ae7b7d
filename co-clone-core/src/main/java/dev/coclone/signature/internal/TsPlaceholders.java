package dev.coclone.signature.internal;

import dev.coclone.signature.Parameter;

/**
 * Placeholder arguments for a new TypeScript parameter that type-check under {@code strict}: the
 * type's zero value ({@code 0}, {@code ''}, {@code false}, {@code []}), {@code undefined} where the
 * type admits it (or is not written), and {@code undefined!} (of type {@code never}, which fits
 * any type) otherwise, each followed by {@code /* TODO: name *}{@code /}.
 */
final class TsPlaceholders {
  private TsPlaceholders() {}

  static String of(Parameter p) {
    return value(p.type()) + " /* TODO: " + p.name() + " */";
  }

  static String value(String type) {
    String t = type.strip().replaceAll("\\s+", " ");
    if (t.isEmpty() || t.equals("any") || t.equals("unknown") || t.matches(".*(^|\\|) ?(undefined|void|any|unknown) ?(\\||$).*")) {
      return "undefined";
    }
    return switch (t) {
      case "number" -> "0";
      case "bigint" -> "0n";
      case "string" -> "''";
      case "boolean" -> "false";
      default -> t.endsWith("[]") && !t.contains("|") || t.matches("(Readonly)?Array<.*>") ? "[]" : "undefined!";
    };
  }
}
