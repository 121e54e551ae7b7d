package dev.coclone.source;

import java.util.Locale;
import java.util.Map;

/** Maps file names to the language ids used across Co-Clone. */
public final class Languages {
  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("java", "java"),
      Map.entry("py", "python"),
      Map.entry("pyi", "python"),
      Map.entry("js", "javascript"),
      Map.entry("mjs", "javascript"),
      Map.entry("cjs", "javascript"),
      Map.entry("jsx", "javascript"),
      Map.entry("ts", "typescript"),
      Map.entry("tsx", "typescript"),
      Map.entry("mts", "typescript"),
      Map.entry("kt", "kotlin"),
      Map.entry("go", "go"),
      Map.entry("rs", "rust"),
      Map.entry("c", "c"),
      Map.entry("h", "c"),
      Map.entry("cc", "cpp"),
      Map.entry("cpp", "cpp"),
      Map.entry("hpp", "cpp"),
      Map.entry("cs", "csharp"),
      Map.entry("rb", "ruby"),
      Map.entry("php", "php"),
      Map.entry("scala", "scala"),
      Map.entry("swift", "swift"),
      Map.entry("sh", "shell"),
      Map.entry("html", "html"),
      Map.entry("css", "css"));

  private Languages() {}

  /**
   * Returns the language id for a path by its extension, or {@code "text"} if unknown or null.
   *
   * @param path a file name or path
   * @return the language id
   */
  public static String fromPath(String path) {
    if (path == null) {
      return "text";
    }
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    int dot = path.lastIndexOf('.');
    if (dot <= slash) {
      return "text";
    }
    return BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), "text");
  }

  /** Returns true for languages whose blocks are delimited by indentation rather than braces. */
  public static boolean indentationBlocks(String language) {
    return "python".equals(language);
  }
}
