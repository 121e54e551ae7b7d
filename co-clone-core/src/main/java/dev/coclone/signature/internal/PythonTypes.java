package dev.coclone.signature.internal;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes of Python receivers, where a file states them: {@code self} and {@code cls}, a
 * parameter annotated with a class ({@code Optional[C]}, {@code C | None} and {@code "C"} too), a
 * variable assigned {@code C(...)} or the result of a function annotated {@code -> C} (or
 * annotated {@code x: C = ...}) earlier in the same function or at module level,
 * {@code self.attr} assigned or annotated so in its class, and {@code C(...).m()}. With the
 * workspace's classes (bases and methods, by simple name) it tells which class's method a call
 * binds to: the first of the receiver's class and its bases that declares it, as pyright does.
 * No flow analysis: the last assignment written before the call counts.
 */
final class PythonTypes {
  private static final Pattern CONSTRUCTED = Pattern.compile("([A-Za-z_][\\w.]*)\\(.*\\)", Pattern.DOTALL);
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");
  /**
   * Methods of Python's built-in types and files ({@code str}, {@code bytes}, {@code list},
   * {@code dict}, {@code set}, {@code tuple}, {@code int}, {@code float}, {@code io}'s streams): a
   * call on a receiver of unknown class with one of these names is as likely theirs.
   */
  private static final Set<String> BUILTIN_METHODS = Set.of("add", "append", "capitalize", "center", "clear",
      "close", "copy", "count", "decode", "detach", "difference", "discard", "encode", "endswith", "expandtabs",
      "extend", "fileno", "find", "flush", "format", "format_map", "fromhex", "fromkeys", "get", "getbuffer",
      "getvalue", "hex", "index", "insert", "intersection", "isatty", "isdisjoint", "issubset", "issuperset",
      "items", "join", "keys", "ljust", "lower", "lstrip", "partition", "peek", "pop", "popitem", "read", "read1",
      "readable", "readinto", "readline", "readlines", "remove", "removeprefix", "removesuffix", "replace",
      "reverse", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "seek", "seekable", "setdefault",
      "sort", "split", "splitlines", "startswith", "strip", "symmetric_difference", "tell", "title", "translate",
      "truncate", "union", "update", "upper", "values", "writable", "write", "writelines", "zfill");

  /** A workspace class: its bases and the names of its methods, by simple name. */
  private record Shape(List<String> bases, Set<String> methods) {}

  private final Map<String, Shape> classes = new HashMap<>();
  private final Map<String, String> returns = new HashMap<>();

  /** Reads the classes and the return annotations of the Python files among {@code files}. */
  PythonTypes(Collection<ScriptIndex> files) {
    Map<String, Set<String>> returnTypes = new HashMap<>();
    for (ScriptIndex idx : files) {
      if (!idx.python()) {
        continue;
      }
      for (ScriptIndex.ClassInfo c : idx.classes()) {
        classes.computeIfAbsent(c.name(), k -> new Shape(new ArrayList<>(), new HashSet<>())).bases().addAll(c.bases());
      }
      for (ScriptIndex.Func f : idx.functions()) {
        FunctionSignature s = f.signature();
        if (!f.className().isEmpty()) {
          classes.computeIfAbsent(f.className(), k -> new Shape(new ArrayList<>(), new HashSet<>())).methods()
              .add(s.kind() == FunctionSignature.Kind.CONSTRUCTOR ? "__init__" : s.name());
        }
        if (!s.returnType().isEmpty()) {
          returnTypes.computeIfAbsent(s.name(), k -> new HashSet<>()).add(className(s.returnType()));
        }
      }
    }
    returnTypes.forEach((name, types) -> {
      if (types.size() == 1 && types.iterator().next() != null) {
        returns.put(name, types.iterator().next());
      }
    });
  }

  /** True for a class declared in the workspace. */
  boolean isClass(String name) {
    return classes.containsKey(name);
  }

