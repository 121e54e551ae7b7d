package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import dev.coclone.source.CodeLexer.Tok;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Whether the relative module paths a JavaScript or TypeScript suggestion imports ({@code from
 * './x'}, {@code require('../y')}, {@code import('./z')}) name files of the workspace. A path
 * copied from a file in another folder ({@code './internal/operators/map'} written in
 * {@code src/operators/}) is a wrong suggestion that looks right; the workspace's indexed paths
 * say so. A file outside the indexed tree (no known file under its top folder) is not judged. Not
 * thread-safe.
 */
public final class ModulePaths {
  private static final List<String> ENDINGS = List.of("", ".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs",
      ".mts", ".cts", "/index.ts", "/index.tsx", "/index.js", "/index.jsx", "/index.mjs");

  private final String language;
  private final String path;
  private final String folder;
  private final Set<String> files;
  /** Whether the file is under an indexed folder: null until a relative path is met. */
  private Boolean judged;

  /**
   * Prepares the check for one file.
   *
   * @param language the file's language
   * @param path     the file's workspace path, or null (nothing is judged)
   * @param files    the workspace paths the engine knows
   */
  public ModulePaths(String language, String path, Set<String> files) {
    this.language = language;
    this.path = path;
    this.files = files;
    int slash = path == null ? -1 : path.lastIndexOf('/');
    this.folder = slash < 0 ? "" : path.substring(0, slash + 1);
  }

  /**
   * True for the languages whose import paths are judged (JavaScript, TypeScript).
   *
   * @param language a language id
   * @return whether {@link #missing} can find anything in that language
   */
  public static boolean judges(String language) {
    return "javascript".equals(language) || "typescript".equals(language);
  }

  /**
   * The first relative module path of a line that names no known file, or null.
   *
   * @param line  the cursor's line with the suggestion inserted (up to the suggestion's end)
   * @param after only literals that end after this offset of the line count (the suggestion's, not the user's)
   * @return the path as written, or null when every relative path resolves (or nothing can be judged)
   */
  public String missing(String line, int after) {
    if (!judges(language) || path == null || !line.contains("./")) {
      return null;
    }
    List<Tok> toks = new CodeLexer(language).lex(line);
    for (int i = 0; i < toks.size(); i++) {
      String x = toks.get(i).text();
      boolean literal = x.length() >= 3 && (x.charAt(0) == '\'' || x.charAt(0) == '"')
          && x.charAt(x.length() - 1) == x.charAt(0);
      if (!literal || toks.get(i).start() + x.length() <= after) {
        continue;
      }
      String prev = i > 0 ? toks.get(i - 1).text() : "";
      String callee = i > 1 ? toks.get(i - 2).text() : "";
      boolean module = prev.equals("from") || prev.equals("import")
          || prev.equals("(") && (callee.equals("require") || callee.equals("import"));
      String spec = x.substring(1, x.length() - 1);
      if (module && (spec.startsWith("./") || spec.startsWith("../")) && judged() && !resolves(spec)) {
        return spec;
      }
    }
    return null;
  }

  /** True when some known file shares the file's top folder (else nothing is known about its tree). */
  private boolean judged() {
    if (judged == null) {
      int top = path.indexOf('/');
      judged = hasFileUnder(top < 0 ? "" : path.substring(0, top + 1));
    }
    return judged;
  }

  private boolean resolves(String spec) {
    String base = normalize(folder + spec);
    if (base == null) {
      return true; // above the workspace's root: not ours to judge
    }
    for (String ending : ENDINGS) {
      if (files.contains(base + ending)) {
        return true;
      }
    }
    // A .js path that names its TypeScript source (ESM projects write the emitted name).
    return base.endsWith(".js") && (files.contains(base.substring(0, base.length() - 3) + ".ts")
        || files.contains(base.substring(0, base.length() - 3) + ".tsx"));
  }

  private boolean hasFileUnder(String dir) {
    for (String f : files) {
      if (f.startsWith(dir)) {
        return true;
      }
    }
    return false;
  }

  /** The path with its {@code .} and {@code ..} parts resolved, or null when it climbs above the root. */
  static String normalize(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    return String.join("/", parts);
  }
}
