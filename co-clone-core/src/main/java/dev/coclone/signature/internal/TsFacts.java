package dev.coclone.signature.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.treesitter.TSNode;

/**
 * What a JavaScript or TypeScript file states about types, for {@link TsTypes}: variables and
 * parameters with their declared types or initializers, classes and interfaces with their fields
 * and method arities, TypeScript overload signatures, and re-exports. Offsets are UTF-16 offsets.
 *
 * @param bindings   variables and parameters, each with the range it is visible in
 * @param types      classes and interfaces by simple name
 * @param overloads  overload signatures ({@code function f(a: string): void;} before the implementation)
 * @param reExports  {@code export * from}, {@code export {a as b} from}, {@code export {a as b}}
 * @param namespaces the TypeScript namespaces outside functions and classes, dotted as their members'
 *                   container ({@code util}, {@code A.B} for {@code namespace A { namespace B {} }})
 * @param wrappers   type aliases whose value is one of their type parameters, or an intersection with it,
 *                   under a condition ({@code type TRet<T> = T extends unknown ? T & {..} : never}), by
 *                   name, with that parameter's index: a value of {@code TRet<C>} has C's members
 * @param unions     type aliases whose value is a union, by name ({@code type Updater<TInput, TOutput =
 *                   TInput> = TOutput | UpdaterFn<TInput, TOutput>}): {@code Updater<any>} is {@code any}
 */
