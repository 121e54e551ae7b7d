package dev.coclone.signature.internal;

import dev.coclone.signature.FunctionSignature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The types a JavaScript or TypeScript workspace states, as far as finding a method call's receiver
 * needs: {@code this}, {@code new C()}, variables and parameters with a declared type or an
 * initializer, fields, getters and methods with a declared (return) type, through chains such as
 * {@code this.#cache.get(key).observers}, and variables imported from another file of the
 * workspace. No inference beyond what the source writes: a generic parameter, a union of several
 * classes, an index or an external type is unknown ({@code ""}).
 */
final class TsTypes {
  /** Types of the language and of the DOM/Node whose methods are not the workspace's. */
  static final Set<String> BUILTIN = Set.of("Array", "ReadonlyArray", "Map", "ReadonlyMap", "Set", "ReadonlySet",
      "WeakMap", "WeakSet", "WeakRef", "Promise", "PromiseLike", "string", "number", "boolean", "bigint", "symbol",
      "object", "String", "Number", "Boolean", "Object", "Function", "Date", "RegExp", "Error", "Record", "Iterable",
      "Iterator", "IterableIterator", "AsyncIterable", "AsyncIterator", "Generator", "AsyncGenerator",
      "AbortController", "AbortSignal", "Uint8Array", "ArrayBuffer", "DataView", "Partial", "Required", "Readonly",
      "Pick", "Omit", "Console", "JSON", "Math", "Reflect", "Symbol", "Element", "HTMLElement", "Node", "Document",
      "Window", "EventTarget", "Event", "{}");
  private static final int MAX_DEPTH = 6;

  private final Map<String, TsFacts.TypeDecl> types = new HashMap<>();
  /** The types declared outside functions, by simple name: the ones a name means where no local one is. */
  private final Map<String, TsFacts.TypeDecl> globals = new HashMap<>();
  /** Every type of the workspace, two local classes of one name included. */
  private final List<TsFacts.TypeDecl> all = new ArrayList<>();
  /** The file that declares each type (several of one name included). */
  private final Map<TsFacts.TypeDecl, String> declaredIn = new java.util.IdentityHashMap<>();
  private final Map<String, ScriptIndex> typeFile = new HashMap<>();
  private final Map<String, String> returns = new HashMap<>();
  private final Map<String, FunctionSignature> functions = new HashMap<>();
  /** Type aliases that stand for one of their type arguments ({@code TRet<T>}), with its index. */
  private final Map<String, Integer> wrappers = new HashMap<>();
  private final Map<String, TsFacts.Union> unions = new HashMap<>();
  private final Collection<ScriptIndex> files;

  TsTypes(Collection<ScriptIndex> files) {
    this(files, null);
  }

  /**
   * The types of {@code files}; where two declare a type of the same simple name (two {@code class
   * Point} each in its own factory function), {@link #type} gives the one of {@code preferred}, the
   * changed declaration's file (null for none).
   */
  TsTypes(Collection<ScriptIndex> files, String preferred) {
    this.files = files;
    List<ScriptIndex> ordered = new ArrayList<>(files);
    ordered.sort((a, b) -> Boolean.compare(!a.path().equals(preferred), !b.path().equals(preferred)));
    for (ScriptIndex f : ordered) {
      if (f.facts() == null) {
        continue;
      }
      f.facts().wrappers().forEach(wrappers::putIfAbsent);
      f.facts().unions().forEach(unions::putIfAbsent);
      f.facts().types().forEach((k, v) -> {
        types.putIfAbsent(k, v);
        typeFile.putIfAbsent(k, f);
        all.add(v);
        declaredIn.put(v, f.path());
        if (!v.local()) {
          globals.putIfAbsent(k, v);
        }
      });
      for (ScriptIndex.Func fn : f.functions()) {
        String key = fn.className() + "." + fn.signature().name();
        String rt = fn.signature().returnType();
        functions.putIfAbsent(key, fn.signature());
        if (!rt.isEmpty()) {
          // a method returning `this` returns its receiver's type (see memberType)
          returns.putIfAbsent(key, rt);
        }
      }
    }
  }

  /** The language's and the platform's global objects whose methods are called through their name. */
  static final Set<String> GLOBALS = Set.of("JSON", "Math", "Object", "Array", "Promise", "console", "Number",
      "String", "Boolean", "Symbol", "BigInt", "Reflect", "Proxy", "Date", "RegExp", "Error", "Map", "Set", "WeakMap",
      "WeakSet", "Intl", "Atomics", "ArrayBuffer", "SharedArrayBuffer", "DataView", "Uint8Array", "Int8Array",
      "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array", "BigInt64Array",
      "BigUint64Array", "Function", "globalThis", "window", "document", "navigator", "process", "Buffer", "URL",
      "crypto", "performance", "structuredClone", "queueMicrotask", "AbortSignal", "Response", "ReadableStream",
      "Iterator", "WebAssembly");

  /**
   * True when {@code receiver} is a built-in global object ({@code JSON} in {@code JSON.parse(..)})
   * that {@code file} does not bind itself (by an import or a declaration of that name): its methods
   * are the platform's, not a workspace function or method of the same name.
   */
  static boolean builtinGlobal(ScriptIndex file, String receiver) {
    if (receiver == null || !GLOBALS.contains(receiver)) {
      return false;
    }
    if (file.imports().stream().anyMatch(im -> im.local().equals(receiver))
        || file.classes().stream().anyMatch(c -> c.name().equals(receiver))
        || file.functions().stream().anyMatch(f -> f.signature().name().equals(receiver))) {
      return false;
    }
    TsFacts facts = file.facts();
    return facts == null || facts.bindings().stream().noneMatch(b -> b.name().equals(receiver))
        && !facts.types().containsKey(receiver) && facts.namespaces().stream()
        .noneMatch(n -> n.equals(receiver) || n.startsWith(receiver + "."));
  }

  /**
   * True when {@code name} at {@code at} is a parameter or variable of an enclosing function (not a
   * top-level binding, which may be the declaration of a function bound to a constant): such a
   * name shadows any function of the workspace.
   */
  static boolean localBinding(ScriptIndex file, String name, int at) {
    return localBinding(file, name, at, -1);
  }

  /**
   * As {@link #localBinding(ScriptIndex, String, int)}, except a binding that starts on the line
   * {@code ownLine}: the changed function's own ({@code const done = () => {..}} in a method's body,
   * called there as {@code done()}).
   */
  static boolean localBinding(ScriptIndex file, String name, int at, int ownLine) {
    TsFacts facts = file.facts();
    if (facts == null) {
      return false;
    }
    for (TsFacts.Binding b : facts.bindings()) {
      if (ownLine > 0 && b.name().equals(name) && b.scopeStart() <= file.text().length()
          && file.text().substring(0, b.scopeStart()).chars().filter(ch -> ch == '\n').count() + 1 == ownLine) {
        continue;
      }
      if (b.name().equals(name) && b.scopeStart() <= at && at <= b.scopeEnd() && b.scopeEnd() < file.text().length()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The type {@code name} means in the file {@code path}: its own, or the one of the module it
   * imports the name from (zod declares a {@code $ZodConfig} in two files); else the first of
   * that name.
   */
  TsFacts.TypeDecl typeFrom(String path, String name) {
    ScriptIndex file = files.stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
    if (file == null || file.facts() == null) {
      return types.get(name);
    }
    TsFacts.TypeDecl own = file.facts().types().get(name);
    if (own != null) {
      return own;
    }
    for (ScriptIndex.Import im : file.imports()) {
      if (im.local().equals(name) && im.imported() != null) {
        for (ScriptIndex other : files) {
          if (other.facts() != null && other.facts().types().containsKey(im.imported())
              && ScriptModules.matches(file, im.module(), other.path())) {
            return other.facts().types().get(im.imported());
          }
        }
      }
    }
    return types.get(name);
  }

  /** True when {@code name} is a module namespace the file imports ({@code import * as core}). */
  private static boolean namespaceImport(ScriptIndex file, String name) {
    return file.imports().stream().anyMatch(im -> im.local().equals(name) && im.imported() == null);
  }

  /**
   * The members of a workspace object type that declares only optional ones, inherited ones
   * included, by name with their types ({@code | undefined} left out); null for any other type. tsc
   * lets one such "weak" type stand for another that shares a member of the same type.
   */
  List<Map<String, String>> weakMembers(String typeText, String path) {
    List<String> ms = members(typeText);
    List<Map<String, String>> out = new ArrayList<>();
    if (ms.size() != 1) {
      return out;
    }
    String name = simple(ms.get(0));
    TsFacts.TypeDecl bound = typeFrom(path, name);
    // the file states which one it means (its own, or imported), or any of that name may be it
    List<TsFacts.TypeDecl> candidates = bound != types.get(name) || all.stream().filter(t -> t.name().equals(name))
        .count() <= 1 ? java.util.Collections.singletonList(bound)
        : all.stream().filter(t -> t.name().equals(name)).toList();
    for (TsFacts.TypeDecl c : candidates) {
      Map<String, String> m = c == null ? null : weakMembers(c);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  private Map<String, String> weakMembers(TsFacts.TypeDecl start) {
    Map<String, String> out = new HashMap<>();
    java.util.Deque<TsFacts.TypeDecl> todo = new java.util.ArrayDeque<>(List.of(start));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      TsFacts.TypeDecl d = todo.poll();
      if (!seen.add(d.name())) {
        continue;
      }
      if (d == null || !d.isInterface() || !d.methods().isEmpty()) {
        return null;
      }
      for (Map.Entry<String, String> f : d.fields().entrySet()) {
        if (!d.optional().contains(f.getKey())) {
          return null;
        }
        out.putIfAbsent(f.getKey(), TsTypeText.normalized(f.getValue().replaceAll("\\|\\s*undefined\\b", "")));
      }
      for (String base : d.bases()) {
        // the base the declaring file means (zod has a ParseContext in v3 and in v4)
        TsFacts.TypeDecl b = typeFrom(declaredIn.getOrDefault(d, ""), base);
        if (b == null) {
          return null;
        }
        todo.add(b);
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** The class or interface of that simple name, or null. */
  TsFacts.TypeDecl type(String name) {
    return types.get(name);
  }

  /**
   * The class or interface a name written at {@code at} in {@code file} means: a type declared in a
   * function enclosing that place, else one declared outside functions; null when neither (a class
   * local to another function or file is not visible there).
   */
  TsFacts.TypeDecl visible(ScriptIndex file, int at, String name) {
    TsFacts.TypeDecl own = file.facts() == null ? null : file.facts().types().get(name);
    if (own != null && own.local() && own.visibleAt(at)) {
      return own;
    }
    return globals.get(name);
  }

  /** Every class and interface of the workspace, several of one name included. */
  List<TsFacts.TypeDecl> all() {
    return all;
  }

  /** True when a file of the workspace declares a type alias {@code name} ({@code type Name = ..}). */
  boolean aliasDeclared(String name) {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("(?<![\\w$.])type\\s+" + java.util.regex.Pattern.quote(name)
        + "\\s*[<=]");
    for (ScriptIndex f : files) {
      if (!f.python() && f.text().contains(name) && p.matcher(f.text()).find()) {
        return true;
      }
    }
    return false;
  }

  /** True when the type is one whose members the workspace cannot declare. */
  boolean known(String type) {
    return !type.isEmpty() && (types.containsKey(type) || BUILTIN.contains(type));
  }

  /**
   * Names of the workspace's types other than {@code except} that declare a method or field
   * {@code member}, at any level (a local class of the same name as {@code except} included).
   */
  Set<String> declaring(String member, TsFacts.TypeDecl except) {
    Set<String> out = new HashSet<>();
    for (TsFacts.TypeDecl t : all) {
      if (t != except && (t.methods().containsKey(member) || t.fields().containsKey(member))) {
        out.add(t.name());
      }
    }
    return out;
  }

  /**
   * The first type on the way from {@code type} up its bases that declares {@code member}, or ""
   * when none does.
   */
  String declarer(String type, String member) {
    Set<String> seen = new HashSet<>();
    String t = type;
    while (t != null && seen.add(t)) {
      TsFacts.TypeDecl d = types.get(t);
      if (d == null) {
        return "";
      }
      if (d.methods().containsKey(member)) {
        return t;
      }
      t = d.bases().isEmpty() ? null : d.bases().get(0);
    }
    return "";
  }

  /** The receiver's type of a call {@code recv.name(...)}, or "" when the source does not state it. */
  String receiverType(ScriptIndex file, ScriptIndex.Call c) {
    return c.receiver() == null ? "" : typeOf(file, c.receiver(), c.start(), c.enclosingClass(), 0);
  }

  /** The type an expression has at {@code at} in a class {@code cls} (or ""), as the source states it; "" when unknown. */
  String typeOf(ScriptIndex file, String expression, int at, String cls) {
    return typeOf(file, expression, at, cls, 0);
  }

  private String typeOf(ScriptIndex file, String expression, int at, String cls, int depth) {
    if (depth > MAX_DEPTH || file.facts() == null) {
      return "";
    }
    String e = expression.strip();
    int as = topLevelAs(e);
    if (as > 0) {
      // x as C: the type the source states (not `as const`)
      String t = e.substring(as + 4).strip();
      return t.equals("const") ? "" : t;
    }
    List<String> parts = split(e);
    if (parts.size() > 1 && namespaceImport(file, parts.get(0))) {
      parts = parts.subList(1, parts.size()); // core.config(): the module's own config()
    }
    if (parts.isEmpty()) {
      return "";
    }
    String head = parts.get(0);
    String type;
    int constructed = e.startsWith("new ") ? constructedEnd(e) : -1;
    if (constructed > 0) {
      // new this.ctor<T>(...): an instance of the class a constructor held in a field or variable makes
      type = constructedType(typeOf(file, e.substring(4, e.indexOf('(', 4)).replaceAll("<.*$", "").strip(), at,
          cls, depth + 1));
      String rest = e.substring(constructed).strip();
      parts = rest.startsWith(".") ? new ArrayList<>(split(rest.substring(1))) : new ArrayList<>();
      parts.add(0, "");
    } else {
      type = headType(file, head, at, cls, depth);
    }
    for (int i = 1; i < parts.size() && !type.isEmpty(); i++) {
      type = memberType(type, parts.get(i), depth);
    }
    return type.isEmpty() ? type : unwrap(type);
  }

  /**
   * For {@code new a.b<T>(...)...} whose constructor is a member ({@code new this.ctor(...)}), the
   * offset just after the argument list's {@code )}; -1 for any other expression.
   */
  private static int constructedEnd(String e) {
    int i = 4;
    while (i < e.length() && Character.isWhitespace(e.charAt(i))) {
      i++;
    }
    int from = i;
    while (i < e.length() && (Character.isJavaIdentifierPart(e.charAt(i)) || e.charAt(i) == '.' || e.charAt(i) == '#')) {
      i++;
    }
    if (e.substring(from, i).indexOf('.') < 0) {
      return -1;
    }
    int depth = 0;
    for (; i < e.length(); i++) {
      char ch = e.charAt(i);
      if (ch == '<' || ch == '(') {
        depth++;
      } else if (ch == '>' && e.charAt(i - 1) != '=' || ch == ')') {
        depth--;
        if (depth == 0 && ch == ')') {
          return i + 1;
        }
      } else if (depth == 0 && !Character.isWhitespace(ch)) {
        return -1;
      }
    }
    return -1;
  }

  /** The instance type a constructor of type {@code typeof C} makes: C; "" for any other type. */
  private static String constructedType(String ctorType) {
    String t = ctorType.strip();
    return t.startsWith("typeof ") && isIdentifier(t.substring(7).strip()) ? t.substring(7).strip() : "";
  }

  private String headType(ScriptIndex file, String head, int at, String cls, int depth) {
    String h = stripPostfix(head);
    if (h.startsWith("(") && h.endsWith(")")) {
      String inner = h.substring(1, h.length() - 1).strip();
      int as = inner.lastIndexOf(" as ");
      return as > 0 ? inner.substring(as + 4).strip() : typeOf(file, inner, at, cls, depth + 1);
    }
    if (h.equals("this")) {
      String self = thisType(file, at);
      return self.isEmpty() ? cls : self;
    }
    if (h.startsWith("new ")) {
      String ctor = h.substring(4).strip();
      int end = 0;
      while (end < ctor.length() && (Character.isJavaIdentifierPart(ctor.charAt(end)) || ctor.charAt(end) == '.')) {
        end++;
      }
      int args = end < ctor.length() && ctor.charAt(end) == '<' ? ctor.indexOf('(', end) : -1;
      return args > 0 ? ctor.substring(0, args).strip() : ctor.substring(0, end);
    }
    if (h.endsWith(")")) {
      int open = h.indexOf('(');
      String fn = open > 0 ? h.substring(0, open).strip() : "";
      String rt = returns.get("." + fn);
      return rt == null ? "" : instantiate(file, rt, functions.get("." + fn), h.substring(open), at, cls, depth);
    }
    if (h.endsWith("]") && h.indexOf('[') > 0) {
      String t = headType(file, h.substring(0, h.indexOf('[')), at, cls, depth);
      return element(t);
    }
    if (!isIdentifier(h)) {
      return "";
    }
    TsFacts.Binding best = null;
    for (TsFacts.Binding b : file.facts().bindings()) {
      if (b.name().equals(h) && b.scopeStart() <= at && at <= b.scopeEnd()
          && (best == null || b.scopeStart() >= best.scopeStart())) {
        best = b;
      }
    }
    if (best != null) {
      return bindingType(file, best, cls, depth);
    }
    if (visible(file, at, h) != null) {
      return h;
    }
    return imported(file, h, depth);
  }

  /**
   * The type of {@code this} at {@code at} where the enclosing function states it with a
   * {@code this: T} parameter (a mixin trait's {@code this: MixedInParser}); else "".
   */
  static String thisType(ScriptIndex file, int at) {
    TsFacts.Binding best = null;
    for (TsFacts.Binding b : file.facts() == null ? List.<TsFacts.Binding>of() : file.facts().bindings()) {
      if (b.name().equals("this") && b.scopeStart() <= at && at <= b.scopeEnd()
          && (best == null || b.scopeStart() >= best.scopeStart())) {
        best = b;
      }
    }
    return best == null ? "" : best.type();
  }

  /**
   * The types that give {@code type} its member {@code member}: {@code type} itself when it declares
   * it, else the first declarer up each of its bases, all of them (an interface extends several, an
   * intersection alias such as {@code type MixedInParser = A & B & C} has each as a base, a class
   * merged with an interface of its name has the interface's too). Empty when none of the
   * workspace's does.
   */
  Set<String> declarers(String type, String member) {
    Set<String> out = new java.util.LinkedHashSet<>();
    Set<String> seen = new HashSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(type));
    while (!todo.isEmpty()) {
      String t = todo.poll();
      TsFacts.TypeDecl d = seen.add(t) ? types.get(t) : null;
      if (d == null) {
        continue;
      }
      if (d.methods().containsKey(member) || d.fields().containsKey(member)) {
        out.add(t);
      } else {
        todo.addAll(d.bases());
      }
    }
    return out;
  }

  private String bindingType(ScriptIndex file, TsFacts.Binding b, String cls, int depth) {
    if (!b.type().isEmpty()) {
      Matcher r = RETURN_TYPE_OF.matcher(b.type().strip());
      // let h: ReturnType<typeof blake2b.create>: what a call of that function or method returns
      return r.matches() ? typeOf(file, r.group(1).strip() + "()", b.scopeStart(), cls, depth + 1) : b.type();
    }
    return b.init().isEmpty() ? "" : typeOf(file, b.init(), b.scopeStart(), cls, depth + 1);
  }

  private static final Pattern RETURN_TYPE_OF = Pattern.compile(
      "ReturnType<\\s*typeof\\s+([\\w$.]+)\\s*>(?:\\s*\\|\\s*(?:undefined|null))*");

  /**
   * The type a wrapper alias stands for ({@code TRet<CHash<_BLAKE2b>>} is {@code CHash<_BLAKE2b>}),
   * unwrapped as long as there is one; any other type as it is.
   */
  private String unwrap(String typeText) {
    String t = typeText.strip();
    for (int i = 0; i < MAX_DEPTH; i++) {
      List<String> members = members(t);
      Integer index = members.size() == 1 ? wrappers.get(simple(members.get(0))) : null;
      if (index == null || types.containsKey(simple(members.get(0)))) {
        return t;
      }
      String arg = typeArgument(members.get(0), index);
      if (arg.isEmpty()) {
        return t;
      }
      t = arg;
    }
    return t;
  }

  /**
   * {@code type} with the type parameters of {@code d} replaced by the type arguments that
   * {@code whole} ({@code CHash<_BLAKE2b, Blake2Opts>}) gives them: {@code create(): T} of
   * {@code CHash<T, Opts>} returns {@code _BLAKE2b} there. A parameter without an argument stays.
   */
  private static String substitute(String type, TsFacts.TypeDecl d, String whole) {
    String out = type;
    for (int i = 0; i < d.typeParams().size(); i++) {
      String arg = typeArgument(whole, i);
      String tp = d.typeParams().get(i);
      if (arg.isEmpty() || tp.equals(arg)) {
        continue;
      }
      Pattern word = Pattern.compile("(?<![\\w$.])" + Pattern.quote(tp) + "(?![\\w$])");
      String replacement = members(arg).size() == 1 ? arg : "(" + arg + ")";
      out = word.matcher(out).replaceAll(Matcher.quoteReplacement(replacement));
    }
    return out;
  }

  /** The type of a variable another workspace file exports and this one imports. */
  private String imported(ScriptIndex file, String local, int depth) {
    for (ScriptIndex.Import im : file.imports()) {
      if (!im.local().equals(local) || im.imported() == null) {
        continue;
      }
      for (ScriptIndex other : files) {
        if (other.facts() != null && other != file && ScriptModules.matches(file, im.module(), other.path())) {
          for (TsFacts.Binding b : other.facts().bindings()) {
            if (b.name().equals(im.imported()) && b.scopeEnd() == other.text().length()) {
              return bindingType(other, b, "", depth);
            }
          }
        }
      }
    }
    return "";
  }

  private String memberType(String typeText, String part, int depth) {
    String p = stripPostfix(part);
    if (p.endsWith("]") && p.indexOf('[') > 0) {
      return element(memberType(typeText, p.substring(0, p.indexOf('[')), depth));
    }
    boolean call = p.endsWith(")");
    String name = call ? p.substring(0, Math.max(0, p.indexOf('('))).strip() : p;
    List<String> members = members(unwrap(typeText));
    if (name.isEmpty() || members.size() != 1) {
      return "";
    }
    String whole = members.get(0);
    String type = simple(whole);
    if (call && name.equals("get") && (type.equals("Map") || type.equals("WeakMap") || type.equals("ReadonlyMap"))) {
      return typeArgument(whole, 1);
    }
    if (call && (name.equals("find") || name.equals("at") || name.equals("pop") || name.equals("shift"))
        && (type.equals("Array") || type.equals("ReadonlyArray"))) {
      return element(whole);
    }
    if (call && SAME_ARRAY.contains(name) && (type.equals("Array") || type.equals("ReadonlyArray"))) {
      return whole;
    }
    Set<String> seen = new HashSet<>();
    // up the bases, all of them (an intersection's or a merged interface's): the first that declares it
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(type));
    while (!todo.isEmpty()) {
      String t = todo.poll();
      TsFacts.TypeDecl d = seen.add(t) ? types.get(t) : null;
      if (d == null) {
        continue;
      }
      // the type's own type parameters are the receiver's type arguments; a base's stay unknown
      boolean own = t.equals(type);
      String field = d.fields().get(name);
      if (!call && field != null) {
        if (field.startsWith("= ")) {
          ScriptIndex f = typeFile.get(t);
          return f == null ? "" : typeOf(f, field.substring(2), 0, t, depth + 1);
        }
        return own ? substitute(field, d, whole) : field;
      }
      String rt = returns.get(t + "." + name);
      if (rt == null && call) {
        rt = d.returns().get(name);
      }
      if (rt != null) {
        // a method returning `this` returns the receiver's type (_BLAKE2b's inherited update(): this)
        String r = rt.strip().equals("this") ? whole : rt.replaceAll("(?<![\\w$.])this(?![\\w$])", t);
        return own ? substitute(r, d, whole) : r;
      }
      todo.addAll(d.bases());
    }
    return "";
  }

  /** Array methods whose result has the receiver's element type. */
  private static final Set<String> SAME_ARRAY = Set.of("filter", "slice", "concat", "sort", "reverse", "toSorted",
      "toReversed", "toSpliced", "splice");

  /**
   * A generic function's declared return type with its type parameters replaced by what the
   * call's arguments state, where a parameter's declared type is the type parameter itself or an
   * array of it ({@code difference<T>(a: Array<T>, b: Array<T>): Array<T>} called with an
   * {@code Array<Query>} returns an {@code Array<Query>}); the return type as declared when the
   * function is not generic, "" when a type parameter it returns cannot be inferred so.
   */
  private String instantiate(ScriptIndex file, String rt, FunctionSignature fn, String args,
      int at, String cls, int depth) {
    List<String> params = fn == null ? List.of() : TsTypeText.typeParameters(fn.text(), fn.name());
    String out = rt;
    List<String> argTexts = TsTypeText.arguments(args);
    for (String tp : params) {
      Pattern word = Pattern.compile("(?<![\\w$.])" + Pattern.quote(tp)
          + "(?![\\w$])");
      if (!word.matcher(out).find()) {
        continue;
      }
      String inferred = "";
      for (int i = 0; i < fn.parameters().size() && i < argTexts.size() && inferred.isEmpty(); i++) {
        String pt = fn.parameters().get(i).type().strip();
        if (pt.isEmpty() || fn.parameters().get(i).variadic()) {
          continue;
        }
        String argType = typeOf(file, argTexts.get(i), at, cls, depth + 1);
        if (argType.isEmpty()) {
          continue;
        }
        if (pt.equals(tp)) {
          inferred = argType;
        } else if (pt.equals(tp + "[]") || pt.equals("readonly " + tp + "[]") || pt.equals("Array<" + tp + ">")
            || pt.equals("ReadonlyArray<" + tp + ">")) {
          inferred = element(argType);
        }
      }
      if (inferred.isEmpty()) {
        return "";
      }
      String replacement = members(inferred).size() == 1 ? inferred : "(" + inferred + ")";
      out = word.matcher(out).replaceAll(Matcher.quoteReplacement(replacement));
    }
    return out;
  }

  /** The element type of an array type ({@code T[]}, {@code Array<T>}, {@code ReadonlyArray<T>}), or "". */
  private static String element(String typeText) {
    List<String> members = members(typeText);
    if (members.size() != 1) {
      return "";
    }
    String m = members.get(0);
    if (m.endsWith("[]")) {
      String e = m.substring(0, m.length() - 2).strip();
      return e.startsWith("(") && e.endsWith(")") ? e.substring(1, e.length() - 1) : e;
    }
    String s = simple(m);
    return s.equals("Array") || s.equals("ReadonlyArray") ? typeArgument(m, 0) : "";
  }

  /**
   * True when the type is {@code any}, as written or through a union alias of the workspace that
   * has a type parameter given {@code any} among its members ({@code Updater<any>}, with
   * {@code type Updater<TInput, TOutput = TInput> = TOutput | UpdaterFn<TInput, TOutput>}: a union
   * with {@code any} is {@code any}).
   */
  boolean isAny(String typeText) {
    return isAny(typeText, 0);
  }

  private boolean isAny(String typeText, int depth) {
    String t = TsTypeText.normalized(typeText);
    if (t.equals("any")) {
      return true;
    }
    if (depth >= MAX_DEPTH || t.isEmpty()) {
      return false;
    }
    List<String> members = TsTypeText.unionMembers(t);
    if (members.size() > 1) {
      return members.stream().anyMatch(m -> isAny(m, depth + 1));
    }
    String name = simple(t);
    TsFacts.Union u = name.isEmpty() || types.containsKey(name) ? null : unions.get(name);
    if (u == null || !(t.equals(name) || t.startsWith(name + "<"))) {
      return false;
    }
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < u.parameters().size(); i++) {
      String arg = t.contains("<") ? typeArgument(t, i) : "";
      String def = u.defaults().get(i);
      given.put(u.parameters().get(i), !arg.isEmpty() ? arg : given.getOrDefault(def, def));
    }
    for (String m : u.members()) {
      String v = given.get(m.strip());
      if (v != null && !v.isEmpty() && isAny(v, depth + 1) || isAny(m, depth + 1) && !given.containsKey(m.strip())) {
        return true;
      }
    }
    return false;
  }

  /** The {@code index}th type argument of {@code Name<A, B>}, or "". */
  static String typeArgument(String typeText, int index) {
    int open = typeText.indexOf('<');
    if (open < 0 || !typeText.endsWith(">")) {
      return "";
    }
    List<String> args = new ArrayList<>();
    int depth = 0;
    int from = open + 1;
    for (int i = open + 1; i < typeText.length() - 1; i++) {
      char ch = typeText.charAt(i);
      if ("(<[{".indexOf(ch) >= 0) {
        depth++;
      } else if (")>]}".indexOf(ch) >= 0 && !(ch == '>' && typeText.charAt(i - 1) == '=')) {
        depth--;
      } else if (ch == ',' && depth == 0) {
        args.add(typeText.substring(from, i).strip());
        from = i + 1;
      }
    }
    args.add(typeText.substring(from, typeText.length() - 1).strip());
    return index < args.size() ? args.get(index) : "";
  }

  /** The simple names of a union's members without {@code undefined} and {@code null}: {@code A<X> | B[]} is [A, Array]. */
  static List<String> memberNames(String typeText) {
    return members(typeText).stream().map(TsTypes::simple).toList();
  }

  /** The class a type names: {@code Query<A> | undefined} is {@code Query}, {@code T[]} is {@code Array}. */
  static String simple(String typeText) {
    List<String> members = members(typeText);
    if (members.size() != 1) {
      return "";
    }
    String m = members.get(0);
    if (m.endsWith("[]")) {
      return "Array";
    }
    if (m.startsWith("{")) {
      return "{}";
    }
    int end = 0;
    while (end < m.length() && (Character.isJavaIdentifierPart(m.charAt(end)) || m.charAt(end) == '.'
        || m.charAt(end) == '#')) {
      end++;
    }
    String name = m.substring(0, end);
    int dot = name.lastIndexOf('.');
    return dot >= 0 ? name.substring(dot + 1) : name;
  }

  /** A union's members as written, without {@code undefined}, {@code null} and {@code void}. */
  private static List<String> members(String typeText) {
    String s = typeText.strip();
    if (s.startsWith("readonly ")) {
      s = s.substring(9).strip();
    }
    List<String> members = new ArrayList<>(TsTypeText.unionMembers(s));
    members.removeIf(m -> m.isEmpty() || m.equals("undefined") || m.equals("null") || m.equals("void"));
    return members;
  }

  private static String stripPostfix(String s) {
    String x = s.strip();
    while (x.endsWith("!") || x.endsWith("?")) {
      x = x.substring(0, x.length() - 1).strip();
    }
    return x;
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) && s.charAt(0) != '#') {
      return false;
    }
    return s.chars().skip(1).allMatch(Character::isJavaIdentifierPart);
  }

  /**
   * The offset of the last {@code " as "} of {@code e} outside brackets, strings and arrow
   * functions ({@code this.leafHash as Keccak}), or -1.
   */
  static int topLevelAs(String e) {
    int depth = 0;
    int found = -1;
    for (int i = 0; i < e.length(); i++) {
      char ch = e.charAt(i);
      if (ch == '\'' || ch == '"' || ch == '`') {
        int close = e.indexOf(ch, i + 1);
        i = close < 0 ? e.length() : close;
      } else if ("([{".indexOf(ch) >= 0) {
        depth++;
      } else if (")]}".indexOf(ch) >= 0) {
        depth--;
      } else if (depth == 0 && ch == '=' && i + 1 < e.length() && e.charAt(i + 1) == '>') {
        return -1;
      } else if (depth == 0 && e.startsWith(" as ", i)) {
        found = i;
      }
    }
    return found;
  }

  /** Splits {@code a.b(c).d} at the dots outside brackets: {@code a}, {@code b(c)}, {@code d}. */
  static List<String> split(String expression) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < expression.length(); i++) {
      char ch = expression.charAt(i);
      if (ch == '\'' || ch == '"' || ch == '`') {
        int close = expression.indexOf(ch, i + 1);
        i = close < 0 ? expression.length() : close;
      } else if ("([{".indexOf(ch) >= 0) {
        depth++;
      } else if (")]}".indexOf(ch) >= 0) {
        depth--;
      } else if (ch == '.' && depth == 0 && !(i + 1 < expression.length() && Character.isDigit(expression.charAt(i + 1)))) {
        String part = expression.substring(from, i).strip();
        out.add(part.endsWith("?") ? part.substring(0, part.length() - 1) : part);
        from = i + 1;
      }
    }
    out.add(expression.substring(from).strip());
    return out;
  }
}