  /**
   * The class whose {@code method} a call on an instance of {@code type} binds to: {@code type}
   * itself or the first of its bases (breadth first, by simple name) that declares it; null when
   * none in the workspace does.
   */
  String binds(String type, String method) {
    Deque<String> todo = new ArrayDeque<>(List.of(type));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String t = todo.poll();
      Shape s = classes.get(t);
      if (s == null || !seen.add(t)) {
        continue;
      }
      if (s.methods().contains(method)) {
        return t;
      }
      todo.addAll(s.bases());
    }
    return null;
  }

  /**
   * The class whose {@code method} {@code super().method(..)} in {@code cls} binds to: the first
   * of its bases (breadth first) that declares it; null when none in the workspace does.
   */
  String bindsSuper(String cls, String method) {
    Shape s = classes.get(cls);
    for (String base : s == null ? List.<String>of() : s.bases()) {
      String bound = binds(base, method);
      if (bound != null) {
        return bound;
      }
    }
    return null;
  }

  /**
   * The topmost class among {@code cls} and its bases that declares {@code method} (the root of
   * the family of methods that override each other); {@code cls} when no base declares it.
   */
  String familyRoot(String cls, String method) {
    String root = cls;
    Set<String> seen = new HashSet<>(List.of(cls));
    boolean grew = true;
    while (grew) {
      grew = false;
      Shape s = classes.get(root);
      for (String base : s == null ? List.<String>of() : s.bases()) {
        String declaring = binds(base, method);
        if (declaring != null && seen.add(declaring)) {
          root = declaring;
          grew = true;
          break;
        }
      }
    }
    return root;
  }

  /**
   * Whether a call of {@code method} on a receiver of unknown class may well be another's: a class
   * of the workspace outside the family rooted at {@code familyRoot} declares a method of that
   * name, or Python's built-in types have one.
   */
  boolean sharedName(String method, String familyRoot) {
    if (BUILTIN_METHODS.contains(method)) {
      return true;
    }
    for (Map.Entry<String, Shape> e : classes.entrySet()) {
      if (e.getValue().methods().contains(method) && !extendsClass(e.getKey(), familyRoot)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code sub} is {@code sup} or extends it, through workspace classes by simple name. */
  boolean extendsClass(String sub, String sup) {
    Deque<String> todo = new ArrayDeque<>(List.of(sub));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String t = todo.poll();
      if (t.equals(sup)) {
        return true;
      }
      Shape s = classes.get(t);
      if (s != null && seen.add(t)) {
        todo.addAll(s.bases());
      }
    }
    return false;
  }

  /**
   * The class of a call's receiver as the file states it (a simple name, a workspace class or
   * not), or null when the file does not say.
   */
  String receiverType(ScriptIndex idx, ScriptIndex.Call call) {
    String r = call.receiver();
    if (r == null || r.isEmpty()) {
      return null;
    }
    if ((r.equals("self") || r.equals("cls")) && !call.enclosingClass().isEmpty()) {
      return call.enclosingClass();
    }
    Matcher ctor = CONSTRUCTED.matcher(r);
    if (ctor.matches()) {
      String name = last(ctor.group(1));
      return classes.containsKey(name) ? name : returns.get(name);
    }
    if (r.startsWith("self.") && IDENT.matcher(r.substring(5)).matches() && !call.enclosingClass().isEmpty()) {
      return attributeType(idx, call.enclosingClass(), r.substring(5));
    }
    if (!IDENT.matcher(r).matches()) {
      return null;
    }
    ScriptIndex.Func fn = enclosingFunction(idx, call.line());
    if (fn == null) {
      return assignedType(idx.text(), r, 1, call.line());
    }
    String assigned = assignedType(idx.text(), r, fn.signature().line() + 1, call.line());
    if (assigned != null) {
      return assigned;
    }
    for (Parameter p : fn.signature().parameters()) {
      if (p.name().equals(r)) {
        return p.type().isEmpty() ? null : className(p.type());
      }
    }
    // A module-level variable: what the module assigns before the function.
    return assignedType(idx.text(), r, 1, fn.signature().line());
  }

  /** The innermost function whose lines hold {@code line}, or null at module level. */
  private static ScriptIndex.Func enclosingFunction(ScriptIndex idx, int line) {
    ScriptIndex.Func best = null;
    for (ScriptIndex.Func f : idx.functions()) {
      FunctionSignature s = f.signature();
      if (s.line() <= line && s.endLine() >= line && (best == null || s.line() > best.signature().line())) {
        best = f;
      }
    }
    return best;
  }

  /** The type of the last {@code name = C(...)}, {@code name = f(...)} or {@code name: T = ...} in lines [from, to). */
  private String assignedType(String text, String name, int from, int to) {
    Pattern p = Pattern.compile("^[ \\t]*" + Pattern.quote(name)
        + "[ \\t]*(?::[ \\t]*([^=\\n]+?))?[ \\t]*=(?!=)[ \\t]*([A-Za-z_][\\w.]*)?(\\()?", Pattern.MULTILINE);
    String region = lines(text, from, to);
    Matcher m = p.matcher(region);
    String found = null;
    while (m.find()) {
      if (m.group(1) != null) {
        found = className(m.group(1));
      } else if (m.group(2) != null && m.group(3) != null) {
        String callee = last(m.group(2));
        found = classes.containsKey(callee) ? callee : returns.get(callee);
      } else {
        found = null; // assigned something else: the file does not say
      }
    }
    return found;
  }

  /** The type of {@code self.attr} as its class assigns or annotates it, or null. */
  private String attributeType(ScriptIndex idx, String className, String attr) {
    for (ScriptIndex.Func f : idx.functions()) {
      if (!f.className().equals(className)) {
        continue;
      }
      String t = assignedType(idx.text(), "self." + attr, f.signature().line(), f.signature().endLine() + 1);
      if (t != null) {
        return t;
      }
    }
    Matcher m = Pattern.compile("^[ \\t]+" + Pattern.quote(attr) + "[ \\t]*:[ \\t]*([^=\\n]+)", Pattern.MULTILINE)
        .matcher(idx.text());
    return m.find() ? className(m.group(1)) : null;
  }

  /**
   * The class an annotation names: quotes, {@code Optional[..]}, {@code Union[.., None]},
   * {@code X | None} and a module prefix taken off; null for {@code Any} and for a union of
   * several classes.
   */
  static String className(String annotation) {
    String a = annotation.strip().replace("\"", "").replace("'", "");
    if (a.startsWith("Optional[") || a.startsWith("typing.Optional[")) {
      a = a.substring(a.indexOf('[') + 1, a.lastIndexOf(']'));
    } else if (a.startsWith("Union[") || a.startsWith("typing.Union[")) {
      a = a.substring(a.indexOf('[') + 1, a.lastIndexOf(']')).replace(",", "|");
    }
    List<String> parts = new ArrayList<>();
    for (String part : a.split("\\|")) {
      String t = part.strip();
      if (!t.equals("None") && !t.isEmpty()) {
        parts.add(t);
      }
    }
    if (parts.size() != 1) {
      return null;
    }
    String t = parts.get(0);
    int bracket = t.indexOf('[');
    t = last(bracket < 0 ? t : t.substring(0, bracket));
    return t.equals("Any") || t.equals("object") || !IDENT.matcher(t).matches() ? null : t;
  }

  private static String lines(String text, int from, int to) {
    int start = 0;
    for (int l = 1; l < from && start >= 0; l++) {
      start = text.indexOf('\n', start);
      start = start < 0 ? -1 : start + 1;
    }
    if (start < 0) {
      return "";
    }
    int end = start;
    for (int l = from; l < to && end >= 0; l++) {
      end = text.indexOf('\n', end);
      end = end < 0 ? -1 : end + 1;
    }
    return text.substring(start, end < 0 ? text.length() : end);
  }

  private static String last(String dotted) {
    int dot = dotted.lastIndexOf('.');
    return dot < 0 ? dotted : dotted.substring(dot + 1);
  }
}
