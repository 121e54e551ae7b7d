package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import dev.coclone.source.CodeLexer.Tok;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what a file declares around a cursor from its tokens, without a parser, so that it works
 * on the half-written code an editor holds: brace blocks for Java, JavaScript and TypeScript,
 * indentation for Python. Declarations are recognised by shape (parameters of a parenthesised
 * list before a body, {@code const x}, {@code Type x =}, {@code x = ...} in Python, imports,
 * {@code this.x =}); what it misses only makes the checks that use it more lenient.
 */
public final class ScopeReader {
  private ScopeReader() {}

  /** One block or indentation frame. */
  private static final class Frame {
    final Set<String> names = new HashSet<>();
    final Set<String> members = new HashSet<>();
    final boolean isClass;
    final boolean open;
    final int indent;
    int start;
    Frame(boolean isClass, boolean open, int indent) {
      this.isClass = isClass;
      this.open = open;
      this.indent = indent;
    }
  }

  /** State of one read. */
  private static final class Acc {
    final Set<String> declared = new HashSet<>();
    final Set<String> definitions = new HashSet<>();
    boolean wildcard;
    List<Frame> atCursor;
    final List<Frame> classes = new ArrayList<>();
    int skipFrom;
    int skipTo;

    void define(int at, String signature) {
      if (at < skipFrom || at >= skipTo) {
        definitions.add(signature);
      }
    }
  }

  /**
   * Reads the scope at a cursor.
   *
   * @param language     language id
   * @param toks         the file's tokens: before the cursor, then after it
   * @param cursor       index of the first token after the cursor
   * @param cursorIndent for Python, the indentation of the cursor's line (its scope ends where a
   *                     line is indented no deeper than a frame's header)
   * @return the scope
   */
  public static Scope read(String language, List<Tok> toks, int cursor, int cursorIndent) {
    return read(language, toks, cursor, cursorIndent, 0, 0);
  }

  /**
   * Reads the scope at a cursor, leaving out of {@link Scope#definitions()} those whose header
   * starts at a token index in [skipFrom, skipTo) (the line being written).
   *
   * @param language     language id
   * @param toks         the file's tokens
   * @param cursor       index of the first token after the cursor
   * @param cursorIndent for Python, the indentation of the cursor's line
   * @param skipFrom     first token index whose definitions are left out
   * @param skipTo       end of that range
   * @return the scope
   */
  public static Scope read(String language, List<Tok> toks, int cursor, int cursorIndent, int skipFrom,
      int skipTo) {
    Acc acc = new Acc();
    acc.skipFrom = skipFrom;
    acc.skipTo = skipTo;
    if ("python".equals(language)) {
      python(toks, cursor, cursorIndent, acc);
    } else {
      cLike("java".equals(language), toks, cursor, acc);
    }
    List<Frame> frames = acc.atCursor == null ? List.of() : acc.atCursor;
    Set<String> in = new HashSet<>();
    Set<String> members = new HashSet<>();
    boolean classOpen = true;
    boolean inheritsUnseen = false;
    Frame innermostClass = null;
    for (int i = frames.size() - 1; i >= 0; i--) {
      Frame f = frames.get(i);
      if (f.isClass && innermostClass == null) {
        innermostClass = f;
      }
      inheritsUnseen |= f.isClass && f.open;
      // Python: a class body's names are not visible in its methods (they are members).
      if (!f.isClass || i == frames.size() - 1 || !"python".equals(language)) {
        in.addAll(f.names);
      }
    }
    if (innermostClass != null) {
      members.addAll(innermostClass.members);
      members.addAll(innermostClass.names);
      classOpen = innermostClass.open;
    }
    boolean openWorld = acc.wildcard || ("java".equals(language) && (inheritsUnseen || innermostClass == null));
    Set<String> unused = new HashSet<>();
    boolean python = "python".equals(language);
    int end = Math.min(cursor, toks.size());
    int from = end;
    List<Frame> functions = new ArrayList<>();
    for (int i = frames.size() - 1; i > 0 && !frames.get(i).isClass; i--) {
      functions.add(frames.get(i));
      from = Math.min(from, frames.get(i).start);
    }
    if (!functions.isEmpty()) {
      java.util.Map<String, Integer> uses = new java.util.HashMap<>();
      for (int k = Math.max(from, end - 20_000); k < end; k++) {
        uses.merge(toks.get(k).text(), 1, Integer::sum);
      }
      for (Frame f : functions) {
        for (String name : f.names) {
          if (uses.getOrDefault(name, 0) <= (python ? 1 : 0)) {
            unused.add(name);
          }
        }
      }
    }
    Set<String> allMembers = new HashSet<>();
    for (Frame c : acc.classes) {
      allMembers.addAll(c.members);
      allMembers.addAll(c.names);
    }
    return new Scope(in, acc.declared, members, classOpen, openWorld, acc.definitions, unused, allMembers);
  }

