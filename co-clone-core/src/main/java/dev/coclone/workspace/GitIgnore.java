package dev.coclone.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of one {@code .gitignore} file: globs with {@code *}, {@code **}, {@code ?} and
 * character classes, a leading {@code /} anchoring to the file's folder, a trailing {@code /}
 * for folders only, {@code !} re-including, {@code #} comments. The last matching rule wins.
 */
final class GitIgnore {
  private record Rule(Pattern pattern, boolean negate, boolean dirOnly) {}

  private final String base;
  private final List<Rule> rules = new ArrayList<>();

  /**
   * Parses rules.
   *
   * @param base  the folder holding the file, relative to the workspace ("" for the root)
   * @param text  the file's content
   */
  GitIgnore(String base, String text) {
    this.base = base;
    for (String raw : text.split("\r?\n")) {
      String line = raw.stripTrailing();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negate = line.startsWith("!");
      if (negate) {
        line = line.substring(1);
      }
      boolean dirOnly = line.endsWith("/");
      if (dirOnly) {
        line = line.substring(0, line.length() - 1);
      }
      boolean anchored = line.startsWith("/") || line.contains("/");
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      String regex = (anchored ? "" : "(?:.*/)?") + glob(line) + "(?:/.*)?";
      rules.add(new Rule(Pattern.compile(regex), negate, dirOnly));
    }
  }

  /**
   * Decides a path.
   *
   * @param path  workspace-relative path
   * @param isDir whether it is a folder
   * @return TRUE ignored, FALSE re-included, null if no rule matched
   */
  Boolean decide(String path, boolean isDir) {
    if (!base.isEmpty() && !path.startsWith(base + "/")) {
      return null;
    }
    String rel = base.isEmpty() ? path : path.substring(base.length() + 1);
    Boolean result = null;
    for (Rule r : rules) {
      if (r.dirOnly && !isDir && !rel.contains("/")) {
        continue;
      }
      if (r.pattern.matcher(rel).matches()) {
        result = !r.negate;
      }
    }
    return result;
  }

  private static String glob(String g) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*') {
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          sb.append(".*");
          i++;
          if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
            i++;
            sb.append("/?");
          }
        } else {
          sb.append("[^/]*");
        }
      } else if (c == '?') {
        sb.append("[^/]");
      } else if (c == '[') {
        int end = g.indexOf(']', i);
        if (end < 0) {
          sb.append("\\[");
        } else {
          sb.append('[').append(g, i + 1, end).append(']');
          i = end;
        }
      } else if ("\\.+()^$|{}".indexOf(c) >= 0) {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
