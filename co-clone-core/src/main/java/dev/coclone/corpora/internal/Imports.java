package dev.coclone.corpora.internal;

import dev.coclone.source.SourceFile;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The top-level packages a workspace's Python or JavaScript/TypeScript code imports. */
public final class Imports {
  private static final Pattern PY_IMPORT = Pattern.compile("^[ \\t]*import[ \\t]+([\\w.]+(?:[ \\t]*,[ \\t]*[\\w.]+)*)",
      Pattern.MULTILINE);
  private static final Pattern PY_FROM = Pattern.compile("^[ \\t]*from[ \\t]+([\\w][\\w.]*)[ \\t]+import\\b",
      Pattern.MULTILINE);
  private static final Pattern JS_SPEC = Pattern.compile(
      "(?:\\brequire\\s*\\(\\s*|\\bimport\\s*\\(\\s*|\\bfrom\\s+|^\\s*import\\s+)['\"]([^'\"\\n]+)['\"]",
      Pattern.MULTILINE);

  private Imports() {}

  /** Top-level module names imported by the Python files ({@code import a.b} and {@code from a.b import c} give {@code a}). */
  public static Set<String> python(Collection<SourceFile> files) {
    Set<String> out = new TreeSet<>();
    for (SourceFile f : files) {
      if (!f.language().equals("python")) {
        continue;
      }
      Matcher m = PY_IMPORT.matcher(f.text());
      while (m.find()) {
        for (String name : m.group(1).split(",")) {
          out.add(top(name.trim()));
        }
      }
      m = PY_FROM.matcher(f.text());
      while (m.find()) {
        out.add(top(m.group(1)));
      }
    }
    return out;
  }

  /**
   * Package names required or imported by the JavaScript/TypeScript files: {@code lodash/fp} gives
   * {@code lodash}, {@code @scope/pkg/x} gives {@code @scope/pkg}; relative paths and
   * {@code node:} built-ins are left out.
   */
  public static Set<String> node(Collection<SourceFile> files) {
    Set<String> out = new TreeSet<>();
    for (SourceFile f : files) {
      if (!f.language().equals("javascript") && !f.language().equals("typescript")) {
        continue;
      }
      Matcher m = JS_SPEC.matcher(f.text());
      while (m.find()) {
        String spec = m.group(1);
        if (spec.startsWith(".") || spec.startsWith("/") || spec.contains(":")) {
          continue;
        }
        String[] parts = spec.split("/");
        String name = spec.startsWith("@") && parts.length > 1 ? parts[0] + "/" + parts[1] : parts[0];
        if (!name.isEmpty() && !name.equals("@")) {
          out.add(name);
        }
      }
    }
    return out;
  }

  private static String top(String dotted) {
    int dot = dotted.indexOf('.');
    return dot < 0 ? dotted : dotted.substring(0, dot);
  }
}
