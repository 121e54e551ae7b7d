package dev.coclone.signature.internal;

import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import dev.coclone.signature.SignatureChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TypeScript: what depends on the result of a call whose result type a removed parameter decided.
 * When the removed parameter was the only one whose type names a type parameter of the function,
 * and the function's declared result names that type parameter, tsc has nothing left to infer it
 * from: it becomes {@code unknown} (or its constraint), and the call's result changes type even
 * where the call itself is fixed by dropping the argument. Two shapes of result are followed, as
 * far as the source states them:
 * <ul>
 * <li>the type parameter itself, or an intersection or union with it ({@code makeResource<T>(thing:
 * T, dispose): T & Disposable}): the members the argument gave the result are gone, so member
 * accesses and method calls on a variable bound to the result ({@code using timer =
 * timerResource(ms)}, then {@code timer.start()}) no longer type-check; a function without a
 * declared result type that returns such a call directly ({@code timerResource}) passes the change
 * on to its own calls;</li>
 * <li>a mapped type over it that is not {@code keyof} ({@code arrayToEnum<U extends [T, ...T[]]>(items:
 * U): { [k in U[number]]: k }}): the result keeps an index signature but its members lose their
 * literal types, so a declaration that states the result's type is rejected, and a {@code switch}
 * whose {@code case} labels are the result's members ({@code case ZodIssueCode.invalid_type:}) no
 * longer narrows the object it switches on: the member accesses on it in those clauses, and its
 * exhaustiveness check in {@code default}, are reported.</li>
 * </ul>
 * A declaration that states another type for the result is not reported in the first shape: tsc
 * infers the type parameter from it. No site gets an edit: the result's type cannot be restored at
 * the use.
 */
final class TsResultUses {
  private final Map<String, ScriptIndex> files;
  private final TsModules.Paths paths;
  private final SignatureChange change;
  private final String removed;
  private final boolean literal;
  private final Map<String, Dependent> out = new LinkedHashMap<>();
  private final Set<String> visited = new HashSet<>();
  /** For a reorder: the constraint tsc falls back to (null for a removed parameter). */
  private String constraint;

  private TsResultUses(Map<String, ScriptIndex> files, TsModules.Paths paths, SignatureChange change, String removed,
      boolean literal) {
    this.files = files;
    this.paths = paths;
    this.change = change;
    this.removed = removed;
    this.literal = literal;
  }

  /**
   * The uses of the results of the calls among {@code found} (the change's dependents) that the
   * change retypes; empty when the change does not retype the result.
   */
  static List<Dependent> of(Map<String, ScriptIndex> files, TsModules.Paths paths, SignatureChange change,
      List<Dependent> found) {
    FunctionSignature b = change.before();
    if (change.is(ChangeKind.PARAMETERS_REORDERED) && !change.is(ChangeKind.PARAMETER_REMOVED) && change.after() != null
        && "typescript".equals(b.language())) {
      return reordered(files, paths, change, found);
    }
    if (!change.is(ChangeKind.PARAMETER_REMOVED) || change.after() == null || !"typescript".equals(b.language())) {
      return List.of();
    }
    ScriptIndex declaring = files.get(b.path());
    Map<String, String> params = typeParameters(b.text(), b.name());
    if (declaring == null || params.isEmpty()) {
      return List.of();
    }
    Set<Integer> kept = new HashSet<>(change.argumentMap());
    List<String> gone = new ArrayList<>();
    for (int i = 0; i < b.parameters().size(); i++) {
      if (!kept.contains(i)) {
        gone.add(b.parameters().get(i).name());
      }
    }
    String returns = b.returnType().strip();
    if (returns.isEmpty()) {
      returns = castResult(declaring, b);
    }
    String lost = null;
    for (String t : params.keySet()) {
      boolean fromRemoved = false;
      for (int i = 0; i < b.parameters().size(); i++) {
        fromRemoved |= !kept.contains(i) && names(b.parameters().get(i).type(), t);
      }
      boolean fromKept = false;
      for (Parameter p : change.after().parameters()) {
        fromKept |= names(p.type(), t);
      }
      // a type parameter whose constraint names t and that a kept parameter states still infers t
      for (Map.Entry<String, String> e : params.entrySet()) {
        if (!e.getKey().equals(t) && names(e.getValue(), t)) {
          for (Parameter p : change.after().parameters()) {
            fromKept |= names(p.type(), e.getKey());
          }
        }
      }
      if (fromRemoved && !fromKept && names(returns, t)) {
        lost = t;
        break;
      }
    }
    if (lost == null) {
      return List.of();
    }
    boolean literal = MAPPED.matcher(returns).find();
    if (!literal && !bare(returns, lost)) {
      return mappedValues(files, change, String.join(", ", gone), returns);
    }
    TsResultUses r = new TsResultUses(files, paths, change, String.join(", ", gone), literal);
    for (Dependent d : found) {
      if (d.kind() != DependentKind.CALL) {
        continue;
      }
      ScriptIndex idx = files.get(d.path());
      ScriptIndex.Call c = callOf(idx, d);
      if (c != null) {
        r.result(idx, c, 0);
      }
    }
    return new ArrayList<>(r.out.values());
  }