record TsFacts(List<Binding> bindings, Map<String, TypeDecl> types, List<Overload> overloads,
    List<ReExport> reExports, Set<String> namespaces, Map<String, Integer> wrappers, Map<String, Union> unions) {

  /**
   * A type alias whose value is a union.
   *
   * @param parameters its type parameters' names
   * @param defaults   their defaults as written ("" for none)
   * @param members    the union's members as written
   */
  record Union(List<String> parameters, List<String> defaults, List<String> members) {}

  /**
   * A variable or parameter.
   *
   * @param name       its name
   * @param type       its declared type as written (without the colon; {@code | undefined} added for an
   *                   optional parameter {@code x?: T}), or ""
   * @param init       its initializer as written, or ""
   * @param scopeStart where it is visible from (its declaration)
   * @param scopeEnd   where it stops being visible (the end of its function, or of the file)
   */
  record Binding(String name, String type, String init, int scopeStart, int scopeEnd) {}

  /**
   * A class or interface.
   *
   * @param name        simple name
   * @param isInterface true for an interface
   * @param bases       simple names of what it extends
   * @param interfaces  simple names of what it implements
   * @param fields      field (and constructor parameter property) types, or {@code = init} when untyped
   * @param methods     the parameter count of each method it declares (an interface's method signatures too)
   * @param lists       the offsets of each method's parentheses, {@code (} and {@code )}
   * @param local       true when it is declared inside a function ({@code class Point} in a factory
   *                    function): its name means it only there
   * @param scopeStart  where its name is visible from: its function's start, or 0
   * @param scopeEnd    where it stops being visible: its function's end, or the end of the file
   * @param typeParams  the names of its type parameters, in order
   * @param returns     the declared return types of its method signatures (an interface's, an abstract
   *                    method's, an object type's), by name
   * @param optional    the members declared optional ({@code x?: T}, {@code m?(): T})
   */
  record TypeDecl(String name, boolean isInterface, List<String> bases, List<String> interfaces,
      Map<String, String> fields, Map<String, Integer> methods, Map<String, int[]> lists, boolean local,
      int scopeStart, int scopeEnd, List<String> typeParams, Map<String, String> returns, Set<String> optional) {
    /** True when its name, written at {@code at} of its own file, means it. */
    boolean visibleAt(int at) {
      return scopeStart <= at && at <= scopeEnd;
    }
  }

  /**
   * A TypeScript overload signature.
   *
   * @param name      the function's or method's name
   * @param className the enclosing class, or ""
   * @param nameStart start offset of the name
   * @param line      line of the name
   * @param column    column of the name
   * @param params    start and end offsets of each parameter
   * @param anchor    where a first parameter goes when the list is empty
   * @param text      the signature on one line
   */
  record Overload(String name, String className, int nameStart, int line, int column, List<int[]> params, int anchor,
      String text) {}

  /**
   * A re-export.
   *
   * @param exported the name it is exported as, or {@code *}
   * @param original the name in {@code module} (or in this file), or {@code *}
   * @param module   the module as written, or null for a name of this file
   */
  record ReExport(String exported, String original, String module) {}

  /** Reads the facts of a parsed JavaScript or TypeScript file. */
  static TsFacts read(TSNode root, ScriptText st) {
    Reader r = new Reader(st);
    r.visit(root);
    return new TsFacts(List.copyOf(r.bindings), Map.copyOf(r.types), List.copyOf(r.overloads),
        List.copyOf(r.reExports), Set.copyOf(r.namespaces), Map.copyOf(r.wrappers), Map.copyOf(r.unions));
  }

  private static final class Reader {
    private final ScriptText st;
    private final List<Binding> bindings = new ArrayList<>();
    private final Map<String, TypeDecl> types = new HashMap<>();
    private final List<Overload> overloads = new ArrayList<>();
    private final List<ReExport> reExports = new ArrayList<>();
    private final Deque<Integer> scopeEnds = new ArrayDeque<>();
    private final Deque<Integer> scopeStarts = new ArrayDeque<>();
    private final Deque<TypeDecl> classes = new ArrayDeque<>();
    private final Set<String> namespaces = new HashSet<>();
    private final Map<String, Integer> wrappers = new HashMap<>();
    private final Map<String, Union> unions = new HashMap<>();
    /** The enclosing namespaces, innermost first, while no function or class encloses them. */
    private final Deque<String> namespacePath = new ArrayDeque<>();

    Reader(ScriptText st) {
      this.st = st;
      scopeEnds.push(st.text().length());
      scopeStarts.push(0);
    }

    private int start(TSNode n) {
      return st.offset(n.getStartByte());
    }

    private int end(TSNode n) {
      return st.offset(n.getEndByte());
    }

    private String text(TSNode n) {
      return n == null ? "" : st.text().substring(start(n), end(n));
    }

    private static TSNode field(TSNode n, String name) {
      return ScriptParser.field(n, name);
    }

    private String type(TSNode annotation) {
      String t = text(annotation).strip();
      return t.startsWith(":") ? t.substring(1).strip() : t;
    }

    void visit(TSNode n) {
      String t = n.getType();
      boolean scope = false;
      boolean cls = false;
      boolean namespace = false;
      switch (t) {
        case "internal_module", "module" -> {
          TSNode name = field(n, "name");
          if (name != null && !name.getType().equals("string") && scopeEnds.size() == 1 && classes.isEmpty()) {
            namespacePath.push(text(name));
            List<String> path = new ArrayList<>(namespacePath);
            java.util.Collections.reverse(path);
            namespaces.add(String.join(".", path));
            namespace = true;
          }
        }
        case "class_declaration", "abstract_class_declaration", "class", "interface_declaration" -> cls = declareType(n);
        case "type_alias_declaration" -> {
          TSNode value = field(n, "value");
          String vt = value == null ? "" : value.getType();
          cls = (vt.equals("object_type") || vt.equals("intersection_type")) && declareType(n);
          if (cls && vt.equals("intersection_type")) {
            intersected(value, classes.peek().bases());
          }
          if (vt.equals("conditional_type")) {
            wrapper(n, value);
          }
          if (vt.equals("union_type")) {
            union(n, value);
          }
        }
        case "function_declaration", "generator_function_declaration", "method_definition", "arrow_function",
            "function_expression", "function" -> {
          scopeEnds.push(end(n));
          scopeStarts.push(start(n));
          scope = true;
          parameters(n, t.equals("method_definition") && text(field(n, "name")).equals("constructor"));
        }
        case "function_signature", "method_signature", "abstract_method_signature" -> signature(n, t);
        case "variable_declarator" -> {
          TSNode name = field(n, "name");
          if (name != null && name.getType().equals("identifier")) {
            TSNode value = field(n, "value");
            bindings.add(new Binding(text(name), type(field(n, "type")), value == null ? "" : st.oneLine(start(value),
                end(value)), start(n), scopeEnds.peek()));
          }
        }
        case "public_field_definition", "field_definition", "property_signature" -> {
          TSNode name = field(n, "name");
          if (name == null) {
            name = field(n, "property");
          }
          TSNode value = field(n, "value");
          if (name != null && !classes.isEmpty()) {
            String ty = type(field(n, "type"));
            classes.peek().fields().put(text(name), !ty.isEmpty() || value == null ? ty
                : "= " + st.oneLine(start(value), end(value)));
            if (optionalMember(n)) {
              classes.peek().optional().add(text(name));
            }
          }
        }
        case "export_statement" -> exports(n);
        case "if_statement" -> narrowed(n);
        default -> { }
      }
      for (int i = 0; i < n.getNamedChildCount(); i++) {
        visit(n.getNamedChild(i));
      }
      if (scope) {
        scopeEnds.pop();
        scopeStarts.pop();
      }
      if (cls) {
        classes.pop();
      }
      if (namespace) {
        namespacePath.pop();
      }
    }

    /** Records a class or interface and makes it the current one; false when it has no name. */
    private boolean declareType(TSNode n) {
      TSNode name = field(n, "name");
      if (name == null) {
        return false;
      }
      List<String> bases = new ArrayList<>();
      List<String> interfaces = new ArrayList<>();
      for (int i = 0; i < n.getNamedChildCount(); i++) {
        TSNode h = n.getNamedChild(i);
        if (h.getType().equals("class_heritage")) {
          for (int k = 0; k < h.getNamedChildCount(); k++) {
            TSNode c = h.getNamedChild(k);
            for (int j = 0; j < c.getNamedChildCount(); j++) {
              TSNode x = c.getNamedChild(j);
              if (x.getType().equals("type_arguments")) {
                continue;
              }
              (c.getType().equals("implements_clause") ? interfaces : bases).add(TsTypes.simple(text(x)));
            }
          }
        } else if (h.getType().equals("extends_type_clause")) {
          for (int k = 0; k < h.getNamedChildCount(); k++) {
            bases.add(TsTypes.simple(text(h.getNamedChild(k))));
          }
        }
      }
      List<String> typeParams = new ArrayList<>();
      TSNode tps = field(n, "type_parameters");
      for (int i = 0; tps != null && i < tps.getNamedChildCount(); i++) {
        TSNode tpName = field(tps.getNamedChild(i), "name");
        if (tpName != null) {
          typeParams.add(text(tpName));
        }
      }
      TypeDecl d = new TypeDecl(text(name), !n.getType().contains("class"), bases, interfaces,
          new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), scopeEnds.size() > 1,
          scopeStarts.peek(), scopeEnds.peek(), typeParams, new LinkedHashMap<>(), new HashSet<>());
      TypeDecl earlier = types.get(d.name());
      if (earlier != null && earlier.local() == d.local() && earlier.scopeStart() == d.scopeStart()
          && (earlier.isInterface() || d.isInterface())) {
        d = merged(earlier, d);
        types.put(d.name(), d);
      }
      types.putIfAbsent(d.name(), d);
      classes.push(d);
      return true;
    }

    /**
     * Declaration merging: {@code interface X extends A, B {}} beside {@code class X} (or two
     * interfaces X) are one type, whose members are both declarations' and whose bases are the class's
     * own base first, then the interfaces' (a mixin's traits, whose members X then has).
     */
    private static TypeDecl merged(TypeDecl earlier, TypeDecl later) {
      TypeDecl cls = later.isInterface() ? earlier : later;
      TypeDecl other = cls == earlier ? later : earlier;
      List<String> bases = new ArrayList<>(cls.bases());
      other.bases().stream().filter(b -> !bases.contains(b)).forEach(bases::add);
      TypeDecl m = new TypeDecl(cls.name(), cls.isInterface(), bases, new ArrayList<>(cls.interfaces()),
          new LinkedHashMap<>(cls.fields()), new LinkedHashMap<>(cls.methods()), new LinkedHashMap<>(cls.lists()),
          cls.local(), cls.scopeStart(), cls.scopeEnd(), cls.typeParams().isEmpty() ? other.typeParams() : cls.typeParams(),
          new LinkedHashMap<>(cls.returns()), new HashSet<>(cls.optional()));
      other.interfaces().stream().filter(i -> !m.interfaces().contains(i)).forEach(m.interfaces()::add);
      other.fields().forEach(m.fields()::putIfAbsent);
      other.methods().forEach(m.methods()::putIfAbsent);
      other.lists().forEach(m.lists()::putIfAbsent);
      other.returns().forEach(m.returns()::putIfAbsent);
      m.optional().addAll(other.optional());
      return m;
    }

    /**
     * {@code if (type instanceof ZodReadonly) { type.unwrap() }}: in the consequence, the variable
     * has the class it was tested against (a binding of that type over the block, which the
     * innermost-binding rule of {@link TsTypes} prefers); conditions joined by {@code &&} too.
     */
    private void narrowed(TSNode ifStatement) {
      TSNode condition = field(ifStatement, "condition");
      TSNode consequence = field(ifStatement, "consequence");
      if (condition == null || consequence == null) {
        return;
      }
      List<TSNode> tests = new ArrayList<>();
      conjuncts(condition, tests);
      for (TSNode t : tests) {
        TSNode left = field(t, "left");
        TSNode right = field(t, "right");
        if (left != null && right != null && left.getType().equals("identifier")
            && (right.getType().equals("identifier") || right.getType().equals("member_expression"))) {
          bindings.add(new Binding(text(left), text(right), "", start(consequence), end(consequence)));
        }
      }
    }

    /** The {@code instanceof} tests of a condition, through parentheses and {@code &&}. */
    private void conjuncts(TSNode n, List<TSNode> out) {
      if (n.getType().equals("parenthesized_expression") && n.getNamedChildCount() == 1) {
        conjuncts(n.getNamedChild(0), out);
      } else if (n.getType().equals("binary_expression")) {
        TSNode op = field(n, "operator");
        String o = op == null ? "" : text(op);
        if (o.equals("&&")) {
          conjuncts(field(n, "left"), out);
          conjuncts(field(n, "right"), out);
        } else if (o.equals("instanceof")) {
          out.add(n);
        }
      }
    }

    /** A {@code ?} among a member's unnamed children: {@code x?: T}, {@code m?(): T}. */
    private static boolean optionalMember(TSNode n) {
      for (int i = 0; i < n.getChildCount(); i++) {
        TSNode c = n.getChild(i);
        if (!c.isNamed() && c.getType().equals("?")) {
          return true;
        }
      }
      return false;
    }

    /** Records {@code type A<T, U = T> = U | F<T, U>} with its type parameters and members. */
    private void union(TSNode alias, TSNode value) {
      TSNode name = field(alias, "name");
      if (name == null) {
        return;
      }
      List<String> params = new ArrayList<>();
      List<String> defaults = new ArrayList<>();
      TSNode tps = field(alias, "type_parameters");
      for (int i = 0; tps != null && i < tps.getNamedChildCount(); i++) {
        TSNode tp = tps.getNamedChild(i);
        TSNode tpName = field(tp, "name");
        if (tpName == null) {
          return;
        }
        TSNode def = field(tp, "value");
        params.add(text(tpName));
        defaults.add(def == null ? "" : st.oneLine(start(def), end(def)).replaceFirst("^=\\s*", ""));
      }
      List<String> members = new ArrayList<>();
      Deque<TSNode> todo = new ArrayDeque<>(List.of(value));
      while (!todo.isEmpty()) {
        TSNode u = todo.pop();
        if (u.getType().equals("union_type")) {
          for (int i = u.getNamedChildCount() - 1; i >= 0; i--) {
            todo.push(u.getNamedChild(i));
          }
        } else {
          members.add(st.oneLine(start(u), end(u)));
        }
      }
      unions.putIfAbsent(text(name), new Union(List.copyOf(params), List.copyOf(defaults), List.copyOf(members)));
    }

    /**
     * Records {@code type A<T> = T extends X ? T & {..} : Y} (or {@code ? T :}) as a wrapper of its
     * type parameter T: its values have T's members.
     */
    private void wrapper(TSNode alias, TSNode conditional) {
      TSNode name = field(alias, "name");
      TSNode tps = field(alias, "type_parameters");
      TSNode consequence = field(conditional, "consequence");
      if (name == null || tps == null || consequence == null) {
        return;
      }
      Set<String> direct = new HashSet<>();
      if (consequence.getType().equals("type_identifier")) {
        direct.add(text(consequence));
      } else if (consequence.getType().equals("intersection_type")) {
        for (int i = 0; i < consequence.getNamedChildCount(); i++) {
          TSNode c = consequence.getNamedChild(i);
          if (c.getType().equals("type_identifier")) {
            direct.add(text(c));
          }
        }
      }
      for (int i = 0; i < tps.getNamedChildCount(); i++) {
        TSNode tpName = field(tps.getNamedChild(i), "name");
        if (tpName != null && direct.contains(text(tpName))) {
          wrappers.putIfAbsent(text(name), i);
          return;
        }
      }
    }

    /**
     * The named types of an intersection ({@code type Fp6Bls = mod.IField<Fp6> & {..}}), as the
     * alias's bases: a class that implements the alias implements them; the object types' members
     * are the alias's own (visited as its body).
     */
    private void intersected(TSNode type, List<String> bases) {
      for (int i = 0; i < type.getNamedChildCount(); i++) {
        TSNode c = type.getNamedChild(i);
        switch (c.getType()) {
          case "intersection_type", "parenthesized_type" -> intersected(c, bases);
          case "type_identifier", "nested_type_identifier", "generic_type" -> bases.add(TsTypes.simple(text(c)));
          default -> { }
        }
      }
    }

    private void parameters(TSNode fn, boolean constructor) {
      TSNode params = field(fn, "parameters");
      TSNode name = field(fn, "name");
      if (name != null && !classes.isEmpty() && fn.getType().equals("method_definition")) {
        classes.peek().methods().put(text(name), params == null ? 0 : count(params));
        if (params != null) {
          classes.peek().lists().put(text(name), new int[] {start(params), end(params) - 1});
        }
      }
      if (params == null) {
        TSNode single = field(fn, "parameter");
        if (single != null && single.getType().equals("identifier")) {
          bindings.add(new Binding(text(single), "", elementOfReceiver(fn), start(fn), end(fn)));
        }
        return;
      }
      for (int i = 0; i < params.getNamedChildCount(); i++) {
        TSNode p = params.getNamedChild(i);
        TSNode pattern = field(p, "pattern");
        if (p.getType().equals("identifier")) {
          pattern = p;
        }
        if (pattern != null && pattern.getType().equals("this") && field(p, "type") != null) {
          // f(this: MixedInParser, ..): `this` in its body has that type (mixin traits' self type)
          bindings.add(new Binding("this", type(field(p, "type")), "", start(fn), end(fn)));
          continue;
        }
        if (pattern == null || !pattern.getType().equals("identifier")) {
          continue;
        }
        String ty = p == pattern ? "" : type(field(p, "type"));
        if (!ty.isEmpty() && p.getType().equals("optional_parameter")) {
          ty = ty + " | undefined";
        }
        TSNode value = p == pattern ? null : field(p, "value");
        String init = value != null ? text(value) : i == 0 && ty.isEmpty() ? elementOfReceiver(fn) : "";
        bindings.add(new Binding(text(pattern), ty, init, start(fn), end(fn)));
        boolean property = false;
        for (int k = 0; k < p.getChildCount(); k++) {
          String ct = p.getChild(k).getType();
          property |= ct.equals("accessibility_modifier") || ct.equals("readonly");
        }
        if (constructor && property && !classes.isEmpty()) {
          classes.peek().fields().put(text(pattern), ty);
        }
      }
    }

    /**
     * For a callback passed first to an array's {@code forEach}, {@code map}, {@code filter},
     * {@code find}, {@code some}, {@code every} or {@code flatMap}: {@code receiver[0]}, the
     * expression whose type its first parameter has; else "".
     */
    private String elementOfReceiver(TSNode fn) {
      TSNode args = fn.getParent();
      if (args == null || args.isNull() || !args.getType().equals("arguments") || args.getNamedChildCount() == 0
          || args.getNamedChild(0).getStartByte() != fn.getStartByte()) {
        return "";
      }
      TSNode call = args.getParent();
      TSNode callee = call == null || call.isNull() ? null : field(call, "function");
      if (callee == null || !callee.getType().equals("member_expression")) {
        return "";
      }
      TSNode object = field(callee, "object");
      String method = text(field(callee, "property"));
      return object != null && ARRAY_CALLBACKS.contains(method) ? st.oneLine(start(object), end(object)) + "[0]" : "";
    }

    private static final java.util.Set<String> ARRAY_CALLBACKS = java.util.Set.of("forEach", "map", "filter", "find",
        "findIndex", "findLast", "some", "every", "flatMap");

    private static int count(TSNode params) {
      int n = 0;
      for (int i = 0; i < params.getNamedChildCount(); i++) {
        TSNode p = params.getNamedChild(i);
        TSNode pattern = field(p, "pattern");
        if (!p.getType().equals("comment") && !(pattern != null && pattern.getType().equals("this"))) {
          n++;
        }
      }
      return n;
    }

    private void signature(TSNode n, String t) {
      TSNode name = field(n, "name");
      TSNode params = field(n, "parameters");
      if (name == null || params == null) {
        return;
      }
      String className = classes.isEmpty() ? "" : classes.peek().name();
      if (!classes.isEmpty()) {
        classes.peek().methods().merge(text(name), count(params), Math::max);
        classes.peek().lists().putIfAbsent(text(name), new int[] {start(params), end(params) - 1});
        String rt = type(field(n, "return_type"));
        if (!rt.isEmpty()) {
          classes.peek().returns().putIfAbsent(text(name), rt);
        }
        if (optionalMember(n)) {
          classes.peek().optional().add(text(name));
        }
      }
      if (t.equals("method_signature") && !classes.isEmpty() && classes.peek().isInterface()) {
        return;
      }
      List<int[]> ranges = new ArrayList<>();
      for (int i = 0; i < params.getNamedChildCount(); i++) {
        TSNode p = params.getNamedChild(i);
        TSNode pattern = field(p, "pattern");
        if (!p.getType().equals("comment") && !(pattern != null && pattern.getType().equals("this"))) {
          ranges.add(new int[] {start(p), end(p)});
        }
      }
      int s = start(name);
      overloads.add(new Overload(text(name), className, s, st.line(s), st.column(s), ranges, start(params) + 1,
          st.oneLine(start(n), end(n))));
    }

    private void exports(TSNode n) {
      TSNode source = field(n, "source");
      String module = source == null ? null : ScriptImports.unquote(text(source));
      boolean clause = false;
      for (int i = 0; i < n.getNamedChildCount(); i++) {
        TSNode c = n.getNamedChild(i);
        if (c.getType().equals("export_clause")) {
          clause = true;
          for (int k = 0; k < c.getNamedChildCount(); k++) {
            TSNode spec = c.getNamedChild(k);
            TSNode name = field(spec, "name");
            TSNode alias = field(spec, "alias");
            if (name != null) {
              reExports.add(new ReExport(text(alias != null ? alias : name), text(name), module));
            }
          }
        } else if (c.getType().equals("namespace_export")) {
          clause = true;
          TSNode id = c.getNamedChild(c.getNamedChildCount() - 1);
          reExports.add(new ReExport(text(id), "*ns", module));
        }
      }
      if (module != null && !clause) {
        reExports.add(new ReExport("*", "*", module));
      }
      TSNode value = field(n, "value");
      if (value != null && value.getType().equals("identifier")) {
        reExports.add(new ReExport("default", text(value), null));
      }
      TSNode decl = field(n, "declaration");
      if (decl != null && field(decl, "name") != null && text(n).startsWith("export default")) {
        reExports.add(new ReExport("default", text(field(decl, "name")), null));
      }
    }
  }
}
