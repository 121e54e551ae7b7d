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

/** Declarations of Python by indentation, for {@link ScopeReader}. */
final class PythonScopes {
  private PythonScopes() {}

  static void read(List<Tok> t, int cursor, int cursorIndent, Acc acc) {
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
          if (ScopeReader.isName(t.get(k).text())) {
            ScopeReader.declare(t.get(k).text(), stack.peek(), acc);
          }
        }
      } else if (s.equals("as") && i + 1 < n && ScopeReader.isName(t.get(i + 1).text())) {
        ScopeReader.declare(t.get(i + 1).text(), stack.peek(), acc);
      } else if (s.equals(":=") && i > 0 && ScopeReader.isName(t.get(i - 1).text())) {
        ScopeReader.declare(t.get(i - 1).text(), stack.peek(), acc);
      } else if (s.equals("self") && i + 3 < n && t.get(i + 1).text().equals(".") && ScopeReader.isName(t.get(i + 2).text())
          && assignment(t.get(i + 3).text())) {
        Frame cls = ScopeReader.enclosingClass(stack);
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
    if ((s.equals("def") || s.equals("class")) && i + 1 < n && ScopeReader.isName(t.get(i + 1).text())) {
      String name = t.get(i + 1).text();
      Frame outer = stack.peek();
      ScopeReader.declare(name, outer, acc);
      if (outer.isClass) {
        outer.members.add(name);
      }
      acc.define(i, s + " " + name, outer);
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
            } else if (depth == 1 && !inDefault && ScopeReader.isName(x)) {
              ScopeReader.declare(x, f, acc);
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
        } else if (afterImport && ScopeReader.isName(x) && !x.equals("as") && !t.get(k - 1).text().equals(".")
            && !(k + 1 < n && t.get(k + 1).text().equals("as"))) {
          ScopeReader.declare(x, stack.peek(), acc);
        }
      }
      return;
    }
    if (s.equals("global") || s.equals("nonlocal")) {
      for (int k = i + 1; k < n && !CodeLexer.isLayout(t.get(k).text()); k++) {
        if (ScopeReader.isName(t.get(k).text())) {
          ScopeReader.declare(t.get(k).text(), stack.peek(), acc);
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
          ScopeReader.declare(name, stack.peek(), acc);
        }
        return;
      } else if (depth == 0 && ScopeReader.isName(x) && !(k > i && t.get(k - 1).text().equals("."))) {
        targets.add(x);
      } else if (depth == 0 && !x.equals(",") && !x.equals("*") && !x.equals(".")) {
        return;
      }
    }
  }
}
