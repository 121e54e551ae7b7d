package dev.coclone.signature.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text-level reading {@link PythonTypes} needs: where a name is bound in a Python source
 * (assignments, loops, comprehensions), whether a binding holds at a line, and the parts of an
 * annotation (a generic's name and arguments, the element or value type of a collection).
 */
final class PythonText {
  private PythonText() {}

  /** An assignment or a {@code for} loop binding a name. */
  record Binding(int start, String annotation, String source, boolean loop, boolean pair) {}

  /**
   * The bindings of {@code name} in [from, to), at the top level only when {@code top}, in order:
   * assignments, {@code for} loops, and bindings whose type is not read here (tuple targets,
   * {@code as name}), which have no source.
   */
  static List<Binding> bindings(String text, String name, int from, int to, boolean top) {
    String indent = top ? "" : "[ \\t]*";
    String n = Pattern.quote(name);
    Pattern assign = Pattern.compile("^" + indent + n
        + "[ \\t]*(?::[ \\t]*([^=\\n]+?))?[ \\t]*=(?!=)[ \\t]*([^\\n]*)", Pattern.MULTILINE);
    Pattern loop = Pattern.compile("^" + indent + "(?:async[ \\t]+)?for[ \\t]+([A-Za-z_]\\w*[ \\t]*,[ \\t]*)?"
        + n + "[ \\t]+in[ \\t]+([^\\n]*?):[ \\t]*(?:#.*)?$", Pattern.MULTILINE);
    Pattern opaque = Pattern.compile("^" + indent + "(?:(?:[\\w.]+[ \\t]*,[ \\t]*)+" + n
        + "\\b[^=\\n]*|" + n + "[ \\t]*,[^=\\n]*)=(?!=)|\\bas[ \\t]+" + n + "\\b|\\b" + n + "[ \\t]*:=", Pattern.MULTILINE);
    String region = text.substring(from, Math.max(from, to));
    List<Binding> out = new ArrayList<>();
    Matcher m = assign.matcher(region);
    while (m.find()) {
      String annotation = m.group(1) == null ? null : m.group(1).strip();
      out.add(new Binding(from + m.start(), annotation, stripComment(m.group(2)), false, false));
    }
    Matcher l = loop.matcher(region);
    while (l.find()) {
      out.add(new Binding(from + l.start(), null, l.group(2), true, l.group(1) != null));
    }
    Matcher o = opaque.matcher(region);
    while (o.find()) {
      out.add(new Binding(from + o.start(), null, null, false, false));
    }
    // a keyword argument or a tuple inside a call's brackets binds nothing
    out.removeIf(b -> enclosed(text, b.start()));
    out.sort(Comparator.comparingInt(Binding::start));
    return out;
  }

  /**
   * Whether the binding at {@code start} holds at {@code line}: no line from the next one to
   * {@code line} is indented less than the binding's (which would mean another branch or the end of
   * the block that assigned it). Blank lines, comments and lines closing brackets do not count.
   */
  static boolean dominates(String text, int start, int line) {
    int ls = text.lastIndexOf('\n', start - 1) + 1;
    int indent = indentation(text, ls);
    int at = text.indexOf('\n', start);
    int l = lineOf(text, start) + 1;
    while (at >= 0 && l <= line) {
      int s = at + 1;
      int end = text.indexOf('\n', s);
      String body = text.substring(s, end < 0 ? text.length() : end).strip();
      if (!body.isEmpty() && !body.startsWith("#") && !body.startsWith(")") && !body.startsWith("]")
          && !body.startsWith("}") && indentation(text, s) < indent) {
        return false;
      }
      at = end;
      l++;
    }
    return true;
  }

  /**
   * The comprehension clause {@code for name in source} that follows offset {@code at} in the
   * same brackets ({@code [p.m() for p in ps]}), or null.
   */
  static Binding comprehension(String text, int at, String name) {
    Pattern clause = Pattern.compile("for[ \\t\\n]+([A-Za-z_]\\w*[ \\t]*,[ \\t]*)?" + Pattern.quote(name)
        + "[ \\t\\n]+in[ \\t\\n]+");
    boolean inside = enclosed(text, at);
    int depth = 0;
    int limit = Math.min(text.length(), at + 600);
    for (int i = at; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth < 0) {
          return null;
        }
      } else if (c == '\n' && depth == 0 && !inside) {
        return null;
      } else if (depth == 0 && c == 'f' && (i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1)))) {
        Matcher m = clause.matcher(text).region(i, limit);
        String source = m.lookingAt() ? iterable(text, m.end(), limit) : null;
        if (source != null) {
          return new Binding(i, null, source, true, m.group(1) != null);
        }
      }
    }
    return null;
  }

  /** Whether offset {@code at} lies inside brackets opened before it (looking back at most 600 chars). */
  static boolean enclosed(String text, int at) {
    int depth = 0;
    for (int i = at - 1; i >= Math.max(0, at - 600); i--) {
      char c = text.charAt(i);
      if (c == ')' || c == ']' || c == '}') {
        depth++;
      } else if (c == '(' || c == '[' || c == '{') {
        if (depth-- == 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** The iterable after {@code in} of a comprehension: up to its closing bracket or {@code if}/{@code for}. */
  static String iterable(String text, int from, int limit) {
    int depth = 0;
    for (int i = from; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth < 0) {
          return text.substring(from, i);
        }
      } else if (depth == 0 && (text.startsWith(" if ", i) || text.startsWith(" for ", i) || c == ',')) {
        return text.substring(from, i);
      }
    }
    return null;
  }

  /** The element type a loop over a value of type {@code type} binds, or null. */
  static String elementType(String type) {
    List<String> args = typeArguments(type);
    String outer = outerName(type);
    if (args.isEmpty() || outer == null) {
      return null;
    }
    return switch (outer) {
      case "List", "list", "Sequence", "MutableSequence", "Iterable", "Iterator", "Set", "set", "FrozenSet",
          "frozenset", "AbstractSet", "MutableSet", "Collection", "Deque", "deque", "Generator", "Reversible",
          "KeysView", "ValuesView", "Dict", "dict", "Mapping", "MutableMapping", "OrderedDict", "DefaultDict" ->
          args.get(0);
      case "Tuple", "tuple" -> args.size() == 2 && args.get(1).equals("...") ? args.get(0) : null;
      default -> null;
    };
  }

  /** The type of {@code v[i]} for a value of type {@code type}, or null. */
  static String valueType(String type) {
    List<String> args = typeArguments(type);
    String outer = outerName(type);
    if (args.isEmpty() || outer == null) {
      return null;
    }
    return switch (outer) {
      case "Dict", "dict", "Mapping", "MutableMapping", "OrderedDict", "DefaultDict" -> args.size() == 2
          ? args.get(1) : null;
      case "List", "list", "Sequence", "MutableSequence", "Deque", "deque" -> args.get(0);
      case "Tuple", "tuple" -> args.size() == 2 && args.get(1).equals("...") ? args.get(0) : null;
      default -> null;
    };
  }

  /** The generic's simple name of an annotation ({@code t.List[..]} -> {@code List}), Optional taken off. */
  static String outerName(String type) {
    String t = unquote(type);
    int bracket = t.indexOf('[');
    return bracket < 0 ? null : last(t.substring(0, bracket).strip());
  }

  /** The type arguments of an annotation ({@code Dict[str, "C"]} -> {@code str}, {@code "C"}). */
  static List<String> typeArguments(String type) {
    String t = unquote(type);
    int bracket = t.indexOf('[');
    if (bracket < 0 || !t.endsWith("]")) {
      return List.of();
    }
    String inner = t.substring(bracket + 1, t.length() - 1);
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      depth += c == '[' ? 1 : c == ']' ? -1 : 0;
      if (c == ',' && depth == 0) {
        out.add(inner.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(inner.substring(start).strip());
    return out;
  }

  /** An annotation without quotes around it and without {@code Optional[..]} / {@code | None}. */
  static String unquote(String type) {
    String t = type.strip();
    if (t.length() > 1 && (t.startsWith("\"") || t.startsWith("'")) && t.charAt(t.length() - 1) == t.charAt(0)) {
      t = t.substring(1, t.length() - 1).strip();
    }
    if (t.startsWith("Optional[") || t.startsWith("t.Optional[") || t.startsWith("typing.Optional[")) {
      t = t.substring(t.indexOf('[') + 1, t.lastIndexOf(']')).strip();
    }
    if (t.endsWith("| None")) {
      t = t.substring(0, t.length() - "| None".length()).strip();
    }
    return t;
  }

  static int topLevelComma(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      depth += c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
      if (c == ',' && depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The offset of the bracket opening the last {@code [..]} of {@code e}, or -1. */
  static int openingBracket(String e) {
    int depth = 0;
    for (int i = e.length() - 1; i >= 0; i--) {
      char c = e.charAt(i);
      if (c == ']') {
        depth++;
      } else if (c == '[' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The offset of the parenthesis closing the one at {@code open} in {@code s}, or -1 when it is not closed. */
  static int closingParen(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  static String stripComment(String s) {
    int hash = s.indexOf(" #");
    return hash < 0 ? s : s.substring(0, hash);
  }

  static int indentation(String text, int lineStart) {
    int i = lineStart;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i - lineStart;
  }

  static int lineStart(String text, int line) {
    int start = 0;
    for (int l = 1; l < line && start >= 0; l++) {
      start = text.indexOf('\n', start);
      start = start < 0 ? -1 : start + 1;
    }
    return start < 0 ? text.length() : start;
  }

  static int lineOf(String text, int offset) {
    int n = 1;
    for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      n++;
    }
    return n;
  }

  /** The last part of a dotted name. */
  static String last(String dotted) {
    int dot = dotted.lastIndexOf('.');
    return dot < 0 ? dotted : dotted.substring(dot + 1);
  }
}
