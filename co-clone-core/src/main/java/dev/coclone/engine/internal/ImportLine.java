package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class a Java import line names, where the file says which: at {@code import java.util.} the
 * classes of that package (the indexed files in a folder of that name) that the file uses but imports
 * on no other line. Where exactly one is such, the line is its; the model, which reads only the
 * tokens before the cursor, guesses the package's most imported class.
 */
public final class ImportLine {
  private static final Pattern IMPORT = Pattern.compile(
      "\\s*import\\s+((?:[a-z_$][\\w$]*\\.)+)([A-Za-z_$][\\w$]*)?");

  private ImportLine() {}

  /**
   * The rest of the import line at the cursor, or null.
   *
   * @param language   the file's language (only Java is judged)
   * @param lineBefore the cursor's line up to the cursor (nothing follows it on the line)
   * @param paths      the paths of the files the engine knows, whose folders are the packages
   * @param before     the file's tokens before the cursor
   * @param after      the file's tokens after the cursor's line
   * @return the rest of the class's name and {@code ;}, or null where the line is no import of a
   *         package's class being written, or no single class of the package is used and not imported
   */
  public static String rest(String language, String lineBefore, Collection<String> paths,
      List<CodeLexer.Tok> before, List<CodeLexer.Tok> after) {
    if (!"java".equals(language)) {
      return null;
    }
    Matcher m = IMPORT.matcher(lineBefore);
    if (!m.matches()) {
      return null;
    }
    String pkg = m.group(1).substring(0, m.group(1).length() - 1);
    String partial = m.group(2) == null ? "" : m.group(2);
    String folder = "/" + pkg.replace('.', '/') + "/";
    Set<String> types = new HashSet<>();
    for (String p : paths) {
      String path = "/" + p.replace('\\', '/');
      int at = path.lastIndexOf('/');
      if (path.endsWith(".java") && path.startsWith(folder, at - folder.length() + 1)) {
        types.add(path.substring(at + 1, path.length() - ".java".length()));
      }
    }
    if (types.isEmpty()) {
      return null;
    }
    Set<String> imported = new HashSet<>();
    Set<String> used = new TreeSet<>();
    read(before, types, imported, used);
    read(after, types, imported, used);
    String only = null;
    for (String t : used) {
      if (!imported.contains(t) && t.startsWith(partial) && t.length() > partial.length()) {
        if (only != null) {
          return null;
        }
        only = t;
      }
    }
    return only == null ? null : only.substring(partial.length()) + ";";
  }

  /** The names each import line ends with, and the package's types the code names outside them. */
  private static void read(List<CodeLexer.Tok> toks, Set<String> types, Set<String> imported, Set<String> used) {
    boolean inImport = false;
    String last = null;
    for (CodeLexer.Tok t : toks) {
      String s = t.text();
      if (s.equals("import")) {
        inImport = true;
      } else if (inImport && s.equals(";")) {
        if (last != null) {
          imported.add(last);
        }
        inImport = false;
        last = null;
      } else if (inImport && s.equals(CodeLexer.NEWLINE)) {
        inImport = false; // the line being written, cut at the cursor
        last = null;
      } else if (inImport) {
        last = s;
      } else if (types.contains(s)) {
        used.add(s);
      }
    }
  }
}
