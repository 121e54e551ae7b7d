package dev.coclone.engine.internal;

import dev.coclone.engine.internal.ScopeReader.Acc;
import dev.coclone.engine.internal.ScopeReader.Frame;
import dev.coclone.source.CodeLexer;
import dev.coclone.source.CodeLexer.Tok;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/** Declarations of Java, JavaScript and TypeScript by brace blocks, for {@link ScopeReader}. */
final class BraceScopes {
  private BraceScopes() {}

  static void read(boolean java, List<Tok> t, int cursor, Acc acc) {
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
          if (i + 1 < n && ScopeReader.isName(t.get(i + 1).text())) {
            ScopeReader.declare(t.get(i + 1).text(), stack.peek(), acc);
          }
        }
        case "import" -> imports(java, t, i, stack.peek(), acc);
        case "super" -> {
          if (java && i + 1 < n && t.get(i + 1).text().equals("(")) {
            superArguments(t, i + 1, ScopeReader.enclosingClass(stack));
          }
        }
        case "=>", "->" -> arrowParams(t, i, stack.peek(), acc);
        case "this" -> {
          if (i + 3 < n && t.get(i + 1).text().equals(".") && ScopeReader.isName(t.get(i + 2).text())
              && t.get(i + 3).text().equals("=")) {
            Frame cls = ScopeReader.enclosingClass(stack);
            if (cls != null) {
              cls.members.add(t.get(i + 2).text());
            }
          }
        }
        default -> {
          // The cheap test first: most tokens are not followed by what ends a declared name.
          if (java && i > 0 && i + 1 < n && endsDeclaredName(t.get(i + 1).text()) && parens == parensAtOpen.peek()
              && ScopeReader.isName(s) && typedDeclaration(t.get(i - 1).text(), t.get(i + 1).text())) {
            ScopeReader.declare(s, stack.peek(), acc);
          } else if (java && i > 0 && i + 3 < n && t.get(i + 1).text().equals("[") && t.get(i + 2).text().equals("]")
              && endsDeclaredName(t.get(i + 3).text()) && parens == parensAtOpen.peek() && ScopeReader.isName(s)
              && typedDeclaration(t.get(i - 1).text(), t.get(i + 3).text())) {
            ScopeReader.declare(s, stack.peek(), acc); // byte buf[] = ...
          } else if (java && i > 0 && i + 1 < n && stack.peek().isClass && t.get(i + 1).text().equals("(")
              && parens == parensAtOpen.peek() && ScopeReader.isName(s) && !Keywords.JAVA.contains(s)
              && typedDeclaration(t.get(i - 1).text(), ";") && bodiless(t, i + 1)) {
            // A method of the class without a body (native, abstract, an interface's); one with a body is
            // declared where its block opens.
            ScopeReader.declare(s, stack.peek(), acc);
            stack.peek().members.add(s);
          }
        }
      }
    }
  }

  /** True for what may follow a name a typed declaration declares: = ; , : ) */
  private static boolean endsDeclaredName(String next) {
    return next.length() == 1 && "=;,:)".indexOf(next.charAt(0)) >= 0;
  }

  private static boolean typedDeclaration(String prev, String next) {
    boolean typeBefore = prev.equals(">") || prev.equals("]") || Keywords.JAVA_PRIMITIVES.contains(prev)
        || (ScopeReader.isName(prev) && !Keywords.JAVA.contains(prev));
    return typeBefore && (next.equals("=") || next.equals(";") || next.equals(",") || next.equals(":")
        || next.equals(")"));
  }

  private static void openBlock(boolean java, List<Tok> t, int brace, Deque<Frame> stack, Acc acc) {
    Frame outer = stack.peek();
    // A class header: class/interface/enum/record Name ... {
    int from = brace - 1;
    while (from >= 0 && from > brace - 40 && !endsStatement(t.get(from).text())) {
      from--;
    }
    boolean isClass = false;
    boolean open = false;
    String superName = null;
    String className = null;
    for (int k = from + 1; k < brace; k++) {
      String x = t.get(k).text();
      if ((x.equals("class") || x.equals("interface") || x.equals("enum") || x.equals("record"))
          && k + 1 < brace && ScopeReader.isName(t.get(k + 1).text())) {
        isClass = true;
        className = className != null ? className : t.get(k + 1).text();
        ScopeReader.declare(t.get(k + 1).text(), outer, acc);
        acc.define(k, "class " + t.get(k + 1).text(), outer);
      }
      open |= x.equals("extends") || x.equals("implements");
      if (x.equals("extends") && superName == null && k + 1 < brace && ScopeReader.isName(t.get(k + 1).text())) {
        superName = t.get(k + 1).text();
      }
    }
    if (isClass) {
      Frame cls = new Frame(true, open, 0);
      cls.superName = superName;
      cls.name = className;
      acc.classes.add(cls);
      stack.push(cls);
      return;
    }
    Frame block = new Frame(false, false, 0);
    // The header may break lines: ")\n    throws A {", ")\n{".
    int close = code(t, brace - 1);
    boolean arrow = close >= 0 && t.get(close).text().equals("=>");
    if (arrow) {
      close = code(t, close - 1);
    }
    // Java: ") throws A, B {"
    int k = close;
    while (java && k > 0 && (ScopeReader.isName(t.get(k).text()) || t.get(k).text().equals(",") || t.get(k).text().equals(".")
        || CodeLexer.isLayout(t.get(k).text())) && !t.get(k).text().equals("throws")) {
      k--;
    }
    if (java && k >= 0 && t.get(k).text().equals("throws")) {
      close = code(t, k - 1);
    }
    if (close >= 0 && t.get(close).text().equals(")")) {
      int open1 = matchingOpen(t, close);
      String head = open1 > 0 ? t.get(open1 - 1).text() : "";
      if (!List.of("if", "while", "switch", "synchronized").contains(head) && open1 >= 0) {
        params(t, open1, close, block, acc);
        if (ScopeReader.isName(head) && !Keywords.JAVA.contains(head) && !Keywords.JS.contains(head)) {
          ScopeReader.declare(head, outer, acc);
          acc.define(open1 - 1, "method " + head + "/" + arity(t, open1, close), outer);
          if (outer.isClass) {
            outer.members.add(head);
          }
        }
      }
    } else if (close >= 0 && ScopeReader.isName(t.get(close).text()) && arrow) {
      ScopeReader.declare(t.get(close).text(), block, acc); // x => { ... }
    }
    block.start = brace;
    stack.push(block);
  }

  /** True if the parameter list opening at open ends its declaration with ; before any brace. */
  private static boolean bodiless(List<Tok> t, int open) {
    for (int k = open; k < t.size() && k < open + 400; k++) {
      String x = t.get(k).text();
      if (x.equals(";")) {
        return true;
      }
      if (x.equals("{") || x.equals("}")) {
        return false;
      }
    }
    return false;
  }

  /** The index of the last token at or before k that is no line break or indentation marker, or -1. */
  private static int code(List<Tok> t, int k) {
    while (k >= 0 && CodeLexer.isLayout(t.get(k).text())) {
      k--;
    }
    return k;
  }

  /**
   * The names a constructor hands to {@code super(...)} as they are ({@code super(mark, pos, segment)}):
   * the superclass most often keeps them as fields, which the class's methods then use.
   */
  private static void superArguments(List<Tok> t, int open, Frame cls) {
    if (cls == null) {
      return;
    }
    int depth = 0;
    for (int k = open; k < t.size() && k < open + 200; k++) {
      String x = t.get(k).text();
      if (x.equals("(")) {
        depth++;
      } else if (x.equals(")")) {
        if (--depth == 0) {
          return;
        }
      } else if (depth == 1 && ScopeReader.isName(x) && !Keywords.JAVA.contains(x)) {
        String prev = t.get(code(t, k - 1)).text();
        String next = k + 1 < t.size() ? t.get(k + 1).text() : "";
        if ((prev.equals("(") || prev.equals(",")) && (next.equals(",") || next.equals(")"))) {
          cls.names.add(x);
          cls.members.add(x);
        }
      }
    }
  }

  /** True for ; { } (where a block's header starts after). */
  private static boolean endsStatement(String x) {
    return x.length() == 1 && (x.charAt(0) == ';' || x.charAt(0) == '{' || x.charAt(0) == '}');
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
      if (!ScopeReader.isName(x) || Keywords.JAVA.contains(x) || Keywords.JS.contains(x)) {
        continue;
      }
      String prev = t.get(k - 1).text();
      String next = t.get(k + 1).text();
      if (prev.equals(".") || prev.equals("=") || prev.equals(":") && !next.equals(",")) {
        continue;
      }
      if (next.length() == 1 && ",)=:?}];".indexOf(next.charAt(0)) >= 0
          || next.equals("[") && k + 2 < close && t.get(k + 2).text().equals("]")) {
        ScopeReader.declare(x, into, acc);
      }
    }
  }

  private static void arrowParams(List<Tok> t, int arrow, Frame into, Acc acc) {
    if (arrow == 0) {
      return;
    }
    int p = arrow - 1;
    if (ScopeReader.isName(t.get(p).text())) {
      ScopeReader.declare(t.get(p).text(), into, acc);
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
    if (ScopeReader.isName(x)) {
      ScopeReader.declare(x, into, acc);
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
        } else if (ScopeReader.isName(y) && k + 1 < t.size() && !t.get(k + 1).text().equals(":")) {
          ScopeReader.declare(y, into, acc);
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
        if (ScopeReader.isName(x) && !x.equals("static")) {
          last = x;
        }
      } else if (ScopeReader.isName(x) && !x.equals("from") && !x.equals("as") && !x.equals("type")
          && !(k + 1 < t.size() && t.get(k + 1).text().equals("as"))) {
        ScopeReader.declare(x, into, acc);
      }
    }
    if (last != null) {
      ScopeReader.declare(last, into, acc);
    }
  }
}
