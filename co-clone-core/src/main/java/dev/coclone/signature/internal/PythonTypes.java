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
 * variable assigned {@code C(...)}, {@code cast(C, ..)}, the result of a function annotated
 * {@code -> C}, another typed expression, or annotated {@code x: C = ...}, earlier in the same
 * function or at the module's top level; loop and comprehension variables over typed collections
 * ({@code List[C]}, {@code Dict[K, C]}'s {@code .items()}, {@code enumerate(..)}); attributes of
 * typed objects ({@code self.a.b}: assigned or annotated in the class or its bases, any file); and
 * {@code C(...).m()}. With the workspace's classes (bases and methods, by simple name) it tells
 * which class's method a call binds to: the first of the receiver's class and its bases that
 * declares it, as pyright does. A light flow rule: an assignment counts only when no line between
 * it and the use is indented less than it (else it sat in another branch, and the class is unknown).
 */
final class PythonTypes {
  private static final Pattern CONSTRUCTED = Pattern.compile("([A-Za-z_][\\w.]*)\\(.*\\)", Pattern.DOTALL);
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");
  private static final Pattern ATTRIBUTE = Pattern.compile("(.+)\\.([A-Za-z_]\\w*)", Pattern.DOTALL);
  private static final Pattern CALL_HEAD = Pattern.compile("([A-Za-z_][\\w.]*)[ \\t]*\\(");
  /** Built-ins that make a collection of their argument's elements. */
  private static final Set<String> COPIES = Set.of("list", "tuple", "set", "frozenset", "sorted", "reversed", "iter");
  private static final Set<String> MAPPINGS = Set.of("Dict", "dict", "Mapping", "MutableMapping", "OrderedDict",
      "DefaultDict", "defaultdict");
  private static final Pattern ENUMERATE = Pattern.compile("enumerate\\((.+)\\)", Pattern.DOTALL);
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
  /** The return annotation of each function name that has one, as written, when all agree. */
  private final Map<String, String> returns = new HashMap<>();
  /** The Python files declaring each class. */
  private final Map<String, List<ScriptIndex>> declaring = new HashMap<>();

  /** Reads the classes and the return annotations of the Python files among {@code files}. */
  PythonTypes(Collection<ScriptIndex> files) {
    Map<String, Set<String>> returnTypes = new HashMap<>();
    for (ScriptIndex idx : files) {
      if (!idx.python()) {
        continue;
      }
      for (ScriptIndex.ClassInfo c : idx.classes()) {
        declaring.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(idx);
        classes.computeIfAbsent(c.name(), k -> new Shape(new ArrayList<>(), new HashSet<>())).bases().addAll(c.bases());
      }
      for (ScriptIndex.Func f : idx.functions()) {
        FunctionSignature s = f.signature();
        if (!f.className().isEmpty()) {
          classes.computeIfAbsent(f.className(), k -> new Shape(new ArrayList<>(), new HashSet<>())).methods()
              .add(s.kind() == FunctionSignature.Kind.CONSTRUCTOR ? "__init__" : s.name());
        }
        if (!s.returnType().isEmpty()) {
          returnTypes.computeIfAbsent(s.name(), k -> new HashSet<>()).add(s.returnType().strip());
        }
      }
    }
    returnTypes.forEach((name, types) -> {
      if (types.size() == 1) {
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
    String raw = typeOf(idx, call.enclosingClass(), call.line(), call.start(), r, 0);
    return raw == null ? null : className(raw);
  }

  /**
   * The type of {@code expr} (an annotation as written, or a class name) at offset {@code at} on
   * {@code line} of {@code idx}, inside class {@code cls} (or ""); null when the file does not say.
   * Names: {@code self}/{@code cls}, assignments, loop variables, parameters, module variables;
   * {@code C(..)}, {@code f(..)} annotated {@code -> T}, {@code cast(T, ..)}; attributes of a
   * typed object ({@code a.b}, through the class and its bases); elements ({@code a[i]}).
   */
  private String typeOf(ScriptIndex idx, String cls, int line, int at, String expr, int depth) {
    String e = expr.strip();
    if (depth > 6 || e.isEmpty()) {
      return null;
    }
    if ((e.equals("self") || e.equals("cls")) && !cls.isEmpty()) {
      return cls;
    }
    if (IDENT.matcher(e).matches()) {
      return classes.containsKey(e) ? null : variable(idx, cls, line, at, e, depth);
    }
    Matcher call = CONSTRUCTED.matcher(e);
    if (call.matches() && e.indexOf('(') == call.end(1) && PythonText.closingParen(e, call.end(1)) == e.length() - 1) {
      return callType(idx, cls, line, at, call.group(1), e.substring(call.end(1) + 1, e.length() - 1), depth);
    }
    if (e.endsWith("]")) {
      int open = PythonText.openingBracket(e);
      if (open > 0) {
        String container = typeOf(idx, cls, line, at, e.substring(0, open), depth + 1);
        return container == null ? null : PythonText.valueType(container);
      }
      return null;
    }
    Matcher attr = ATTRIBUTE.matcher(e);
    if (attr.matches()) {
      String owner = typeOf(idx, cls, line, at, attr.group(1), depth + 1);
      String ownerClass = owner == null ? null : className(owner);
      return ownerClass == null || !classes.containsKey(ownerClass) ? null : attributeType(ownerClass, attr.group(2),
          depth + 1);
    }
    return null;
  }

  /**
   * The type of a call to {@code callee} with {@code args}: a class, a function's return type, a
   * cast's type, a mapping's value for {@code d.get(k)}, or a list of the same elements for
   * {@code list(xs)} and its kind.
   */
  private String callType(ScriptIndex idx, String cls, int line, int at, String callee, String args, int depth) {
    String name = PythonText.last(callee);
    if (name.equals("cast")) {
      int comma = PythonText.topLevelComma(args);
      return comma < 0 ? null : args.substring(0, comma).strip();
    }
    int dot = callee.lastIndexOf('.');
    if (dot > 0 && (name.equals("get") || name.equals("pop") || name.equals("setdefault"))) {
      // d.get(k): a value of the mapping (Optional when missing: the class is the same)
      String mapping = typeOf(idx, cls, line, at, callee.substring(0, dot), depth + 1);
      String outer = mapping == null ? null : PythonText.outerName(mapping);
      return outer != null && MAPPINGS.contains(outer) ? PythonText.valueType(mapping) : null;
    }
    if (COPIES.contains(callee) && PythonText.topLevelComma(args) < 0 && !args.isBlank()) {
      // list(xs), frozenset(xs), sorted(xs): the same elements
      String from = typeOf(idx, cls, line, at, args, depth + 1);
      String element = from == null ? null : PythonText.elementType(from);
      return element == null ? null : "List[" + element + "]";
    }
    return classes.containsKey(name) ? name : returns.get(name);
  }

  /**
   * The type of variable {@code name} at {@code at}: the last assignment or loop over it written
   * before in its function (or at module level) that holds on every path to the call (no line
   * between them is indented less than it), a comprehension's variable, else the function's
   * parameter, else what the module assigns at its top level.
   */
  private String variable(ScriptIndex idx, String cls, int line, int at, String name, int depth) {
    String text = idx.text();
    PythonText.Binding comprehension = PythonText.comprehension(text, at, name);
    if (comprehension != null) {
      return elementOf(idx, cls, line, at, comprehension, depth);
    }
    ScriptIndex.Func fn = enclosingFunction(idx, line);
    int from = fn == null ? 0 : PythonText.lineStart(text, fn.signature().line() + 1);
    List<PythonText.Binding> earlier = PythonText.bindings(text, name, from, PythonText.lineStart(text, line), false);
    boolean parameter = fn != null && fn.signature().parameters().stream().anyMatch(p -> p.name().equals(name));
    if (!earlier.isEmpty()) {
      PythonText.Binding b = earlier.get(earlier.size() - 1);
      if (PythonText.dominates(text, b.start(), line)) {
        return bindingType(idx, cls, b, depth);
      }
      // Assigned in another branch: the class every binding in the function agrees on, as pyright
      // declares it, else unknown.
      int to = fn == null ? text.length() : PythonText.lineStart(text, fn.signature().endLine() + 1);
      String agreed = null;
      for (PythonText.Binding x : PythonText.bindings(text, name, from, to, false)) {
        String t = bindingType(idx, cls, x, depth);
        if (t == null || agreed != null && !agreed.equals(t)) {
          return null;
        }
        agreed = t;
      }
      return parameter ? null : agreed;
    }
    if (fn != null) {
      for (Parameter p : fn.signature().parameters()) {
        if (p.name().equals(name)) {
          return p.type().isEmpty() ? null : p.type();
        }
      }
      List<PythonText.Binding> top = PythonText.bindings(text, name, 0, PythonText.lineStart(text, fn.signature().line()), true);
      if (!top.isEmpty()) {
        PythonText.Binding t = top.get(top.size() - 1);
        return t.loop() ? null : bindingType(idx, "", t, depth);
      }
    }
    return null;
  }

  /** The type a binding gives its name, or null. */
  private String bindingType(ScriptIndex idx, String cls, PythonText.Binding b, int depth) {
    if (b.source() == null) {
      return null;
    }
    int bLine = PythonText.lineOf(idx.text(), b.start());
    return b.loop() ? elementOf(idx, cls, bLine, b.start(), b, depth)
        : b.annotation() != null ? b.annotation() : value(idx, cls, bLine, b.start(), b.source(), depth);
  }


  /** The type of an assigned value: an expression, or the call that starts it when it goes on over lines. */
  private String value(ScriptIndex idx, String cls, int line, int at, String source, int depth) {
    String s = source.strip();
    if (s.startsWith("[") && s.endsWith("]") && PythonText.openingBracket(s) == 0) {
      // a list comprehension [f(x) for x in xs]: a list of what its expression is
      int f = s.indexOf(" for ");
      String element = f < 0 ? null : typeOf(idx, cls, line, at, s.substring(1, f), depth + 1);
      return element == null ? null : "List[" + element + "]";
    }
    Matcher head = CALL_HEAD.matcher(s);
    int close = head.lookingAt() ? PythonText.closingParen(s, head.end() - 1) : -2;
    if (close == -1 || close == s.length() - 1) {
      return callType(idx, cls, line, at, head.group(1), s.substring(head.end(), close < 0 ? s.length() : close),
          depth);
    }
    return typeOf(idx, cls, line, at, s, depth + 1);
  }

  /**
   * The type a loop binds: the element of what {@code for x in source} iterates; for a pair,
   * {@code for i, x in enumerate(source)} and {@code for k, x in source.items()} only.
   */
  private String elementOf(ScriptIndex idx, String cls, int line, int at, PythonText.Binding loop, int depth) {
    String s = loop.source().strip();
    Matcher en = ENUMERATE.matcher(s);
    boolean enumerated = en.matches() && PythonText.closingParen(s, "enumerate".length()) == s.length() - 1;
    if (loop.pair() && s.endsWith(".items()")) {
      String container = typeOf(idx, cls, line, at, s.substring(0, s.length() - ".items()".length()), depth + 1);
      return container == null ? null : PythonText.valueType(container);
    }
    if (loop.pair() != enumerated) {
      return null;
    }
    if (enumerated) {
      int comma = PythonText.topLevelComma(en.group(1));
      s = comma < 0 ? en.group(1) : en.group(1).substring(0, comma);
    }
    String container = typeOf(idx, cls, line, at, s, depth + 1);
    return container == null ? null : PythonText.elementType(container);
  }


  /**
   * The type of {@code attr} of an instance of {@code cls}: assigned or annotated
   * {@code self.attr} in a method of the class, or annotated in its body; else its bases'.
   */
  private String attributeType(String cls, String attr, int depth) {
    Deque<String> todo = new ArrayDeque<>(List.of(cls));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (!seen.add(c)) {
        continue;
      }
      for (ScriptIndex idx : declaring.getOrDefault(c, List.of())) {
        String t = ownAttribute(idx, c, attr, depth);
        if (t != null) {
          return t;
        }
      }
      Shape s = classes.get(c);
      if (s != null) {
        todo.addAll(s.bases());
      }
    }
    return null;
  }

  private String ownAttribute(ScriptIndex idx, String cls, String attr, int depth) {
    String text = idx.text();
    for (ScriptIndex.Func f : idx.functions()) {
      if (!f.className().equals(cls)) {
        continue;
      }
      FunctionSignature s = f.signature();
      List<PythonText.Binding> all = PythonText.bindings(text, "self." + attr, PythonText.lineStart(text, s.line() + 1),
          PythonText.lineStart(text, s.endLine() + 1), false);
      PythonText.Binding b = all.isEmpty() ? null : all.get(all.size() - 1);
      if (b == null || b.loop() || b.source() == null) {
        continue;
      }
      if (b.annotation() != null) {
        return b.annotation();
      }
      String rhs = b.source().strip();
      for (Parameter p : s.parameters()) {
        if (p.name().equals(rhs)) {
          return p.type().isEmpty() ? null : p.type();
        }
      }
      String t = value(idx, cls, PythonText.lineOf(text, b.start()), b.start(), rhs, depth);
      if (t != null) {
        return t;
      }
    }
    Matcher head = Pattern.compile("^([ \\t]*)class[ \\t]+" + Pattern.quote(cls) + "\\b[^\\n]*\\n", Pattern.MULTILINE)
        .matcher(text);
    if (!head.find()) {
      return null;
    }
    int outer = head.group(1).length();
    int body = -1;
    Pattern field = Pattern.compile("[ \\t]*" + Pattern.quote(attr) + "[ \\t]*:[ \\t]*([^=\\n]+)");
    for (int s = head.end(); s < text.length(); ) {
      int end = text.indexOf('\n', s);
      end = end < 0 ? text.length() : end;
      String ln = text.substring(s, end);
      if (!ln.isBlank() && !ln.strip().startsWith("#")) {
        int ind = PythonText.indentation(text, s);
        if (ind <= outer) {
          break;
        }
        body = body < 0 ? ind : body;
        Matcher m = field.matcher(ln);
        if (ind == body && m.matches()) {
          return m.group(1).strip();
        }
      }
      s = end + 1;
    }
    return null;
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

  /**
   * The class an annotation names: quotes, {@code Optional[..]}, {@code Union[.., None]},
   * {@code X | None} and a module prefix taken off; null for {@code Any} and for a union of
   * several classes.
   */
  static String className(String annotation) {
    String a = annotation.strip().replace("\"", "").replace("'", "");
    String generic = a.indexOf('[') < 0 ? "" : PythonText.last(a.substring(0, a.indexOf('[')).strip());
    if (generic.equals("Optional")) {
      a = a.substring(a.indexOf('[') + 1, a.lastIndexOf(']'));
    } else if (generic.equals("Union")) {
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
    t = PythonText.last(bracket < 0 ? t : t.substring(0, bracket));
    return t.equals("Any") || t.equals("object") || !IDENT.matcher(t).matches() ? null : t;
  }
}
