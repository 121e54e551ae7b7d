package dev.coclone.context;

import java.util.List;
import java.util.Objects;

/**
 * What one file defines and imports.
 *
 * @param path        the file
 * @param language    its language
 * @param definitions types, functions, methods, fields
 * @param imports     imported names or modules
 * @param calls       calls made in the file
 * @param parser      how it was read: {@code javaparser}, {@code tree-sitter}, or {@code lexical}
 *                    (the token scan: the fallback when a parser fails or is not available)
 * @param problem     what the parser reported (a Java syntax error with its position; syntax
 *                    errors tree-sitter recovered from), or null
 */
public record FileSymbols(String path, String language, List<Definition> definitions, List<String> imports,
    List<CallSite> calls, String parser, String problem) {
  /** Copies the lists. */
  public FileSymbols {
    Objects.requireNonNull(path, "path");
    definitions = List.copyOf(definitions);
    imports = List.copyOf(imports);
    calls = List.copyOf(calls);
  }
}
