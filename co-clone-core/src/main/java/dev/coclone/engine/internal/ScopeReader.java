package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer.Tok;
import java.util.ArrayList;
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
  static final class Frame {
    final Set<String> names = new HashSet<>();
    final Set<String> members = new HashSet<>();
    final boolean isClass;
    final boolean open;
    final int indent;
    int start;
    /** Java: the class a class frame extends, as written ({@code Foo} of {@code extends Foo<T>}), or null. */
    String superName;
    /** A class frame's name, or null. */
    String name;
    Frame(boolean isClass, boolean open, int indent) {
      this.isClass = isClass;
      this.open = open;
      this.indent = indent;
    }
  }

  /** State of one read. */
  static final class Acc {
    final Set<String> declared = new HashSet<>();
    final Set<String> definitions = new HashSet<>();
    /** Each definition outside the skipped range with the frame it is declared in. */
    final List<java.util.Map.Entry<String, Frame>> owned = new ArrayList<>();
    boolean wildcard;
    List<Frame> atCursor;
    final List<Frame> classes = new ArrayList<>();
    int skipFrom;
    int skipTo;

    void define(int at, String signature, Frame owner) {
      if (at < skipFrom || at >= skipTo) {
        definitions.add(signature);
        owned.add(java.util.Map.entry(signature, owner));
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
      PythonScopes.read(toks, cursor, cursorIndent, acc);
    } else {
      BraceScopes.read("java".equals(language), toks, cursor, acc);
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
      // Java: what a class of this file that the class extends declares is inherited.
      Frame sup = f;
      for (int depth = 0; depth < 8 && sup.isClass && sup.superName != null; depth++) {
        sup = classNamed(acc.classes, sup.superName);
        if (sup == null) {
          break;
        }
        in.addAll(sup.names);
        in.addAll(sup.members);
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
      // Uses of the functions' own names only (the other tokens of the body need no count).
      java.util.Map<String, int[]> uses = new java.util.HashMap<>();
      for (Frame f : functions) {
        for (String name : f.names) {
          uses.putIfAbsent(name, new int[1]);
        }
      }
      for (int k = Math.max(from, end - 20_000); k < end; k++) {
        int[] count = uses.get(toks.get(k).text());
        if (count != null) {
          count[0]++;
        }
      }
      for (Frame f : functions) {
        for (String name : f.names) {
          if (uses.get(name)[0] <= (python ? 1 : 0)) {
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
    // A definition is re-opened only where it is visible: a method of another class is no clash.
    Set<String> definitions = new HashSet<>();
    for (java.util.Map.Entry<String, Frame> d : acc.owned) {
      if (frames.isEmpty() || holds(frames, d.getValue())) {
        definitions.add(d.getKey());
      }
    }
    return new Scope(in, acc.declared, members, classOpen, openWorld, definitions, unused, allMembers);
  }

  private static Frame classNamed(List<Frame> classes, String name) {
    for (Frame c : classes) {
      if (name.equals(c.name)) {
        return c;
      }
    }
    return null;
  }

  private static boolean holds(List<Frame> frames, Frame frame) {
    for (Frame f : frames) {
      if (f == frame) {
        return true;
      }
    }
    return false;
  }

  /** Definitions a piece of code opens ("def f", "class A", "method m/2"), read the same way as a file. */
  public static Set<String> definitions(String language, List<Tok> toks) {
    Acc acc = new Acc();
    if ("python".equals(language)) {
      PythonScopes.read(toks, toks.size(), 0, acc);
    } else {
      BraceScopes.read("java".equals(language), toks, toks.size(), acc);
    }
    return acc.definitions;
  }

  /** The innermost class frame of a stack, or null. */
  static Frame enclosingClass(Deque<Frame> stack) {
    for (Frame f : stack) {
      if (f.isClass) {
        return f;
      }
    }
    return null;
  }

  static void declare(String name, Frame into, Acc acc) {
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
