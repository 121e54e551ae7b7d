package dev.coclone.engine.internal;

import java.util.List;
import java.util.Set;

/**
 * A Java file's {@code package} line, which its folder says: {@code java/nio/channels/Pipe.java}
 * under a source root is in {@code java.nio.channels}. The model can only guess there (every file
 * has its own package, and the line's context is the top of a file), so at the package line the
 * folder's name is the suggestion.
 */
public final class PackageLine {
  private static final Set<String> JAVA_KEYWORDS = Keywords.JAVA;

  private PackageLine() {}

  /**
   * The rest of the package line where the cursor is on it, or null.
   *
   * @param language   the file's language (only Java is judged)
   * @param filePath   the file's path; the package is its folders after the source root: after the last
   *                   folder that is no Java name ({@code java.base}), after {@code src}, or after
   *                   {@code main/java} or {@code test/java}
   * @param lineBefore the cursor's line up to the cursor
   * @param firstLine  true if no code comes before the cursor's line
   * @return what completes the line ({@code age java.lang;} after {@code pack}), or null where the
   *         cursor is not on a first line that begins a package declaration, the folder gives no
   *         package, or what is typed is not the beginning of the folder's
   */
  public static String rest(String language, String filePath, String lineBefore, boolean firstLine) {
    if (!"java".equals(language) || filePath == null || !filePath.endsWith(".java") || !firstLine) {
      return null;
    }
    String typed = lineBefore.stripLeading();
    if (typed.isEmpty() || !"package".startsWith(typed) && !typed.startsWith("package")) {
      return null;
    }
    String pkg = packageOf(filePath);
    if (pkg == null) {
      return null;
    }
    String line = "package " + pkg + ";";
    if (typed.startsWith("package")) {
      // Any spacing after the keyword, then the name as far as it is typed.
      String name = typed.substring("package".length());
      if (!name.isEmpty() && !Character.isWhitespace(name.charAt(0))) {
        return null;
      }
      name = name.stripLeading();
      String whole = pkg + ";";
      if (!whole.startsWith(name) || whole.equals(name)) {
        return null;
      }
      return typed.endsWith("package") ? " " + whole : whole.substring(name.length());
    }
    return line.substring(typed.length());
  }

  /** The package a file's folders name, or null where they name none. */
  static String packageOf(String filePath) {
    String[] parts = filePath.replace('\\', '/').split("/");
    int from = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      String p = parts[i];
      boolean root = p.equals("src") || (p.equals("java") && i > 0 && (parts[i - 1].equals("main")
          || parts[i - 1].equals("test")));
      if (root || !javaName(p)) {
        from = i + 1;
      }
    }
    if (from >= parts.length - 1) {
      return null;
    }
    return String.join(".", List.of(parts).subList(from, parts.length - 1));
  }

  private static boolean javaName(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) || JAVA_KEYWORDS.contains(s)) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