  /**
   * A reorder that moves a parameter typed with a constrained type parameter ({@code createHasher<PC
   * extends PC_ANY>(Point: PC, mapToCurve: MapToCurve<PC_F<PC>>, ..): H2CHasher<PC>}): until each call is
   * edited, the argument now in that parameter's place does not meet the constraint, so tsc falls back
   * to the constraint and the result ({@code H2CHasher<PC_ANY>}) no longer fits where it is stored
   * under a declared type. Reported, besides the call: a variable that states its type and is
   * initialized with the call (also through an arrow function called at once, {@code (() =>
   * createHasher(..))()}), the {@code return} of the call from a function that states its result type,
   * and the {@code return}s of such a function that pass on a variable bound to the call ({@code
   * return Object.freeze({ .., G1: G1Hasher })}). A removed parameter differs: no argument stands in
   * its place, and tsc infers the type parameter from the declared type. The call's edit fixes these
   * too, so they carry no edit of their own.
   */
  private static List<Dependent> reordered(Map<String, ScriptIndex> files, TsModules.Paths paths,
      SignatureChange change, List<Dependent> found) {
    FunctionSignature b = change.before();
    ScriptIndex declaring = files.get(b.path());
    Map<String, String> params = typeParameters(b.text(), b.name());
    if (declaring == null || params.isEmpty()) {
      return List.of();
    }
    String returns = b.returnType().strip();
    if (returns.isEmpty()) {
      returns = castResult(declaring, b);
    }
    List<Integer> map = change.argumentMap();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String t = e.getKey();
      String bound = e.getValue().strip();
      if (bound.isEmpty() || names(bound, t) || !names(returns, t)) {
        continue;
      }
      String moved = null;
      boolean kept = false;
      for (int j = 0; j < map.size(); j++) {
        int i = map.get(j);
        if (i < 0 || i >= b.parameters().size()) {
          continue;
        }
        Parameter p = b.parameters().get(i);
        if (i != j && p.type().strip().equals(t)) {
          moved = p.name();
        } else if (i == j && names(p.type(), t)) {
          kept = true;
        }
      }
      if (moved == null || kept) {
        continue;
      }
      TsResultUses r = new TsResultUses(files, paths, change, moved, false);
      r.constraint = bound;
      r.fallback = returns.replaceAll("(?<![\\w$.])" + Pattern.quote(t) + "(?![\\w$])", Matcher.quoteReplacement(bound))
          .replaceAll("\\s+", "");
      for (Dependent d : found) {
        if (d.kind() != DependentKind.CALL || !d.breaks()) {
          continue;
        }
        ScriptIndex idx = files.get(d.path());
        ScriptIndex.Call c = callOf(idx, d);
        if (c != null) {
          r.stored(idx, c.start(), c.end(), 0);
        }
      }
      return new ArrayList<>(r.out.values());
    }
    return List.of();
  }

  /** For a reorder: the result's type with the type parameter replaced by its constraint, without spaces. */
  private String fallback = "";

  /** An arrow function without parameters called at once, up to its body: {@code (() =>}, {@code (async () => }. */
  private static final Pattern IIFE_HEAD = Pattern.compile("\\(\\s*(?:async\\s*)?\\(\\s*\\)\\s*=>\\s*$");
  private static final Pattern IIFE_TAIL = Pattern.compile("^\\s*\\)\\s*\\(\\s*\\)");

  /**
   * Follows the value of the expression {@code [start, end)} (a call of the reordered function, or an
   * arrow function wrapping it called at once) to where a declared type receives it.
   */
  private void stored(ScriptIndex idx, int start, int end, int hops) {
    if (hops > 3 || !visited.add(idx.path() + ":" + start)) {
      return;
    }
    String text = idx.text();
    int before = backOverSpace(text, start);
    int headStart = Math.max(0, before - 200);
    String head = text.substring(headStart, before);
    if (head.endsWith("await")) {
      head = head.substring(0, head.length() - 5).stripTrailing();
    }
    if (head.endsWith("=>")) {
      Matcher h = IIFE_HEAD.matcher(head);
      Matcher tail = IIFE_TAIL.matcher(text.substring(end));
      if (h.find() && tail.find()) {
        stored(idx, headStart + h.start(), end + tail.end(), hops + 1);
      }
      return;
    }
    if (head.endsWith("return") && (head.length() == 6 || !Character.isJavaIdentifierPart(head.charAt(head.length() - 7)))) {
      int open = enclosingOpen(text, start);
      if (open < 0 || depthBetween(text, open, start) != 1) {
        return;
      }
      int bodyHead = backOverSpace(text, open);
      Matcher h = IIFE_HEAD.matcher(text.substring(Math.max(0, bodyHead - 200), bodyHead));
      int close = closing(text, open);
      Matcher tail = IIFE_TAIL.matcher(text.substring(Math.min(text.length(), close + 1)));
      if (h.find() && tail.find()) {
        stored(idx, Math.max(0, bodyHead - 200) + h.start(), close + 1 + tail.end(), hops + 1);
        return;
      }
      ScriptIndex.Func f = bodyOf(idx, open);
      if (f != null && declaredFits(f.signature().returnType())) {
        add(idx, lineOf(text, before), lineText(text, before), "returns it from " + f.signature().name()
            + ", which declares its result " + f.signature().returnType().strip());
      }
      return;
    }
    if (!head.endsWith("=") || head.endsWith("==") || head.endsWith("!=") || head.endsWith("<=")
        || head.endsWith(">=")) {
      return;
    }
    if (idx.facts() == null) {
      return;
    }
    TsFacts.Binding bound = null;
    for (TsFacts.Binding x : idx.facts().bindings()) {
      if (x.scopeStart() < start && (bound == null || x.scopeStart() > bound.scopeStart()) && !x.init().isEmpty()) {
        bound = x;
      }
    }
    if (bound == null) {
      return;
    }
    String between = text.substring(bound.scopeStart(), before).replaceAll("(?s)/\\*.*?\\*/", "").strip();
    boolean direct = between.startsWith(bound.name()) && (bound.type().isEmpty()
        ? between.matches("(?s)[\\w$]+\\s*=") : between.matches("(?s)[\\w$]+\\s*:.*=") && between.endsWith("="));
    if (!direct) {
      return;
    }
    if (!bound.type().isEmpty()) {
      if (declaredFits(bound.type())) {
        add(idx, lineOf(text, bound.scopeStart()), lineText(text, bound.scopeStart()), "initializes " + bound.name()
            + ", declared " + bound.type().strip());
      }
      return;
    }
    // an untyped variable: the returns that pass it on from a function that states its result type
    Matcher ret = Pattern.compile("(?<![\\w$.])return\\b").matcher(text);
    ret.region(end, Math.min(text.length(), bound.scopeEnd()));
    Pattern use = Pattern.compile("(?<![\\w$.])" + Pattern.quote(bound.name()) + "(?![\\w$])(?!\\s*\\??:)");
    while (ret.find()) {
      int stmtEnd = statementEnd(text, ret.end());
      if (!use.matcher(text.substring(ret.end(), stmtEnd)).find()) {
        continue;
      }
      ScriptIndex.Func f = functionOf(idx, ret.start());
      if (f != null && f.bodyOpen() < bound.scopeStart() && declaredFits(f.signature().returnType())) {
        add(idx, lineOf(text, ret.start()), lineText(text, ret.start()), "returns " + bound.name() + " from "
            + f.signature().name() + ", which declares its result " + f.signature().returnType().strip());
      }
    }
  }

  /** True when a declared type can reject the fallen-back result: not any/unknown/object, nor that result itself. */
  private boolean declaredFits(String declared) {
    String d = declared == null ? "" : declared.strip();
    return !d.isEmpty() && !Set.of("any", "unknown", "object", "{}", "void").contains(d)
        && !d.replaceAll("\\s+", "").equals(fallback);
  }

  /** The function whose body opens at {@code open}, or null. */
  static ScriptIndex.Func bodyOf(ScriptIndex idx, int open) {
    for (ScriptIndex.Func f : idx.functions()) {
      if (f.bodyOpen() == open) {
        return f;
      }
    }
    return null;
  }

  /**
   * The function whose {@code return} sits at {@code at}: the body reached through the blocks ({@code if},
   * loops) around it, or null when an arrow function's body comes first.
   */
  static ScriptIndex.Func functionOf(ScriptIndex idx, int at) {
    String text = idx.text();
    for (int open = enclosingOpen(text, at); open >= 0; open = enclosingOpen(text, open)) {
      ScriptIndex.Func f = bodyOf(idx, open);
      if (f != null) {
        return f;
      }
      if (functionBody(text, open)) {
        return null;
      }
    }
    return null;
  }

  /**
   * The function whose head, with a declared result type, ends in the {@code =>} just before
   * {@code arrowEnd} ({@code const f = <A>(self: Doc<A>): Effect<A> =>}), or null.
   */
  static ScriptIndex.Func arrowDeclaring(ScriptIndex idx, int arrowEnd) {
    String text = idx.text();
    ScriptIndex.Func best = null;
    for (ScriptIndex.Func f : idx.functions()) {
      String ret = f.signature().returnType().strip();
      if (ret.isEmpty() || f.nameStart() >= arrowEnd || arrowEnd - f.nameStart() > 4000
          || best != null && f.nameStart() < best.nameStart()) {
        continue;
      }
      String head = text.substring(f.nameStart(), arrowEnd).replaceAll("\\s+", "");
      if (head.endsWith(":" + ret.replaceAll("\\s+", "") + "=>")) {
        best = f;
      }
    }
    return best;
  }

  /**
   * The declared type that receives the expression starting at {@code at}: the result type of the
   * function it is returned from, or is the expression body of ({@code => expr}, {@code => (expr)}), or
   * the stated type of the variable it initializes; "" when none is stated.
   */
  static String receivingType(ScriptIndex idx, int at) {
    String text = idx.text();
    int before = backOverSpace(text, at);
    if (before > 0 && text.charAt(before - 1) == '(') {
      before = backOverSpace(text, before - 1);
    }
    String head = text.substring(Math.max(0, before - 6), before);
    if (head.endsWith("=>")) {
      ScriptIndex.Func f = arrowDeclaring(idx, before);
      return f == null ? "" : f.signature().returnType().strip();
    }
    if (head.endsWith("return") && (before < 7 || !Character.isJavaIdentifierPart(text.charAt(before - 7)))) {
      ScriptIndex.Func f = functionOf(idx, before);
      return f == null ? "" : f.signature().returnType().strip();
    }
    if (head.endsWith("=") && !head.endsWith("==") && !head.endsWith("!=") && !head.endsWith("<=")
        && !head.endsWith(">=") && idx.facts() != null) {
      TsFacts.Binding bound = null;
      for (TsFacts.Binding x : idx.facts().bindings()) {
        if (x.scopeStart() < at && (bound == null || x.scopeStart() > bound.scopeStart())) {
          bound = x;
        }
      }
      if (bound != null && !bound.type().isEmpty() && text.startsWith(bound.name(), bound.scopeStart())
          && text.substring(bound.scopeStart(), before).matches("(?s)[\\w$]+\\s*:.*=")) {
        return bound.type().strip();
      }
    }
    return "";
  }

  private static final Set<String> BLOCK_HEADS = Set.of("if", "for", "while", "switch", "catch", "with");
  private static final Pattern RESULT_ANNOTATION = Pattern.compile("\\)\\s*(?::\\s*[^{};=()]+)?$");

  /**
   * True when the brace at {@code open} opens the body of a function the index does not list: an
   * arrow function's ({@code => {}), a function expression's, or a method's of an object literal
   * ({@code onError(opts) {}, with or without a result type); false for a block ({@code if (..) {}).
   */
  static boolean functionBody(String text, int open) {
    int b = backOverSpace(text, open);
    String head = text.substring(Math.max(0, b - 300), b);
    if (head.endsWith("=>")) {
      return true;
    }
    Matcher m = RESULT_ANNOTATION.matcher(head);
    if (!m.find()) {
      return false;
    }
    int close = Math.max(0, b - 300) + m.start();
    int depth = 0;
    int i = close;
    for (; i >= 0; i--) {
      char ch = text.charAt(i);
      if (ch == ')') {
        depth++;
      } else if (ch == '(' && --depth == 0) {
        break;
      }
    }
    if (i < 0) {
      return false;
    }
    int w = backOverSpace(text, i);
    int ws = w;
    while (ws > 0 && (Character.isJavaIdentifierPart(text.charAt(ws - 1)) || text.charAt(ws - 1) == '*')) {
      ws--;
    }
    String word = text.substring(ws, w).replace("*", "");
    return !BLOCK_HEADS.contains(word);
  }

  /** The end of the statement starting at {@code from}: its {@code ;} (or the block's end) at bracket depth 0. */
  static int statementEnd(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '(' || ch == '[' || ch == '{') {
        depth++;
      } else if (ch == ')' || ch == ']' || ch == '}') {
        if (--depth < 0) {
          return i;
        }
      } else if (depth == 0 && ch == ';') {
        return i;
      }
    }
    return text.length();
  }

  /** The offset just after the last non-space before {@code at}, skipping block comments ({@code /* @__PURE__ *}{@code /}). */
  static int backOverSpace(String text, int at) {
    int i = at;
    while (true) {
      while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
        i--;
      }
      if (i >= 2 && text.startsWith("*/", i - 2)) {
        int open = text.lastIndexOf("/*", i - 2);
        if (open < 0) {
          return i;
        }
        i = open;
        continue;
      }
      return i;
    }
  }

  /**
   * The result type of a function that states none but returns one expression cast with {@code as}
   * ({@code return Unpromise.proxy(p).subscribe() as SubscribedPromise<Awaited<T>>}), or "".
   */
  static String castResult(ScriptIndex declaring, FunctionSignature b) {
    for (ScriptIndex.Func f : declaring.functions()) {
      if (f.signature().line() != b.line() || !f.signature().name().equals(b.name()) || f.bodyOpen() < 0) {
        continue;
      }
      String body = declaring.text().substring(f.bodyOpen(), Math.min(declaring.text().length(), f.bodyEnd()));
      Matcher r = Pattern.compile("(?<![\\w$])return\\b").matcher(body);
      String type = "";
      int n = 0;
      while (r.find()) {
        if (depthBetween(body, 0, r.start()) != 1) {
          continue;
        }
        n++;
        int end = body.indexOf(';', r.end());
        String expr = body.substring(r.end(), end < 0 ? body.length() : end);
        Matcher as = Pattern.compile("(?s)\\bas\\s+([\\w$.]+\\s*<.*>)\\s*$").matcher(expr);
        type = as.find() ? as.group(1).replaceAll("\\s+", " ").strip() : "";
      }
      return n == 1 ? type : "";
    }
    return "";
  }

  /**
   * A generic result ({@code SubscribedPromise<Awaited<T>>}) whose type argument came from the removed
   * parameter: where the function is passed to {@code .map(..)} and the mapped values, bound to a
   * variable, reach a {@code return} of a function that states its result with its own type parameter
   * ({@code return await Promise.any(subscribedPromises)} in {@code any<T>(..): Promise<Awaited<T>>}),
   * tsc rejects the return: the values' type argument is now {@code unknown}.
   */
  private static List<Dependent> mappedValues(Map<String, ScriptIndex> files, SignatureChange change, String removed,
      String returns) {
    if (!Pattern.compile("^[\\w$.]+\\s*<").matcher(returns).find()) {
      return List.of();
    }
    TsResultUses r = new TsResultUses(files, null, change, removed, false);
    FunctionSignature b = change.before();
    Pattern imported = Pattern.compile("\\bimport\\s*(?:type\\s*)?\\{[^}]*(?<![\\w$])" + Pattern.quote(b.name()) + "(?![\\w$])");
    for (ScriptIndex idx : files.values()) {
      if (idx.python()) {
        continue;
      }
      boolean visible = idx.path().equals(b.path()) || imported.matcher(idx.text()).find();
      for (ScriptIndex.Ref ref : idx.refs()) {
        boolean named = b.name().equals(ref.name()) && (b.container().isEmpty() ? ref.receiver() == null && visible
            : b.container().equals(ref.receiver()) && (visible || idx.text().contains(b.container())));
        if (!named || !"use".equals(ref.role())) {
          continue;
        }
        for (ScriptIndex.Call map : idx.calls()) {
          if ("map".equals(map.name()) && map.receiver() != null && map.open() < ref.start() && ref.start() < map.close()
              && map.args().size() == 1) {
            TsFacts.Binding bound = binding(idx, map.start());
            if (bound != null && bound.type().isEmpty()) {
              r.returned(idx, bound.name(), bound.scopeStart(), bound.scopeEnd());
            }
          }
        }
      }
    }
    return new ArrayList<>(r.out.values());
  }

  /**
   * The {@code return} statements in {@code [from, to]} that pass {@code name} on, in a function that
   * states its result with its own type parameter.
   */
  private void returned(ScriptIndex idx, String name, int from, int to) {
    String text = idx.text();
    Matcher m = Pattern.compile("(?<![\\w$.])return\\s+([^;]*?)(?<![\\w$.])" + Pattern.quote(name) + "(?![\\w$])").matcher(text);
    m.region(from, Math.min(to, text.length()));
    while (m.find()) {
      if (m.group(1).contains("\n")) {
        continue;
      }
      ScriptIndex.Func f = null;
      for (ScriptIndex.Func g : idx.functions()) {
        if (g.bodyOpen() >= 0 && g.bodyOpen() < m.start() && m.start() < g.bodyEnd()
            && (f == null || g.bodyOpen() > f.bodyOpen())) {
          f = g;
        }
      }
      if (f == null || f.bodyOpen() > from) {
        continue;
      }
      String declared = f.signature().returnType();
      boolean own = false;
      for (String t : typeParameters(f.signature().text(), f.signature().name()).keySet()) {
        own |= names(declared, t);
      }
      if (own) {
        add(idx, lineOf(text, m.start()), lineText(text, m.start()), "returns " + name + ", the values "
            + change.before().qualifiedName() + " made (passed to .map), whose type argument is now unknown, where "
            + f.signature().name() + " declares " + declared.strip());
      }
    }
  }

  /** A mapped type whose keys are not {@code keyof} something (tsc cannot infer back through it). */
  private static final Pattern MAPPED = Pattern.compile("^\\{\\s*(?:readonly\\s+)?\\[\\s*[\\w$]+\\s+in\\s+(?!keyof\\b)");

  /** True when the type is {@code t} itself, or a top-level union or intersection that has it as a member. */
  static boolean bare(String type, String t) {
    for (String part : type.split("[&|]")) {
      if (part.strip().equals(t)) {
        return true;
      }
    }
    return false;
  }

  /** True when the type text names the identifier {@code t}. */
  static boolean names(String type, String t) {
    return type != null && Pattern.compile("(?<![\\w$.])" + Pattern.quote(t) + "(?![\\w$])").matcher(type).find();
  }

  /**
   * The declaration's type parameters, each with its constraint ("" for none), from its head:
   * {@code function f<T>(}, {@code static f<T>(}, {@code const f = <T extends X>(}.
   */
  static Map<String, String> typeParameters(String head, String name) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "\\s*(?:=\\s*(?:async\\s*)?(?:function\\s*\\*?\\s*)?)?<")
        .matcher(head);
    if (!m.find()) {
      return out;
    }
    int open = m.end() - 1;
    int depth = 0;
    int close = -1;
    for (int i = open; i < head.length(); i++) {
      char ch = head.charAt(i);
      if (ch == '<') {
        depth++;
      } else if (ch == '>' && head.charAt(i - 1) != '=') {
        if (--depth == 0) {
          close = i;
          break;
        }
      }
    }
    if (close < 0) {
      return out;
    }
    String list = head.substring(open, close + 1);
    for (int i = 0; ; i++) {
      String p = TsTypes.typeArgument(list, i).strip();
      if (p.isEmpty()) {
        return out;
      }
      Matcher pm = Pattern.compile("^(?:const\\s+)?([\\w$]+)(?:\\s+extends\\s+(.*?))?(?:\\s*=.*)?$", Pattern.DOTALL)
          .matcher(p);
      if (pm.matches()) {
        out.put(pm.group(1), pm.group(2) == null ? "" : pm.group(2));
      }
    }
  }

  /** Follows the result of the call {@code c} in {@code idx}: bound, returned, or used at once. */
  private void result(ScriptIndex idx, ScriptIndex.Call c, int hops) {
    if (!visited.add(idx.path() + ":" + c.start())) {
      return;
    }
    String text = idx.text();
    String call = text.substring(c.start(), c.end());
    int before = c.start();
    while (before > 0 && Character.isWhitespace(text.charAt(before - 1))) {
      before--;
    }
    int headStart = Math.max(0, before - 200);
    String head = text.substring(headStart, before);
    if (head.endsWith("await")) {
      head = head.substring(0, head.length() - 5).stripTrailing();
    }
    int after = c.end();
    while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
      after++;
    }
    boolean whole = after >= text.length() || ";,)\n\r}".indexOf(text.charAt(after)) >= 0;
    if (!literal && (text.startsWith(".", after) || text.startsWith("?.", after))) {
      add(idx, lineOf(text, after), call + text.substring(after, lineEnd(text, after)).strip(),
          "uses a member of the result of " + call.strip());
      return;
    }
    if (!whole) {
      return;
    }
    if (head.endsWith("return") && !literal && hops < 2) {
      ScriptIndex.Func f = returning(idx, c.start());
      if (f != null) {
        for (ScriptIndex file : files.values()) {
          for (ScriptIndex.Call d : callsOf(file, f)) {
            result(file, d, hops + 1);
          }
        }
      } else {
        String member = returningMember(text, c.start());
        if (member != null && soleMember(member)) {
          for (ScriptIndex file : files.values()) {
            if (file.python()) {
              continue;
            }
            for (ScriptIndex.Call d : file.calls()) {
              if (member.equals(d.name()) && d.receiver() != null && !d.isNew() && !d.superCall()) {
                result(file, d, hops + 1);
              }
            }
          }
        }
      }
      return;
    }
    if (!head.endsWith("=") || head.endsWith("==") || head.endsWith("=>") || head.endsWith("!=")
        || head.endsWith("<=") || head.endsWith(">=")) {
      return;
    }
    TsFacts.Binding bound = binding(idx, c.start());
    String name;
    String type;
    int declared;
    if (bound != null) {
      name = bound.name();
      type = bound.type().strip();
      declared = bound.scopeStart();
    } else {
      Matcher u = USING.matcher(head);
      if (!u.find()) {
        return;
      }
      name = u.group(1);
      type = "";
      declared = headStart + u.start(1);
    }
    if (!type.isEmpty()) {
      List<String> members = TsTypeText.unionMembers(type);
      if (literal && !members.contains("any") && !members.contains("unknown")) {
        add(idx, lineOf(text, declared), text.substring(declared, lineEnd(text, declared)).strip(),
            "declares " + name + " with a type the result no longer has (its members lost their literal types)");
      }
      return;
    }
    int scopeEnd = bound != null ? bound.scopeEnd() : enclosingEnd(text, declared);
    uses(idx, name, declared, scopeEnd, false);
    boolean exported = text.substring(lineStartOf(text, declared), declared).matches("(?s)\\s*export\\s.*");
    if (exported) {
      for (ScriptIndex file : files.values()) {
        if (file.path().equals(idx.path()) || file.python()) {
          continue;
        }
        ScriptModules mods = new ScriptModules(file, idx.path(), name);
        TsModules.extend(mods, file, idx.path(), name, paths);
        for (String local : mods.symbols) {
          uses(file, local, 0, file.text().length(), true);
        }
      }
    }
  }

  private static final Pattern USING = Pattern.compile("(?:await\\s+)?using\\s+([\\w$]+)\\s*=$");

  /** A member whose value is a function without a declared result type: {@code name: () => {}, name() {}}. */
  private static final Pattern MEMBER_FN = Pattern.compile(
      "(?<![\\w$.])([\\w$]+)\\s*(?::\\s*(?:async\\s*)?\\([^()]*\\)\\s*=>|\\([^()]*\\))\\s*$");

  private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "function", "with",
      "return", "constructor");

  /**
   * The member whose function body returns the call at {@code at} as its own statement, when that
   * function states no result type: a property of an object literal ({@code getReaderResource: () =>
   * { .. return makeResource(..) }}) or a method; or null.
   */
  private static String returningMember(String text, int at) {
    int open = enclosingOpen(text, at);
    if (open < 0) {
      return null;
    }
    Matcher m = MEMBER_FN.matcher(text.substring(Math.max(0, open - 200), open));
    return m.find() && !KEYWORDS.contains(m.group(1)) ? m.group(1) : null;
  }

  /**
   * True when the workspace declares a member (or anything else) named {@code name} once only, so
   * that {@code x.name()} on a receiver of unknown type can only be that member.
   */
  private boolean soleMember(String name) {
    Pattern decl = Pattern.compile("(?<![\\w$.])" + Pattern.quote(name) + "\\s*\\??\\s*(?:[:(=<]|$)", Pattern.MULTILINE);
    int n = 0;
    for (ScriptIndex file : files.values()) {
      if (file.python()) {
        continue;
      }
      Matcher m = decl.matcher(file.text());
      while (m.find()) {
        if (++n > 1) {
          return false;
        }
      }
    }
    return n == 1;
  }

  /** The call of the file's index that a call dependent stands at, or null (no index, no such call). */
  static ScriptIndex.Call callOf(ScriptIndex idx, Dependent d) {
    return idx == null ? null : idx.calls().stream()
        .filter(x -> x.line() == d.line() && x.column() == d.column()).findFirst().orElse(null);
  }

  /**
   * Where the statement holding {@code at} begins: just after the nearest {@code ;}, {@code {} or
   * {@code }} before it that is not inside brackets opened after it, else 0.
   */
  static int statementStart(String text, int at) {
    int depth = 0;
    for (int i = at - 1; i >= 0; i--) {
      char ch = text.charAt(i);
      if (ch == ')' || ch == ']') {
        depth++;
      } else if (ch == '(' || ch == '[') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && (ch == ';' || ch == '{' || ch == '}')) {
        return i + 1;
      }
    }
    return 0;
  }

  /**
   * When the use at {@code at} is in the right-hand side of an assignment to a variable declared with
   * a type that admits {@code null} or {@code undefined} ({@code let result: null | X; .. result =
   * await f(timer.start())}), tsc no longer narrows the variable by the assignment once the use is
   * rejected: the variable's member accesses after it in the same block, up to its next assignment
   * or a test of it, are reported too ("possibly 'null'").
   */
  private void assignedFrom(ScriptIndex idx, int at) {
    String text = idx.text();
    int s = statementStart(text, at);
    Matcher a = Pattern.compile("^\\s*([\\w$]+)\\s*=(?![=>])").matcher(text.substring(s, Math.min(text.length(), at)));
    if (!a.find()) {
      return;
    }
    String name = a.group(1);
    Matcher d = Pattern.compile("\\b(?:let|var)\\s+" + Pattern.quote(name) + "\\s*:([^;=]*)").matcher(text.substring(0, s));
    String type = null;
    while (d.find()) {
      type = d.group(1);
    }
    if (type == null || !Pattern.compile("(?<![\\w$])(?:null|undefined)(?![\\w$])").matcher(type).find()) {
      return;
    }
    int end = at;
    int depth = 0;
    for (; end < text.length(); end++) {
      char ch = text.charAt(end);
      if (ch == '(' || ch == '[' || ch == '{') {
        depth++;
      } else if (ch == ')' || ch == ']' || ch == '}') {
        if (--depth < 0) {
          break;
        }
      } else if (depth == 0 && (ch == ';' || ch == '\n')) {
        break;
      }
    }
    int blockEnd = enclosingEnd(text, s);
    Matcher stop = Pattern.compile("(?<![\\w$.])" + Pattern.quote(name) + "\\s*(?:=(?![=>])|[!=]==?\\s*(?:null|undefined)"
        + "|&&|\\?\\?|\\?\\.)|!\\s*" + Pattern.quote(name) + "(?![\\w$])").matcher(text);
    stop.region(end, blockEnd);
    int limit = stop.find() ? stop.start() : blockEnd;
    for (ScriptIndex.Ref r : idx.refs()) {
      if (name.equals(r.receiver()) && "use".equals(r.role()) && r.start() > end && r.start() < limit) {
        add(idx, r.line(), r.text(), "reads " + name + "." + r.name() + " after " + name + " was assigned from it: the"
            + " assignment no longer narrows " + name + ", whose declared type admits null");
      }
    }
    for (ScriptIndex.Call c : idx.calls()) {
      if (name.equals(c.receiver()) && c.start() > end && c.start() < limit) {
        add(idx, c.line(), c.text(), "calls " + name + "." + c.name() + "(..) after " + name + " was assigned from it:"
            + " the assignment no longer narrows " + name + ", whose declared type admits null");
      }
    }
  }

  /** The uses of the variable {@code name} (bound to the changed result) in {@code [from, to]}. */
  private void uses(ScriptIndex idx, String name, int from, int to, boolean imported) {
    String text = idx.text();
    if (!literal) {
      for (ScriptIndex.Ref r : idx.refs()) {
        if (name.equals(r.receiver()) && "use".equals(r.role()) && r.start() > from && r.start() <= to
            && !(imported && TsTypes.localBinding(idx, name, r.start()))) {
          add(idx, r.line(), r.text(), "uses " + name + "." + r.name() + " of the result");
          assignedFrom(idx, r.start());
        }
      }
      for (ScriptIndex.Call c : idx.calls()) {
        if (name.equals(c.receiver()) && c.start() > from && c.start() <= to
            && !(imported && TsTypes.localBinding(idx, name, c.start()))) {
          add(idx, c.line(), c.text(), "calls " + name + "." + c.name() + "(..) on the result");
          assignedFrom(idx, c.start());
        }
      }
      return;
    }
    for (ScriptIndex.Ref r : idx.refs()) {
      if (!name.equals(r.receiver()) || !"use".equals(r.role()) || r.start() <= from || r.start() > to) {
        continue;
      }
      caseClause(idx, r, name);
    }
    discriminated(idx, name);
  }

  /**
   * For object types whose discriminant is one of the result's members ({@code code: typeof
   * ZodIssueCode.invalid_union}): every such discriminant is now a plain string, so a test of it
   * against one member's value ({@code if (issue.code === "invalid_union") { .. }}) no longer
   * narrows; the block's reads of the tested object's other members are reported (in the file that
   * states the types).
   */
  private void discriminated(ScriptIndex idx, String name) {
    String text = idx.text();
    Matcher d = Pattern.compile("([\\w$]+)\\s*\\??\\s*:\\s*typeof\\s+" + Pattern.quote(name) + "\\s*\\.\\s*([\\w$]+)")
        .matcher(text);
    Set<String> props = new HashSet<>();
    Set<String> values = new HashSet<>();
    while (d.find()) {
      props.add(d.group(1));
      values.add(d.group(2));
    }
    if (props.isEmpty()) {
      return;
    }
    Matcher t = Pattern.compile("\\bif\\s*\\(\\s*([\\w$]+)\\s*\\.\\s*([\\w$]+)\\s*===?\\s*(?:([\"'])([\\w$]+)\\3|"
        + Pattern.quote(name) + "\\s*\\.\\s*([\\w$]+))\\s*\\)\\s*\\{").matcher(text);
    while (t.find()) {
      String value = t.group(4) != null ? t.group(4) : t.group(5);
      if (!props.contains(t.group(2)) || !values.contains(value)) {
        continue;
      }
      String obj = t.group(1);
      int open = t.end() - 1;
      int close = closing(text, open);
      Matcher mm = Pattern.compile("(?<![\\w$.])" + Pattern.quote(obj) + "\\s*\\??\\.\\s*([\\w$]+)").matcher(text);
      mm.region(open, close);
      while (mm.find()) {
        if (!mm.group(1).equals(t.group(2))) {
          add(idx, lineOf(text, mm.start()), lineText(text, mm.start()), "reads " + obj + "." + mm.group(1) + " where "
              + obj + "." + t.group(2) + " was tested against " + value + ", which no longer narrows " + obj
              + " (its type's " + t.group(2) + " is typeof " + name + "." + value + ")");
        }
      }
    }
  }

  private static final Pattern SWITCH = Pattern.compile("switch\\s*\\(\\s*([\\w$]+)\\s*\\.\\s*([\\w$]+)\\s*\\)\\s*$");

  /**
   * For {@code case NAME.member:} in {@code switch (obj.prop) { .. }}: the lines of that clause that
   * read another member of {@code obj}, and the lines of the {@code default} clause that pass
   * {@code obj} on (its exhaustiveness check), which tsc rejects once the label is a plain string.
   */
  private void caseClause(ScriptIndex idx, ScriptIndex.Ref r, String name) {
    String text = idx.text();
    int labelStart = text.lastIndexOf(name, r.start());
    if (labelStart < 0 || !text.substring(Math.max(0, labelStart - 20), labelStart).matches("(?s).*\\bcase\\s+$")) {
      return;
    }
    int colon = r.end();
    while (colon < text.length() && Character.isWhitespace(text.charAt(colon))) {
      colon++;
    }
    if (colon >= text.length() || text.charAt(colon) != ':') {
      return;
    }
    int open = enclosingOpen(text, labelStart); // the switch's body
    if (open < 0) {
      return;
    }
    Matcher sw = SWITCH.matcher(text.substring(Math.max(0, open - 200), open));
    if (!sw.find()) {
      return;
    }
    String obj = sw.group(1);
    String prop = sw.group(2);
    int end = clauseEnd(text, colon + 1);
    Pattern member = Pattern.compile("(?<![\\w$.])" + Pattern.quote(obj) + "\\s*\\??\\.\\s*([\\w$]+)");
    Matcher mm = member.matcher(text);
    mm.region(colon + 1, end);
    while (mm.find()) {
      if (!mm.group(1).equals(prop)) {
        add(idx, lineOf(text, mm.start()), lineText(text, mm.start()), "reads " + obj + "." + mm.group(1)
            + " in the clause of case " + name + "." + r.name() + ", which no longer narrows " + obj);
      }
    }
    // the default clause of the same switch
    int close = closing(text, open);
    Matcher def = Pattern.compile("\\bdefault\\s*:").matcher(text);
    def.region(open, close);
    while (def.find()) {
      if (depthBetween(text, open + 1, def.start()) != 0) {
        continue;
      }
      int dEnd = clauseEnd(text, def.end());
      Matcher pass = Pattern.compile("[(,]\\s*" + Pattern.quote(obj) + "\\s*[),]").matcher(text);
      pass.region(def.end(), dEnd);
      while (pass.find()) {
        add(idx, lineOf(text, pass.start()), lineText(text, pass.start()), "passes " + obj + " in the default clause"
            + " of a switch whose case labels (" + name + "." + r.name() + ", ..) no longer narrow it");
      }
    }
  }

  /** The innermost {@code {} before {@code at} that is not closed before it, or -1. */
  static int enclosingOpen(String text, int at) {
    int depth = 0;
    for (int i = at - 1; i >= 0; i--) {
      char ch = text.charAt(i);
      if (ch == '}') {
        depth++;
      } else if (ch == '{') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  /** The end of a switch clause starting at {@code from}: the next case or default at its level, or the switch's end. */
  private static int clauseEnd(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '{') {
        depth++;
      } else if (ch == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (depth == 0 && (text.startsWith("case", i) || text.startsWith("default", i))
          && (i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1)))
          && i + 4 < text.length() && !Character.isJavaIdentifierPart(text.charAt(i + (text.startsWith("case", i) ? 4 : 7)))) {
        return i;
      }
    }
    return text.length();
  }

  static int closing(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '{') {
        depth++;
      } else if (ch == '}' && --depth == 0) {
        return i;
      }
    }
    return text.length();
  }

  static int depthBetween(String text, int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      char ch = text.charAt(i);
      depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
    }
    return depth;
  }

  /** The variable whose initializer is the call at {@code at}: the nearest declaration before it. */
  static TsFacts.Binding binding(ScriptIndex idx, int at) {
    if (idx.facts() == null) {
      return null;
    }
    TsFacts.Binding best = null;
    for (TsFacts.Binding b : idx.facts().bindings()) {
      if (b.scopeStart() < at && (best == null || b.scopeStart() > best.scopeStart()) && !b.init().isEmpty()) {
        best = b;
      }
    }
    if (best == null) {
      return null;
    }
    String between = idx.text().substring(best.scopeStart(), at);
    boolean direct = best.type().isEmpty() ? between.matches("(?s)[\\w$]+\\s*=\\s*(?:await\\s+)?")
        : between.matches("(?s)[\\w$]+\\s*:.*=\\s*(?:await\\s+)?") && between.startsWith(best.name());
    return direct && between.startsWith(best.name()) ? best : null;
  }

  /**
   * The function without a declared result type whose body returns the call at {@code at} as its
   * own statement (not from a function nested in it), or null.
   */
  private static ScriptIndex.Func returning(ScriptIndex idx, int at) {
    ScriptIndex.Func best = null;
    for (ScriptIndex.Func f : idx.functions()) {
      if (f.bodyOpen() >= 0 && f.bodyOpen() < at && at < f.bodyEnd()
          && (best == null || f.bodyOpen() > best.bodyOpen())) {
        best = f;
      }
    }
    if (best == null || !best.signature().returnType().isEmpty()
        || best.signature().kind() != FunctionSignature.Kind.FUNCTION || !best.signature().container().isEmpty()
        || depthBetween(idx.text(), best.bodyOpen(), at) != 1) {
      return null;
    }
    return best;
  }

  /** The calls of the top-level function {@code f} in {@code file}: by its name there, or as imported. */
  private List<ScriptIndex.Call> callsOf(ScriptIndex file, ScriptIndex.Func f) {
    String declPath = f.signature().path();
    String name = f.signature().name();
    Set<String> locals = new HashSet<>();
    if (file.path().equals(declPath)) {
      locals.add(name);
    } else if (!file.python()) {
      ScriptModules mods = new ScriptModules(file, declPath, name);
      TsModules.extend(mods, file, declPath, name, paths);
      locals.addAll(mods.symbols);
    }
    List<ScriptIndex.Call> out = new ArrayList<>();
    for (ScriptIndex.Call c : file.calls()) {
      if (c.receiver() == null && !c.isNew() && locals.contains(c.name())
          && !TsTypes.localBinding(file, c.name(), c.start())) {
        out.add(c);
      }
    }
    return out;
  }

  private void add(ScriptIndex idx, int line, String text, String what) {
    String key = idx.path() + ":" + line;
    if (out.containsKey(key)) {
      return;
    }
    FunctionSignature b = change.before();
    String reason = "uses the result of " + b.qualifiedName() + "(..); " + what + (constraint == null
        ? ": the result's type came from the removed parameter " + removed + ", so this use may no longer type-check;"
        + " no edit can restore it here (pass the value another way, or state the result's type at the call)"
        : ": the moved parameter " + removed + " no longer receives the argument that stated its type, so tsc falls"
        + " back to the constraint " + constraint + " and the result no longer fits; the call's own edit fixes it");
    out.put(key, new Dependent(idx.path(), line, 1, text, DependentKind.RESULT_USE, reason, 0.9, true, null));
  }

  static int lineOf(String text, int at) {
    int line = 1;
    for (int i = 0; i < at && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int lineStartOf(String text, int at) {
    int s = text.lastIndexOf('\n', Math.max(0, at - 1));
    return s < 0 ? 0 : s + 1;
  }

  private static int lineEnd(String text, int at) {
    int e = text.indexOf('\n', at);
    return e < 0 ? text.length() : e;
  }

  static String lineText(String text, int at) {
    return text.substring(lineStartOf(text, at), lineEnd(text, at)).strip();
  }

  /** The end of the block that encloses {@code at}. */
  private static int enclosingEnd(String text, int at) {
    int depth = 0;
    for (int i = at; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '{') {
        depth++;
      } else if (ch == '}' && --depth < 0) {
        return i;
      }
    }
    return text.length();
  }

}
