package dev.coclone.context.internal;

import dev.coclone.context.CallSite;
import dev.coclone.context.Definition;
import dev.coclone.context.FileSymbols;
import dev.coclone.source.CodeLexer;
import dev.coclone.source.SourceFile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Definitions and imports from the token stream, using the block structure (braces, or Python's
 * indentation) rather than patterns over text: classes, functions, methods, arrow functions
 * bound to names, and imports. The fallback: used for Java files that do not parse, for Python and
 * JavaScript/TypeScript only where tree-sitter's native library cannot load, and for languages
 * tree-sitter does not read here. Works on half-typed code.
 */
public final class LexicalSymbols {
  private static final Set<String> NOT_METHODS = Set.of("if", "for", "while", "switch", "catch", "return", "new",
      "function", "else", "do", "try", "synchronized", "super", "this", "typeof", "await", "with");

  private LexicalSymbols() {}

  /**
   * Extracts a file's symbols.
   *
   * @param file the file
   * @return its symbols
   */
  public static FileSymbols extract(SourceFile file) {
    List<CodeLexer.Tok> toks = new ArrayList<>();
    for (CodeLexer.Tok t : new CodeLexer(file.language()).lex(file.text())) {
      if (!CodeLexer.isLayout(t.text())) {
        toks.add(t);
      }
    }
    List<Definition> defs = new ArrayList<>();
    List<String> imports = new ArrayList<>();
    if ("python".equals(file.language())) {
      python(file.path(), toks, defs, imports);
    } else {
      braces(file.path(), toks, defs, imports);
    }
    List<CallSite> calls = new ArrayList<>();
    for (int i = 0; i + 1 < toks.size(); i++) {
      String x = toks.get(i).text();
      String before = text(toks, i - 1);
      if (ident(x) && !NOT_METHODS.contains(x) && text(toks, i + 1).equals("(") && !before.equals("def")
          && !before.equals("function") && !before.equals("class")) {
        calls.add(new CallSite(x, toks.get(i).line() + 1, column(file.text(), toks.get(i).start())));
      }
    }
    return new FileSymbols(file.path(), file.language(), defs, imports, calls, "lexical", null);
  }

  private static int column(String text, int offset) {
    return offset - text.lastIndexOf('\n', offset - 1);
  }

  private static boolean ident(String t) {
    return !t.isEmpty() && Character.isJavaIdentifierStart(t.charAt(0));
  }

  private static String text(List<CodeLexer.Tok> toks, int i) {
    return i >= 0 && i < toks.size() ? toks.get(i).text() : "";
  }

  private static void python(String path, List<CodeLexer.Tok> toks, List<Definition> defs, List<String> imports) {
    Deque<int[]> classes = new ArrayDeque<>(); // {indent, def index}
    List<int[]> open = new ArrayList<>(); // {def index, indent}
    List<String> classNames = new ArrayList<>();
    for (int i = 0; i < toks.size(); i++) {
      CodeLexer.Tok t = toks.get(i);
      boolean lineStart = i == 0 || toks.get(i - 1).line() != t.line();
      if (lineStart) {
        // Close blocks whose body ended before this line.
        for (int k = open.size() - 1; k >= 0; k--) {
          int[] o = open.get(k);
          if (t.indent() <= o[1]) {
            Definition d = defs.get(o[0]);
            defs.set(o[0], new Definition(d.name(), d.kind(), d.container(), d.path(), d.startLine(), t.line(),
                d.signature()));
            open.remove(k);
          }
        }
        while (!classes.isEmpty() && t.indent() <= classes.peek()[0]) {
          classes.pop();
          classNames.remove(classNames.size() - 1);
        }
      }
      String x = t.text();
      if (lineStart && (x.equals("def") || x.equals("class")) && ident(text(toks, i + 1))) {
        String name = text(toks, i + 1);
        StringBuilder sig = new StringBuilder(x).append(' ').append(name);
        int j = i + 2;
        while (j < toks.size() && toks.get(j).line() == t.line() && !text(toks, j).equals(":")) {
          sig.append(text(toks, j).equals(",") ? ", " : text(toks, j));
          j++;
        }
        String container = classNames.isEmpty() ? "" : classNames.get(classNames.size() - 1);
        defs.add(new Definition(name, x.equals("class") ? "class" : container.isEmpty() ? "function" : "method",
            container, path, t.line() + 1, t.line() + 1, sig.toString()));
        open.add(new int[] {defs.size() - 1, t.indent()});
        if (x.equals("class")) {
          classes.push(new int[] {t.indent(), defs.size() - 1});
          classNames.add(name);
        }
      } else if (lineStart && x.equals("import")) {
        imports.add(text(toks, i + 1));
      } else if (lineStart && x.equals("from") && text(toks, i + 2).equals("import")) {
        imports.add(text(toks, i + 1));
      }
    }
    int lastLine = toks.isEmpty() ? 1 : toks.get(toks.size() - 1).line() + 1;
    for (int[] o : open) {
      Definition d = defs.get(o[0]);
      defs.set(o[0], new Definition(d.name(), d.kind(), d.container(), d.path(), d.startLine(), lastLine,
          d.signature()));
    }
  }

