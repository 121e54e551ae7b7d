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
 * @param parser      how it was read: {@code javaparser}, or {@code lexical} (the token scan, also
 *                    the fallback when a Java file does not parse)
 * @param problem     why the real parser failed (with the position), or null
 */
public record FileSymbols(String path, String language, List<Definition> definitions, List<String> imports,
    String parser, String problem) {
  /** Copies the lists. */
  public FileSymbols {
    Objects.requireNonNull(path, "path");
    definitions = List.copyOf(definitions);
    imports = List.copyOf(imports);
  }
}