  /** Definitions a piece of code opens ("def f", "class A", "method m/2"), read the same way as a file. */
  public static Set<String> definitions(String language, List<Tok> toks) {
    Acc acc = new Acc();
    if ("python".equals(language)) {
      python(toks, toks.size(), 0, acc);
    } else {
      cLike("java".equals(language), toks, toks.size(), acc);
    }
    return acc.definitions;
  }

  // ---------------------------------------------------------------- Java, JavaScript, TypeScript

  private static void cLike(boolean java, List<Tok> t, int cursor, Acc acc) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(false, false, 0));
    int n = t.size();
    int parens = 0;
    Deque<Integer> parensAtOpen = new ArrayDeque<>();
    parensAtOpen.push(0);
    for (int i = 0; i <= n; i++) {
      if (i == cursor) {
        acc.atCursor = new ArrayList<>(stack);
        Collections.reverse(acc.atCursor);
      }
      if (i == n) {
        break;
      }
      String s = t.get(i).text();
      switch (s) {
        case "{" -> {
          openBlock(java, t, i, stack, acc);
          parensAtOpen.push(parens);
        }
        case "}" -> {
          if (stack.size() > 1) {
            stack.pop();
            parens = parensAtOpen.pop();
          }
        }
        case "(" -> parens++;
        case ")" -> parens = Math.max(0, parens - 1);
        case "const", "let", "var" -> declareAfter(t, i + 1, stack.peek(), acc);
        case "function" -> {
          if (i + 1 < n && isName(t.get(i + 1).text())) {
            declare(t.get(i + 1).text(), stack.peek(), acc);
          }
        }
        case "import" -> imports(java, t, i, stack.peek(), acc);
        case "=>", "->" -> arrowParams(t, i, stack.peek(), acc);
        case "this" -> {
          if (i + 3 < n && t.get(i + 1).text().equals(".") && isName(t.get(i + 2).text())
              && t.get(i + 3).text().equals("=")) {
            Frame cls = enclosingClass(stack);
            if (cls != null) {
              cls.members.add(t.get(i + 2).text());
            }
          }
        }
        default -> {
          if (java && parens == parensAtOpen.peek() && isName(s) && i > 0 && i + 1 < n && typedDeclaration(t.get(i - 1).text(), t.get(i + 1).text())) {
            declare(s, stack.peek(), acc);
          }
        }
      }
    }
  }

  private static boolean typedDeclaration(String prev, String next) {
    boolean typeBefore = prev.equals(">") || prev.equals("]") || Keywords.JAVA_PRIMITIVES.contains(prev)
        || (isName(prev) && !Keywords.JAVA.contains(prev));
    return typeBefore && (next.equals("=") || next.equals(";") || next.equals(",") || next.equals(":")
        || next.equals(")"));
  }

  private static void openBlock(boolean java, List<Tok> t, int brace, Deque<Frame> stack, Acc acc) {
    Frame outer = stack.peek();
    // A class header: class/interface/enum/record Name ... {
    int from = brace - 1;
    while (from >= 0 && from > brace - 40 && !List.of(";", "{", "}").contains(t.get(from).text())) {
      from--;
    }
    boolean isClass = false;
    boolean open = false;
    for (int k = from + 1; k < brace; k++) {
      String x = t.get(k).text();
      if ((x.equals("class") || x.equals("interface") || x.equals("enum") || x.equals("record"))
          && k + 1 < brace && isName(t.get(k + 1).text())) {
        isClass = true;
        declare(t.get(k + 1).text(), outer, acc);
        acc.define(k, "class " + t.get(k + 1).text());
      }
      open |= x.equals("extends") || x.equals("implements");
    }
    if (isClass) {
      Frame cls = new Frame(true, open, 0);
      acc.classes.add(cls);
      stack.push(cls);
      return;
    }
    Frame block = new Frame(false, false, 0);
    int close = brace - 1;
    if (close >= 0 && t.get(close).text().equals("=>")) {
      close--;
    }
    // Java: ") throws A, B {"
    int k = close;
    while (java && k > 0 && (isName(t.get(k).text()) || t.get(k).text().equals(",") || t.get(k).text().equals("."))
        && !t.get(k).text().equals("throws")) {
      k--;
    }
    if (java && k >= 0 && t.get(k).text().equals("throws")) {
      close = k - 1;
    }
    if (close >= 0 && t.get(close).text().equals(")")) {
      int open1 = matchingOpen(t, close);
      String head = open1 > 0 ? t.get(open1 - 1).text() : "";
      if (!List.of("if", "while", "switch", "synchronized").contains(head) && open1 >= 0) {
        params(t, open1, close, block, acc);
        if (isName(head) && !Keywords.JAVA.contains(head) && !Keywords.JS.contains(head)) {
          declare(head, outer, acc);
          acc.define(open1 - 1, "method " + head + "/" + arity(t, open1, close));
          if (outer.isClass) {
            outer.members.add(head);
          }
        }
      }
    } else if (close >= 0 && isName(t.get(close).text()) && brace - 1 > close) {
      declare(t.get(close).text(), block, acc); // x => { ... }
    }
    block.start = brace;
    stack.push(block);
  }

  private static int arity(List<Tok> t, int open, int close) {
    if (close == open + 1) {
      return 0;
    }
    int commas = 0;
    int depth = 0;
    for (int k = open + 1; k < close; k++) {
      String x = t.get(k).text();
      if (x.equals("(") || x.equals("[") || x.equals("{") || x.equals("<")) {
        depth++;
      } else if (x.equals(")") || x.equals("]") || x.equals("}") || x.equals(">")) {
        depth--;
      } else if (x.equals(",") && depth == 0) {
        commas++;
      }
    }
    return commas + 1;
  }

  private static int matchingOpen(List<Tok> t, int close) {
    int depth = 0;
    for (int k = close; k >= 0 && k > close - 400; k--) {
      String x = t.get(k).text();
      if (x.equals(")")) {
        depth++;
      } else if (x.equals("(")) {
        depth--;
        if (depth == 0) {
          return k;
        }
      }
    }
    return -1;
  }

  /** Parameters (and for/catch variables): names followed by , ) = : ? and not a default value. */
  private static void params(List<Tok> t, int open, int close, Frame into, Acc acc) {
    for (int k = open + 1; k < close; k++) {
      String x = t.get(k).text();
      if (!isName(x) || Keywords.JAVA.contains(x) || Keywords.JS.contains(x)) {
        continue;
      }
      String prev = t.get(k - 1).text();
      String next = t.get(k + 1).text();
      if (prev.equals(".") || prev.equals("=") || prev.equals(":") && !next.equals(",")) {
        continue;
      }
      if (List.of(",", ")", "=", ":", "?", "}", "]", ";").contains(next)) {
        declare(x, into, acc);
      }
    }
  }

  private static void arrowParams(List<Tok> t, int arrow, Frame into, Acc acc) {
    if (arrow == 0) {
      return;
    }
    int p = arrow - 1;
    if (isName(t.get(p).text())) {
      declare(t.get(p).text(), into, acc);
    } else if (t.get(p).text().equals(")")) {
      int open = matchingOpen(t, p);
      if (open >= 0) {
        params(t, open, p, into, acc);
      }
    }
  }

  /** After const/let/var: a name, or the names of a destructuring pattern. */
  private static void declareAfter(List<Tok> t, int i, Frame into, Acc acc) {
    if (i >= t.size()) {
      return;
    }
    String x = t.get(i).text();
    if (isName(x)) {
      declare(x, into, acc);
      return;
    }
    if (x.equals("{") || x.equals("[")) {
      int depth = 0;
      for (int k = i; k < t.size() && k < i + 200; k++) {
        String y = t.get(k).text();
        if (y.equals("{") || y.equals("[")) {
          depth++;
        } else if (y.equals("}") || y.equals("]")) {
          if (--depth == 0) {
            return;
          }
        } else if (isName(y) && k + 1 < t.size() && !t.get(k + 1).text().equals(":")) {
          declare(y, into, acc);
        }
      }
    }
  }

  private static void imports(boolean java, List<Tok> t, int i, Frame into, Acc acc) {
    boolean isStatic = false;
    String last = null;
    for (int k = i + 1; k < t.size() && k < i + 80; k++) {
      String x = t.get(k).text();
      if (x.equals(";") || x.equals(CodeLexer.NEWLINE)) {
        break;
      }
      if (java) {
        isStatic |= x.equals("static");
        if (x.equals("*")) {
          acc.wildcard |= isStatic;
          return;
        }
        if (isName(x) && !x.equals("static")) {
          last = x;
        }
      } else if (isName(x) && !x.equals("from") && !x.equals("as") && !x.equals("type")
          && !(k + 1 < t.size() && t.get(k + 1).text().equals("as"))) {
        declare(x, into, acc);
      }
    }
    if (last != null) {
      declare(last, into, acc);
    }
  }

  private static Frame enclosingClass(Deque<Frame> stack) {
    for (Frame f : stack) {
      if (f.isClass) {
        return f;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- Python

  private static void python(List<Tok> t, int cursor, int cursorIndent, Acc acc) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(false, false, -1));
    int n = t.size();
    boolean atStart = true;
    for (int i = 0; i <= n; i++) {
      if (i == cursor) {
        Deque<Frame> copy = new ArrayDeque<>(stack);
        while (copy.size() > 1 && cursorIndent <= copy.peek().indent) {
          copy.pop();
        }
        acc.atCursor = new ArrayList<>(copy);
        Collections.reverse(acc.atCursor);
      }
      if (i == n) {
        break;
      }
      Tok tok = t.get(i);
      String s = tok.text();
      if (CodeLexer.isLayout(s)) {
        atStart = true;
        continue;
      }
      if (atStart) {
        atStart = false;
        while (stack.size() > 1 && tok.indent() <= stack.peek().indent) {
          stack.pop();
        }
        pythonStatement(t, i, stack, acc);
      }
      if (s.equals("for") || s.equals("lambda")) {
        String stop = s.equals("for") ? "in" : ":";
        for (int k = i + 1; k < n && k < i + 40 && !t.get(k).text().equals(stop); k++) {
          if (isName(t.get(k).text())) {
            declare(t.get(k).text(), stack.peek(), acc);
          }
        }
      } else if (s.equals("as") && i + 1 < n && isName(t.get(i + 1).text())) {
        declare(t.get(i + 1).text(), stack.peek(), acc);
      } else if (s.equals(":=") && i > 0 && isName(t.get(i - 1).text())) {
        declare(t.get(i - 1).text(), stack.peek(), acc);
      } else if (s.equals("self") && i + 3 < n && t.get(i + 1).text().equals(".") && isName(t.get(i + 2).text())
          && assignment(t.get(i + 3).text())) {
        Frame cls = enclosingClass(stack);
        if (cls != null) {
          cls.members.add(t.get(i + 2).text());
        }
      }
    }
  }

  private static boolean assignment(String op) {
    return op.equals("=") || (op.length() == 2 && op.charAt(1) == '=' && "+-*/%&|^".indexOf(op.charAt(0)) >= 0)
        || op.equals(":");
  }

  private static void pythonStatement(List<Tok> t, int i, Deque<Frame> stack, Acc acc) {
    String s = t.get(i).text();
    int n = t.size();
    int indent = t.get(i).indent();
    if (s.equals("async") && i + 1 < n) {
      i++;
      s = t.get(i).text();
    }
    if ((s.equals("def") || s.equals("class")) && i + 1 < n && isName(t.get(i + 1).text())) {
      String name = t.get(i + 1).text();
      Frame outer = stack.peek();
      declare(name, outer, acc);
      if (outer.isClass) {
        outer.members.add(name);
      }
      acc.define(i, s + " " + name);
      boolean bases = false;
      Frame f;
      if (s.equals("class")) {
        bases = i + 2 < n && t.get(i + 2).text().equals("(") && !(i + 4 < n && t.get(i + 3).text().equals("object"))
            && !(i + 3 < n && t.get(i + 3).text().equals(")"));
        f = new Frame(true, bases, indent);
        acc.classes.add(f);
      } else {
        f = new Frame(false, false, indent);
        if (i + 2 < n && t.get(i + 2).text().equals("(")) {
          int depth = 0;
          boolean inDefault = false;
          for (int k = i + 2; k < n; k++) {
            String x = t.get(k).text();
            if (x.equals("(") || x.equals("[") || x.equals("{")) {
              depth++;
            } else if (x.equals(")") || x.equals("]") || x.equals("}")) {
              if (--depth == 0) {
                break;
              }
            } else if (depth == 1 && x.equals(",")) {
              inDefault = false;
            } else if (depth == 1 && (x.equals("=") || x.equals(":"))) {
              inDefault = true;
            } else if (depth == 1 && !inDefault && isName(x)) {
              declare(x, f, acc);
            }
          }
        }
      }
      f.start = i;
      stack.push(f);
      return;
    }
    if (s.equals("import") || s.equals("from")) {
      boolean from = s.equals("from");
      boolean afterImport = !from;
      for (int k = i + 1; k < n && !CodeLexer.isLayout(t.get(k).text()); k++) {
        String x = t.get(k).text();
        if (x.equals("import")) {
          afterImport = true;
        } else if (x.equals("*") && afterImport) {
          acc.wildcard = true;
        } else if (afterImport && isName(x) && !x.equals("as") && !t.get(k - 1).text().equals(".")
            && !(k + 1 < n && t.get(k + 1).text().equals("as"))) {
          declare(x, stack.peek(), acc);
        }
      }
      return;
    }
    if (s.equals("global") || s.equals("nonlocal")) {
      for (int k = i + 1; k < n && !CodeLexer.isLayout(t.get(k).text()); k++) {
        if (isName(t.get(k).text())) {
          declare(t.get(k).text(), stack.peek(), acc);
        }
      }
      return;
    }
    // Assignment targets: names at bracket depth 0 before "=" (a, b = ...; x: int = ...; x += 1).
    int depth = 0;
    List<String> targets = new ArrayList<>();
    for (int k = i; k < n && !CodeLexer.isLayout(t.get(k).text()); k++) {
      String x = t.get(k).text();
      if (x.equals("(") || x.equals("[") || x.equals("{")) {
        depth++;
      } else if (x.equals(")") || x.equals("]") || x.equals("}")) {
        depth--;
      } else if (depth == 0 && assignment(x)) {
        for (String name : targets) {
          declare(name, stack.peek(), acc);
        }
        return;
      } else if (depth == 0 && isName(x) && !(k > i && t.get(k - 1).text().equals("."))) {
        targets.add(x);
      } else if (depth == 0 && !x.equals(",") && !x.equals("*") && !x.equals(".")) {
        return;
      }
    }
  }

  // ---------------------------------------------------------------- shared

  private static void declare(String name, Frame into, Acc acc) {
    into.names.add(name);
    acc.declared.add(name);
  }

  /** True for an identifier (not a keyword-like operator, literal or marker). */
  static boolean isName(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false; // a Python prefixed string such as f"..."
      }
    }
    return true;
  }
}