  private static void braces(String path, List<CodeLexer.Tok> toks, List<Definition> defs, List<String> imports) {
    int depth = 0;
    Deque<int[]> blocks = new ArrayDeque<>(); // {depth at open, def index or -1, isClass}
    Deque<String> classNames = new ArrayDeque<>();
    int pendingDef = -1;
    boolean pendingClass = false;
    for (int i = 0; i < toks.size(); i++) {
      String x = toks.get(i).text();
      int line = toks.get(i).line() + 1;
      boolean inClassBody = !blocks.isEmpty() && blocks.peek()[2] == 1 && blocks.peek()[0] == depth - 1;
      String container = classNames.isEmpty() ? "" : classNames.peek();
      if ((x.equals("class") || x.equals("interface") || x.equals("enum")) && ident(text(toks, i + 1))
          && !text(toks, i - 1).equals(".")) {
        defs.add(new Definition(text(toks, i + 1), x, container, path, line, line, x + " " + text(toks, i + 1)));
        pendingDef = defs.size() - 1;
        pendingClass = true;
      } else if (x.equals("function") && ident(text(toks, i + 1))) {
        defs.add(new Definition(text(toks, i + 1), "function", container, path, line, line,
            "function " + text(toks, i + 1) + params(toks, i + 2)));
        pendingDef = defs.size() - 1;
        pendingClass = false;
      } else if ((x.equals("const") || x.equals("let") || x.equals("var")) && ident(text(toks, i + 1))
          && text(toks, i + 2).equals("=") && (text(toks, i + 3).equals("(") || text(toks, i + 3).equals("function")
          || text(toks, i + 3).equals("async") || (ident(text(toks, i + 3)) && text(toks, i + 4).equals("=>")))) {
        defs.add(new Definition(text(toks, i + 1), "function", container, path, line, line,
            x + " " + text(toks, i + 1) + " = " + params(toks, i + 3)));
        pendingDef = defs.size() - 1;
        pendingClass = false;
      } else if (inClassBody && ident(x) && !NOT_METHODS.contains(x) && text(toks, i + 1).equals("(")
          && !text(toks, i - 1).equals(".")) {
        int close = matching(toks, i + 1);
        if (close > 0 && (text(toks, close + 1).equals("{") || text(toks, close + 1).equals("throws")
            || text(toks, close + 1).equals(":"))) {
          defs.add(new Definition(x, x.equals(container) ? "constructor" : "method", container, path, line, line,
              signatureBefore(toks, i) + x + params(toks, i + 1)));
          pendingDef = defs.size() - 1;
          pendingClass = false;
        }
      } else if (x.equals("import")) {
        int j = i + 1;
        StringBuilder name = new StringBuilder();
        while (j < toks.size() && !text(toks, j).equals(";") && toks.get(j).line() == toks.get(i).line()) {
          String y = text(toks, j);
          if (y.startsWith("'") || y.startsWith("\"")) {
            name.setLength(0);
            name.append(y, 1, Math.max(1, y.length() - 1));
            break;
          }
          if (!y.equals("static")) {
            name.append(y);
          }
          j++;
        }
        imports.add(name.toString());
      } else if (x.equals("require") && text(toks, i + 1).equals("(") && text(toks, i + 2).length() > 2) {
        String y = text(toks, i + 2);
        imports.add(y.substring(1, y.length() - 1));
      }
      if (x.equals("{")) {
        blocks.push(new int[] {depth, pendingDef, pendingClass ? 1 : 0});
        if (pendingClass && pendingDef >= 0) {
          classNames.push(defs.get(pendingDef).name());
        }
        pendingDef = -1;
        pendingClass = false;
        depth++;
      } else if (x.equals("}") && depth > 0) {
        depth--;
        int[] b = blocks.isEmpty() ? null : blocks.pop();
        if (b != null && b[1] >= 0) {
          Definition d = defs.get(b[1]);
          defs.set(b[1], new Definition(d.name(), d.kind(), d.container(), d.path(), d.startLine(), line,
              d.signature()));
          if (b[2] == 1 && !classNames.isEmpty()) {
            classNames.pop();
          }
        }
      } else if (x.equals(";") && pendingDef >= 0 && !pendingClass) {
        pendingDef = -1; // an abstract or interface method: no body
      }
    }
  }

  private static int matching(List<CodeLexer.Tok> toks, int open) {
    int d = 0;
    for (int j = open; j < toks.size() && j < open + 400; j++) {
      String y = toks.get(j).text();
      if (y.equals("(")) {
        d++;
      } else if (y.equals(")") && --d == 0) {
        return j;
      }
    }
    return -1;
  }

  private static String params(List<CodeLexer.Tok> toks, int open) {
    int close = matching(toks, open);
    if (close < 0) {
      return "(...)";
    }
    StringBuilder sb = new StringBuilder();
    for (int j = open; j <= close; j++) {
      String y = toks.get(j).text();
      sb.append(y);
      if (y.equals(",")) {
        sb.append(' ');
      } else if (j + 1 < close && ident(y) && ident(toks.get(j + 1).text())) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  /** Modifiers and return type on the same line before a method name. */
  private static String signatureBefore(List<CodeLexer.Tok> toks, int i) {
    int line = toks.get(i).line();
    int j = i - 1;
    while (j >= 0 && toks.get(j).line() == line && !Set.of("{", "}", ";").contains(toks.get(j).text())) {
      j--;
    }
    StringBuilder sb = new StringBuilder();
    for (int k = j + 1; k < i; k++) {
      sb.append(toks.get(k).text()).append(' ');
    }
    return sb.toString();
  }
}
