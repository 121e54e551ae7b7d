package dev.coclone.signature;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A function, method or constructor as declared in a file.
 *
 * @param language   the file's language
 * @param path       the file
 * @param container  the enclosing types, dotted ({@code Outer.Inner}), or "" at top level
 * @param name       the simple name (a constructor's is its class's)
 * @param kind       function, method or constructor
 * @param parameters the parameters in order
 * @param returnType the return type as written, or "" (constructors, untyped languages)
 * @param modifiers  modifiers and decorators as written ({@code public}, {@code static},
 *                   {@code async}, {@code @staticmethod})
 * @param line       1-based line of the name
 * @param column     1-based column of the name
 * @param endLine    last line of the declaration
 * @param text       the declaration's head on one line, e.g. {@code public int add(int a, int b)}
 */
public record FunctionSignature(String language, String path, String container, String name, Kind kind,
    List<Parameter> parameters, String returnType, List<String> modifiers, int line, int column, int endLine,
    String text) {

  /** What was declared. */
  public enum Kind {
    /** A top-level or nested function. */
    FUNCTION,
    /** A method of a class, interface, enum or record. */
    METHOD,
    /** A constructor. */
    CONSTRUCTOR
  }

  /** Validates and copies. */
  public FunctionSignature {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(returnType, "returnType");
    Objects.requireNonNull(text, "text");
    parameters = List.copyOf(parameters);
    modifiers = List.copyOf(modifiers);
  }

  /** {@code container.name} or {@code name}. */
  public String qualifiedName() {
    return container.isEmpty() ? name : container + "." + name;
  }

  /**
   * What tells overloads apart: the qualified name and the parameter types (Java, TypeScript) or
   * the parameter names (untyped languages), e.g. {@code Cart.add(String,int)}.
   */
  public String key() {
    return qualifiedName() + "(" + parameters.stream().map(p -> (p.type().isEmpty() ? p.name() : erase(p.type()))
        + (p.variadic() ? "..." : "")).collect(Collectors.joining(",")) + ")";
  }

  /** True if it has the modifier. */
  public boolean has(String modifier) {
    return modifiers.contains(modifier);
  }

  /** Fewest arguments a call can pass. */
  public int minArity() {
    return (int) parameters.stream().filter(p -> !p.optional()).count();
  }

  /** Most arguments a call can pass, or {@link Integer#MAX_VALUE} with a variadic parameter. */
  public int maxArity() {
    return parameters.stream().anyMatch(Parameter::variadic) ? Integer.MAX_VALUE : parameters.size();
  }

  private static String erase(String type) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (depth == 0 && !Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    String s = out.toString();
    int dot = s.lastIndexOf('.', s.endsWith("...") ? s.length() - 4 : s.length());
    return dot >= 0 && !s.endsWith("...") ? s.substring(dot + 1) : s;
  }
}
