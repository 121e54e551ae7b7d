package dev.coclone.signature.internal;

import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.SignatureChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JavaScript/TypeScript rules of {@link ScriptSupport}, with the types the source states
 * ({@link TsTypes}):
 * <ul>
 * <li>a method call whose receiver's type is known depends on the changed method only when that
 * type is its class or a subclass that does not override it; when the type is unknown and another
 * type of the workspace (or of the language: {@code find}, {@code get}, {@code then}) has a method
 * of that name, the call is reported as unsure, without an edit;</li>
 * <li>TypeScript accepts an override with fewer parameters than its base method, so adding a
 * parameter does not break overriding declarations (a required one is not added to them: calls
 * through their class keep binding to them; an optional one is passed on); removing, reordering or
 * renaming does;</li>
 * <li>a changed method that overrides or implements a method of a base class or interface of the
 * workspace is reported at its own declaration when tsc will reject it there (it now needs more
 * arguments than the base method takes, or its parameters moved);</li>
 * <li>TypeScript overload signatures of the changed function are edited with its implementation,
 * position by position where their parameter lists differ ({@link TsOverloads}).</li>
 * </ul>
 */
final class TsDependents {
  /** Method names of the language's own types: a call on an unknown receiver is probably one of them. */
  static final Set<String> COMMON = Set.of("find", "filter", "map", "forEach", "push", "pop", "shift", "unshift",
      "slice", "splice", "concat", "join", "indexOf", "includes", "some", "every", "reduce", "sort", "reverse",
      "get", "set", "has", "delete", "clear", "add", "keys", "values", "entries", "then", "catch", "finally",
      "call", "apply", "bind", "toString", "valueOf", "next", "return", "throw", "resolve", "reject", "emit", "on",
      "off", "once", "addEventListener", "removeEventListener", "dispatchEvent", "match", "replace", "split", "trim",
      "startsWith", "endsWith", "fill", "flat", "flatMap", "findIndex", "at", "assign", "log", "warn", "error",
      "info", "debug", "abort", "test", "exec", "charAt", "substring", "toLowerCase", "toUpperCase", "getTime");

  /** What a method call on a receiver that is not {@code this} is. */
  enum Verdict {
    /** The receiver's type is the class (or a subclass that inherits the method). */
    TYPED,
    /** The receiver's type is a subclass whose own override the call reaches. */
    THROUGH_OVERRIDE,
    /** Another type's method. */
    OTHER,
    /** The receiver's type is unknown and other types have a method of that name. */
    UNSURE,
    /** The receiver's type is unknown, and only the changed class's hierarchy has such a method. */
    BY_NAME
  }

  private final TsTypes types;
  /** The changed method's class, or null. */
  private final TsFacts.TypeDecl changed;

  /** The rules for a change of a method of {@code className} (or of a function, with ""). */
  TsDependents(TsTypes types, String className) {
    this.types = types;
    this.changed = className.isEmpty() ? null : types.type(className);
  }

  /**
   * True when the class name {@code className}, written at {@code at} in {@code file} (a receiver's
   * type, or the class a {@code this} call sits in), means the changed method's class: not another
   * class of the same simple name declared in another function ({@code class Point} in
   * {@code edwards()} and in {@code weierstrass()}).
   */
  boolean changedClass(ScriptIndex file, int at, String className) {
    TsFacts.TypeDecl d = types.visible(file, at, className);
    return changed == null || d == null && !changed.local() || d == changed;
  }

  /** Classifies {@code recv.name(...)} for a change of {@code className.name}. */
  Verdict methodCall(ScriptIndex file, ScriptIndex.Call c, String className, Set<String> subclasses) {
    // tsc checks a call on a union against every member's method: one member of the hierarchy is enough
    List<String> members = TsTypes.memberNames(types.receiverType(file, c));
    boolean through = false;
    for (String type : members) {
      if (type.equals(className) && changedClass(file, c.start(), className)) {
        return Verdict.TYPED;
      }
      if (type.equals(className)) {
        return Verdict.OTHER;
      }
      if (subclasses.contains(type)) {
        if (types.declarer(type, c.name()).equals(className)) {
          return Verdict.TYPED;
        }
        through = true;
      }
    }
    if (through) {
      return Verdict.THROUGH_OVERRIDE;
    }
    for (String type : members) {
      // a type made of several (an intersection alias of mixin traits, an interface extending
      // several, a class merged with an interface of its name) whose member is the changed class's
      Set<String> from = type.equals(className) || subclasses.contains(type) ? Set.of()
          : types.declarers(type, c.name());
      if (from.contains(className) && changedClass(file, c.start(), className)) {
        return from.size() == 1 ? Verdict.TYPED : Verdict.UNSURE;
      }
    }
    if (!members.isEmpty() && members.stream().allMatch(types::known)) {
      return Verdict.OTHER;
    }
    Set<String> others = types.declaring(c.name(), changed);
    others.removeAll(subclasses);
    others.removeAll(ancestors(className));
    return others.isEmpty() && !COMMON.contains(c.name()) ? Verdict.BY_NAME : Verdict.UNSURE;
  }

  /**
   * True when a member {@code name} reached from {@code fromClass} ({@code this.name(...)} in it, or
   * its {@code super.name(...)} / its own override through its base) binds to an override between
   * it and the changed class {@code className}, not to the changed method: the call or override
   * follows that override, which changes only when it is edited too.
   */
  boolean throughOverride(String fromClass, String name, String className) {
    String declarer = types.declarer(fromClass, name);
    return !declarer.isEmpty() && !declarer.equals(className);
  }

  /**
   * For {@code this.m} between {@code refStart} and {@code refEnd} that is the whole right side of an
   * assignment statement ({@code this.cstPostRule = this.cstPostRuleFull;}), the assigned expression
   * ({@code this.cstPostRule}); else null.
   */
  static String assignedTarget(String text, int refStart, int refEnd) {
    int s = refStart - "this.".length();
    if (s < 0 || !text.startsWith("this.", s)) {
      return null;
    }
    int i = s - 1;
    while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i--;
    }
    if (i < 1 || text.charAt(i) != '=' || "=!<>+-*/%&|^?".indexOf(text.charAt(i - 1)) >= 0) {
      return null;
    }
    int e = refEnd;
    while (e < text.length() && (text.charAt(e) == ' ' || text.charAt(e) == '\t')) {
      e++;
    }
    if (e < text.length() && text.charAt(e) != ';' && text.charAt(e) != '\n' && text.charAt(e) != '\r') {
      return null;
    }
    String target = text.substring(text.lastIndexOf('\n', i) + 1, i).strip();
    return target.matches("[\\w$#]+(\\.[\\w$#]+)*") ? target : null;
  }

  /**
   * The number of parameters ({@code this:} aside) of the function type the source states for
   * {@code expression} ({@code cstPostRule: (this: P, node: CstNode) => void} is 1); -1 when it
   * states no function type, {@link Integer#MAX_VALUE} for a rest parameter.
   */
  int statedFunctionArity(ScriptIndex file, String expression, int at, String cls) {
    return functionTypeArity(types.typeOf(file, expression, at, cls));
  }

  /**
   * The number of parameters ({@code this:} aside) of a function type as written, with or without type
   * parameters ({@code <A>(self: Doc<A>) => Doc<A>} is 1); -1 when it is no function type,
   * {@link Integer#MAX_VALUE} for a rest parameter.
   */
  static int functionTypeArity(String type) {
    String t = type.strip();
    if (t.startsWith("<")) {
      int depth = 0;
      int end = -1;
      for (int i = 0; i < t.length() && end < 0; i++) {
        char ch = t.charAt(i);
        if (ch == '<' || ch == '(' || ch == '[' || ch == '{') {
          depth++;
        } else if (ch == ')' || ch == ']' || ch == '}' || ch == '>' && t.charAt(i - 1) != '=') {
          depth--;
          if (depth == 0 && ch == '>') {
            end = i;
          }
        }
      }
      t = end < 0 ? "" : t.substring(end + 1).strip();
    }
    if (!t.startsWith("(")) {
      return -1;
    }
    int depth = 0;
    int close = -1;
    for (int i = 0; i < t.length() && close < 0; i++) {
      char ch = t.charAt(i);
      if ("(<[{".indexOf(ch) >= 0) {
        depth++;
      } else if (")]}".indexOf(ch) >= 0 || ch == '>' && t.charAt(i - 1) != '=') {
        depth--;
        if (depth == 0 && ch == ')') {
          close = i;
        }
      }
    }
    if (close < 0 || !t.substring(close + 1).strip().startsWith("=>")) {
      return -1;
    }
    int n = 0;
    for (String p : TsTypeText.arguments(t.substring(0, close + 1))) {
      String x = p.strip();
      if (x.startsWith("...")) {
        return Integer.MAX_VALUE;
      }
      if (!x.isEmpty() && !x.matches("this\\s*:.*")) {
        n++;
      }
    }
    return n;
  }

  /**
   * The declaration whose whole initializer is the reference ending at {@code refEnd} that starts at
   * {@code exprStart} and which states its type ({@code export const isEmpty: <A>(self: Doc<A>) =>
   * boolean = internal.isEmpty}); else null.
   */
  static TsFacts.Binding statedDeclaration(ScriptIndex file, int exprStart, int refEnd) {
    if (file.facts() == null || exprStart < 0) {
      return null;
    }
    String text = file.text();
    String expr = text.substring(exprStart, refEnd);
    TsFacts.Binding last = null;
    for (TsFacts.Binding b : file.facts().bindings()) {
      if (b.scopeStart() < exprStart && text.startsWith(b.name(), b.scopeStart())
          && (last == null || b.scopeStart() > last.scopeStart())) {
        last = b; // the declaration the reference is in, if any: the last one that starts before it
      }
    }
    if (last == null || last.type().isEmpty() || !last.init().strip().equals(expr)) {
      return null;
    }
    String head = text.substring(last.scopeStart(), exprStart).strip();
    return head.endsWith("=") && !head.endsWith("==") && !head.endsWith("=>") ? last : null;
  }

  /**
   * True when the file declares a variable {@code name} outside any function ({@code export const char
   * = dual(..)}, any initializer): its calls of {@code name} call that one.
   */
  static boolean ownVariable(ScriptIndex file, String name) {
    if (file.facts() == null) {
      return false;
    }
    String text = file.text();
    for (TsFacts.Binding b : file.facts().bindings()) {
      if (!b.name().equals(name) || b.scopeEnd() < text.length() || !text.startsWith(name, b.scopeStart())) {
        continue;
      }
      int i = b.scopeStart() - 1;
      while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
        i--;
      }
      String before = text.substring(Math.max(0, i - 4), i + 1);
      if (before.endsWith(",") || before.matches("(?s).*\\b(const|let|var)")) {
        return true;
      }
    }
    return false;
  }

  /** The class a class extends, or "" (its {@code super} calls bind there). */
  String base(String className) {
    TsFacts.TypeDecl d = types.type(className);
    return d == null || d.isInterface() || d.bases().isEmpty() ? "" : d.bases().get(0);
  }

  /**
   * A variable bound to the changed function: {@code const f = fn}, or {@code const f = c ? fn : other}
   * ({@code conditional}: its calls may reach the other function too).
   *
   * @param name        the variable
   * @param scopeStart  where it is visible from
   * @param scopeEnd    where it stops being visible
   * @param conditional true when it may also be another function
   * @param init        its initializer as written
   */
  record Alias(String name, int scopeStart, int scopeEnd, boolean conditional, String init) {}

  /** The variables of {@code file} bound to one of {@code names} (the local names of the changed function). */
  static List<Alias> aliases(ScriptIndex file, Set<String> names) {
    List<Alias> out = new ArrayList<>();
    if (file.facts() == null || names.isEmpty()) {
      return out;
    }
    for (TsFacts.Binding b : file.facts().bindings()) {
      String init = b.init().strip();
      if (names.contains(b.name()) || init.isEmpty()) {
        continue;
      }
      if (names.contains(init)) {
        out.add(new Alias(b.name(), b.scopeStart(), b.scopeEnd(), false, init));
        continue;
      }
      Matcher m = CONDITIONAL.matcher(init);
      if (m.matches() && (names.contains(m.group(1)) || names.contains(m.group(2)))) {
        out.add(new Alias(b.name(), b.scopeStart(), b.scopeEnd(), true, init));
      }
    }
    return out;
  }

  private static final Pattern CONDITIONAL = Pattern.compile(
      "[^?:]+\\?\\s*([\\w$]+)\\s*:\\s*([\\w$]+)");

  /** The alias a call {@code f(...)} goes through, or null. */
  static Alias alias(List<Alias> aliases, ScriptIndex.Call c) {
    if (c.receiver() != null || c.isNew()) {
      return null;
    }
    Alias best = null;
    for (Alias a : aliases) {
      if (a.name().equals(c.name()) && a.scopeStart() <= c.start() && c.start() <= a.scopeEnd()
          && (best == null || a.scopeStart() >= best.scopeStart())) {
        best = a;
      }
    }
    return best;
  }

  /**
   * For an optional parameter made required: the argument a call passes there whose type, as the
   * source states it, admits {@code undefined} where the parameter's new type does not (the caller's
   * own optional parameter, {@code options?: T}; {@code undefined} itself), or null. tsc rejects such a
   * call.
   */
  ScriptIndex.Arg undefinedArgument(ScriptIndex file, ScriptIndex.Call c, SignatureChange change) {
    if (!change.is(ChangeKind.PARAMETER_REQUIRED) || change.after() == null) {
      return null;
    }
    List<ScriptIndex.Arg> positional = c.args().stream().filter(ScriptIndex.Arg::positional).toList();
    List<Integer> map = change.argumentMap();
    for (int j = 0; j < map.size() && j < change.after().parameters().size(); j++) {
      int m = map.get(j);
      var now = change.after().parameters().get(j);
      if (m < 0 || m >= positional.size() || now.optional() || !change.before().parameters().get(m).optional()
          || TsTypeText.admitsUndefined(now.type())) {
        continue;
      }
      ScriptIndex.Arg a = positional.get(m);
      String text = file.text().substring(a.start(), a.end()).strip();
      String type = text.equals("undefined") ? text : types.typeOf(file, text, c.start(), c.enclosingClass());
      if (!type.isEmpty() && TsTypeText.admitsUndefined(type) && !type.strip().equals("any")
          && !type.strip().equals("unknown")) {
        return a;
      }
    }
    return null;
  }

  /**
   * For parameters reordered: true when tsc accepts the call as it stands, every moved argument's
   * stated type and the declared type of the parameter it now lands on both being workspace object
   * types with only optional members that share a member of one type ({@code finalizeIssue(iss, ctx,
   * core.config())} with {@code ctx: ParseContextInternal} and {@code config: $ZodConfig}, which
   * share {@code jitless?: boolean}): tsc lets one such weak type stand for the other. An argument
   * that may be undefined where the parameter does not admit it is rejected.
   */
  boolean reorderAccepted(ScriptIndex file, ScriptIndex.Call c, SignatureChange change) {
    if (!change.is(ChangeKind.PARAMETERS_REORDERED) || change.after() == null) {
      return false;
    }
    List<ScriptIndex.Arg> positional = c.args().stream().filter(ScriptIndex.Arg::positional).toList();
    List<Integer> map = change.argumentMap();
    boolean moved = false;
    for (int j = 0; j < map.size() && j < change.after().parameters().size(); j++) {
      int m = map.get(j);
      if (m == j || m < 0 || j >= positional.size()) {
        continue;
      }
      // the call as it stands passes its j-th argument to the parameter now at j
      moved = true;
      ScriptIndex.Arg a = positional.get(j);
      String arg = types.typeOf(file, file.text().substring(a.start(), a.end()), c.start(), c.enclosingClass());
      String param = change.after().parameters().get(j).type();
      if (arg.isEmpty() || TsTypeText.admitsUndefined(arg) && !TsTypeText.admitsUndefined(param)) {
        return false;
      }
      boolean fits = false;
      for (Map<String, String> from : types.weakMembers(arg, file.path())) {
        for (Map<String, String> to : types.weakMembers(param, change.before().path())) {
          fits |= weaklyAssignable(from, to);
        }
      }
      if (!fits) {
        return false;
      }
    }
    return moved;
  }

  /**
   * True when tsc accepts the call as it stands although some of its arguments now land on other
   * parameters than the ones they were written for: it passes plain arguments only, as many as the
   * new list takes, and every such argument is typed {@code any} as the source states it (a
   * parameter or variable declared {@code any}, {@code x as any}, a call of a function that states
   * {@code any}) or lands on a parameter declared {@code any} ({@code die(10, value)} with
   * {@code value: any} after a {@code number} was added before {@code ...args: any[]};
   * {@code shallowCopy(value, true)} after {@code base: any} and {@code strict} were swapped). tsc
   * takes {@code any} for every parameter type, and every argument for an {@code any} parameter,
   * but not a wrong count of arguments.
   */
  boolean anyAccepted(ScriptIndex file, ScriptIndex.Call c, SignatureChange change) {
    if (change.after() == null || !(change.is(ChangeKind.PARAMETER_ADDED) || change.is(ChangeKind.PARAMETER_REMOVED)
        || change.is(ChangeKind.PARAMETERS_REORDERED))) {
      return false;
    }
    List<ScriptIndex.Arg> args = c.args();
    if (args.stream().anyMatch(a -> !a.positional())) {
      return false;
    }
    var before = change.before().parameters();
    var after = change.after().parameters();
    int n = args.size();
    if (after.isEmpty() || before.isEmpty() || n < change.after().minArity() || n > change.after().maxArity()
        || n < change.before().minArity() || n > change.before().maxArity()) {
      return false;
    }
    List<Integer> map = change.argumentMap();
    boolean moved = false;
    for (int j = 0; j < n; j++) {
      int now = Math.min(j, after.size() - 1);
      int was = Math.min(j, before.size() - 1);
      if (now < map.size() && map.get(now) == was) {
        continue;
      }
      moved = true;
      var p = after.get(now);
      String param = TsTypeText.normalized(p.type());
      if (types.isAny(param) || p.variadic() && (param.equals("any[]") || param.equals("Array<any>"))) {
        continue;
      }
      ScriptIndex.Arg a = args.get(j);
      String arg = types.typeOf(file, file.text().substring(a.start(), a.end()), c.start(), c.enclosingClass());
      if (!types.isAny(arg)) {
        return false;
      }
    }
    return moved;
  }

  /**
   * True when tsc accepts a call as it stands after parameters were reordered that are typed with one
   * type parameter of the function, {@code | undefined | null} aside ({@code mergeOpts<T>(originalOpts:
   * T | undefined | null, overrides: T)} with the two swapped: tsc infers {@code T} from both arguments
   * either way): plain arguments only, as many as before, none of them {@code undefined} or
   * {@code null} written out.
   */
  static boolean typeParameterSwap(ScriptIndex file, ScriptIndex.Call c, SignatureChange change) {
    if (change.after() == null || change.kinds().size() != 1 || !change.is(ChangeKind.PARAMETERS_REORDERED)) {
      return false;
    }
    Set<String> typeParams = typeParameters(change.after().text(), change.after().name());
    if (typeParams.isEmpty() || c.args().stream().anyMatch(a -> !a.positional())) {
      return false;
    }
    var before = change.before().parameters();
    var after = change.after().parameters();
    List<Integer> map = change.argumentMap();
    boolean moved = false;
    for (int j = 0; j < c.args().size() && j < after.size(); j++) {
      if (map.get(j) == j) {
        continue;
      }
      moved = true;
      String now = bare(after.get(j).type());
      String was = map.get(j) < 0 ? "" : bare(before.get(map.get(j)).type());
      String arg = file.text().substring(c.args().get(j).start(), c.args().get(j).end()).strip();
      if (!typeParams.contains(now) || !now.equals(was) || arg.equals("undefined") || arg.equals("null")) {
        return false;
      }
    }
    return moved;
  }

  /** A type without {@code | undefined} and {@code | null}. */
  private static String bare(String type) {
    List<String> members = new ArrayList<>(TsTypeText.unionMembers(TsTypeText.normalized(type)));
    members.removeIf(m -> m.equals("undefined") || m.equals("null"));
    return members.size() == 1 ? members.get(0) : "";
  }

  /** The names of the type parameters a declaration's text gives {@code name<T, U extends X = Y>(..)}. */
  private static Set<String> typeParameters(String text, String name) {
    Set<String> out = new HashSet<>();
    Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*<").matcher(text);
    if (!m.find()) {
      return out;
    }
    int depth = 1;
    int from = m.end();
    for (int i = m.end(); i < text.length() && depth > 0; i++) {
      char ch = text.charAt(i);
      if (ch == '<' || ch == '(' || ch == '[' || ch == '{') {
        depth++;
      } else if ((ch == '>' && text.charAt(i - 1) != '=') || ch == ')' || ch == ']' || ch == '}') {
        depth--;
      }
      if (depth == 0 || ch == ',' && depth == 1) {
        Matcher id = Pattern.compile("\\s*(?:const\\s+)?([A-Za-z_$][\\w$]*)").matcher(text.substring(from, i));
        if (id.lookingAt()) {
          out.add(id.group(1));
        }
        from = i + 1;
      }
    }
    return out;
  }

  /** True when the members share one and every shared member has one type in both. */
  private static boolean weaklyAssignable(Map<String, String> from, Map<String, String> to) {
    boolean shared = false;
    for (Map.Entry<String, String> e : to.entrySet()) {
      String other = from.get(e.getKey());
      if (other != null) {
        if (!other.equals(e.getValue())) {
          return false;
        }
        shared = true;
      }
    }
    return shared;
  }

  /** True when tsc rejects an overriding declaration after the change (not for an added parameter). */
  static boolean overrideBreaks(SignatureChange change) {
    return change.after() == null || change.is(ChangeKind.RENAMED) || change.is(ChangeKind.PARAMETER_REMOVED)
        || change.is(ChangeKind.PARAMETERS_REORDERED);
  }

  /**
   * True when overriding declarations get an edit: not for a required parameter added (TypeScript
   * lets them leave it out, and calls through their class would then need it too); an added
   * optional parameter is passed on.
   */
  static boolean editOverrides(SignatureChange change) {
    if (overrideBreaks(change) || !change.is(ChangeKind.PARAMETER_ADDED)) {
      return true;
    }
    for (int i = 0; i < change.argumentMap().size(); i++) {
      if (change.argumentMap().get(i) < 0 && !change.after().parameters().get(i).optional()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The base classes and interfaces of the workspace (and the platform's, {@link TsPlatform}: only
   * for too many required parameters, or one now typed otherwise where the platform's passes one)
   * whose method the changed one overrides and whose contract tsc will enforce against the new
   * signature, nearest first: every one up the hierarchy, since tsc checks the class against each
   * ({@code SHA2_64B.destroy} against {@code HashMD.destroy}, and {@code _SHA512} against {@code Hash<T>} where a type parameter's
   * constraint {@code T extends Hash<T>} names it); empty for none.
   */
  List<String> brokenContracts(String className, SignatureChange change) {
    List<String> out = new ArrayList<>();
    if (change.after() == null) {
      return out;
    }
    Set<String> bases = ancestors(className);
    bases.addAll(structural(className, bases));
    for (String t : bases) {
      TsFacts.TypeDecl d = types.type(t);
      boolean platform = d == null && TsPlatform.known(t);
      Integer params = d != null ? d.methods().get(change.before().name())
          : platform ? TsPlatform.parameters(t, change.before().name()) : null;
      if (params == null) {
        continue;
      }
      boolean tooMany = change.after().minArity() > params;
      if (platform ? tooMany || !change.is(ChangeKind.RENAMED) && shifted(change, params)
          : tooMany || change.is(ChangeKind.PARAMETERS_REORDERED) || change.is(ChangeKind.RENAMED)
          || (change.is(ChangeKind.PARAMETER_REMOVED) || change.is(ChangeKind.PARAMETER_ADDED))
          && shifted(change, params)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * True when the contract {@code type} is the platform's ({@code Map}, {@code Set}, {@code Array},
   * ..., see {@link TsPlatform}), not a type the workspace declares.
   */
  boolean platformContract(String type) {
    return types.type(type) == null && TsPlatform.known(type);
  }

  /**
   * True when a parameter the base method passes now lands on a parameter of another declared type:
   * a parameter removed or added before others moves them ({@code precompute(windowSize?: number,
   * isLazy?: boolean)} without {@code windowSize} takes a {@code boolean} where the base passes a
   * {@code number}). The old signature, which fitted the base, stands in for its types.
   */
  static boolean shifted(SignatureChange change, int baseParams) {
    var before = change.before().parameters();
    var after = change.after().parameters();
    for (int k = 0; k < baseParams && k < before.size() && k < after.size(); k++) {
      String was = TsTypeText.normalized(before.get(k).type());
      String now = TsTypeText.normalized(after.get(k).type());
      if (!was.isEmpty() && !now.isEmpty() && !was.equals(now) && !now.matches("any|unknown")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The edit that lets a base method's contract admit the changed override: the added parameters,
   * optional, at the end of the base method's list ({@code onSubscribe()} becomes
   * {@code onSubscribe(force?: boolean)}; calls through the base type stay valid and the override
   * implements it again). Null when the change is not parameters added at the end, or the base
   * method's list is not the changed method's old one.
   */
  ScriptEdits.Sub contractEdit(ScriptIndex base, String type, SignatureChange change) {
    TsFacts.TypeDecl d = base.facts() == null ? null : base.facts().types().get(type);
    String name = change.before().name();
    if (d == null || !d.lists().containsKey(name) || change.after() == null || change.is(ChangeKind.PARAMETER_REMOVED)
        || change.is(ChangeKind.PARAMETERS_REORDERED) || change.is(ChangeKind.RENAMED)
        || d.methods().get(name) != change.before().parameters().size()) {
      return null;
    }
    List<Integer> map = change.argumentMap();
    StringBuilder added = new StringBuilder();
    for (int i = 0; i < map.size(); i++) {
      if (map.get(i) >= 0) {
        if (added.length() > 0) {
          return null;
        }
        continue;
      }
      var p = change.after().parameters().get(i);
      added.append(added.length() > 0 ? ", " : "").append(p.name()).append(p.type().isEmpty() ? "?" : "?: " + p.type());
    }
    int[] list = d.lists().get(name);
    String text = base.text();
    int last = list[1] - 1;
    while (last > list[0] && Character.isWhitespace(text.charAt(last))) {
      last--;
    }
    if (last == list[0]) {
      return new ScriptEdits.Sub(list[0] + 1, list[0] + 1, added.toString());
    }
    return text.charAt(last) == ',' ? new ScriptEdits.Sub(last + 1, last + 1, " " + added)
        : new ScriptEdits.Sub(last + 1, last + 1, ", " + added);
  }

  /** A return statement with a value: {@code return x}, not a bare {@code return}. */
  private static final Pattern RETURNS_VALUE = Pattern.compile("\\breturn\\b[ \\t]*[^;\\s}]");

  /** The modifiers an overload signature repeats before a method's name. */
  private static final Pattern MODIFIERS = Pattern.compile("\\s*((public|protected|private|static|override)\\s+)*");

  /**
   * The edit that keeps a supertype's contract at the changed method itself, as Java's tracker keeps
   * it with a delegate: the old signature stays as an overload signature, the new one is another, and
   * the implementation takes the added parameters as optional, so tsc holds the class to its base
   * again ({@code get(key: any): any; get(key: any, extra: number): any; get(key: any, extra?: number):
   * any {..}} overrides {@code Map.get}, checked with tsc 5.9.3) and calls through the base type keep
   * working, while calls through the class may pass the new arguments. Only for parameters added at
   * the end of the list, on a method with no overloads of its own, whose parameters all state a type,
   * and whose return type is stated or, with no {@code return} of a value, {@code void} (an overload
   * signature with none is {@code any}, which {@code noImplicitAny} rejects); null otherwise.
   */
  static ScriptEdits.Sub keepContract(String text, SignatureChange change) {
    var after = change.after();
    if (after == null || !change.is(ChangeKind.PARAMETER_ADDED) || change.kinds().size() != 1) {
      return null;
    }
    List<Integer> map = change.argumentMap();
    int kept = change.before().parameters().size();
    if (map.size() <= kept) {
      return null;
    }
    for (int i = 0; i < map.size(); i++) {
      if (i < kept ? map.get(i) != i : map.get(i) >= 0) {
        return null;
      }
    }
    // overload signatures take no initializers: a parameter with a default is written optional
    String old = signatureList(change.before().parameters());
    String now = signatureList(after.parameters());
    if (old == null || now == null) {
      return null;
    }
    int lineStart = 0;
    for (int l = 1; l < after.line() && lineStart >= 0; l++) {
      lineStart = text.indexOf('\n', lineStart) + 1;
      if (lineStart == 0) {
        return null;
      }
    }
    int lineEnd = text.indexOf('\n', lineStart);
    Matcher head = Pattern.compile("(" + MODIFIERS.pattern() + ")(async\\s+)?" + Pattern.quote(after.name()) + "\\s*\\(")
        .matcher(text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd));
    if (!head.lookingAt()) {
      return null;
    }
    boolean async = head.group(4) != null;
    String prefix = head.group(1);
    int open = lineStart + head.end() - 1;
    int close = match(text, open, '(', ')');
    if (close < 0) {
      return null;
    }
    int brace = text.indexOf('{', close);
    if (brace < 0) {
      return null;
    }
    String returns = text.substring(close + 1, brace).strip();
    String list = text.substring(open + 1, close);
    if (list.matches("(?s)\\s*this\\s*:.*")) {
      return null;
    }
    if (returns.isEmpty()) {
      int end = match(text, brace, '{', '}');
      if (async || end < 0 || RETURNS_VALUE.matcher(text.substring(brace, end)).find()) {
        return null;
      }
      returns = ": void";
    } else if (!returns.startsWith(":") || returns.strip().equals(":") || returns.contains("=>")) {
      return null;
    }
    // the implementation's list: the added parameters (at the end) made optional
    List<int[]> items = items(text, open + 1, close);
    if (items.size() != map.size()) {
      return null;
    }
    StringBuilder impl = new StringBuilder(list);
    for (int i = map.size() - 1; i >= kept; i--) {
      String item = text.substring(items.get(i)[0], items.get(i)[1]);
      Matcher m = Pattern.compile("\\s*(\\w+)\\s*:").matcher(item);
      if (item.contains("=") || item.strip().startsWith("...") || item.contains("?")) {
        continue; // optional already
      }
      if (!m.lookingAt()) {
        return null;
      }
      impl.insert(items.get(i)[0] - open - 1 + m.end(1), "?");
    }
    int start = lineStart + prefix.length() - prefix.stripLeading().length();
    String indent = text.substring(lineStart, start);
    String lead = prefix.stripLeading() + after.name();
    String overloads = lead + "(" + old + ")" + returns + ";\n" + indent + lead + "(" + now + ")" + returns + ";\n"
        + indent;
    return new ScriptEdits.Sub(start, close, overloads + text.substring(start, open + 1) + impl);
  }

  /** A parameter list as an overload signature writes it ({@code a: T, b?: U, ...c: V[]}), or null for an untyped one. */
  private static String signatureList(List<dev.coclone.signature.Parameter> parameters) {
    int lastRequired = -1;
    for (int i = 0; i < parameters.size(); i++) {
      if (!parameters.get(i).optional()) {
        lastRequired = i;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parameters.size(); i++) {
      var p = parameters.get(i);
      if (p.type().isEmpty()) {
        return null;
      }
      // a default before a required parameter makes no optional one: its place takes undefined
      boolean optional = p.defaultValue() != null && !p.variadic();
      String type = optional && i < lastRequired
          ? (p.type().contains("=>") ? "(" + p.type() + ")" : p.type()) + " | undefined" : p.type();
      out.append(out.length() > 0 ? ", " : "").append(p.variadic() ? "..." : "").append(p.name())
          .append(optional && i > lastRequired ? "?" : "").append(": ").append(type);
    }
    return out.toString();
  }

  /** The offset of the bracket closing the one at {@code open}, or -1. */
  private static int match(String text, int open, char o, char c) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"' || ch == '\'' || ch == '`') {
        int q = text.indexOf(ch, i + 1);
        if (q < 0) {
          return -1;
        }
        i = q;
      } else if (ch == o) {
        depth++;
      } else if (ch == c && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The spans of a list's items, split at its commas outside brackets. */
  private static List<int[]> items(String text, int start, int end) {
    List<int[]> out = new ArrayList<>();
    int depth = 0;
    int from = start;
    for (int i = start; i < end; i++) {
      char ch = text.charAt(i);
      if ("([{<".indexOf(ch) >= 0) {
        depth++;
      } else if (")]}>".indexOf(ch) >= 0 && !(ch == '>' && i > 0 && text.charAt(i - 1) == '=')) {
        depth--;
      } else if (ch == ',' && depth == 0) {
        out.add(new int[] {from, i});
        from = i + 1;
      }
    }
    if (!text.substring(from, end).isBlank()) {
      out.add(new int[] {from, end});
    }
    return out;
  }

  /** Members an interface must have before a class that has them all is taken to implement it unnamed. */
  private static final int STRUCTURAL_MEMBERS = 3;

  /**
   * The interfaces (and object type aliases) of the workspace that the class {@code className}
   * implements by structure without naming them: it (or a class it extends) declares every method
   * and property they declare, at least {@value #STRUCTURAL_MEMBERS} of them ({@code _DecafPoint}'s
   * static {@code BASE}, {@code ZERO}, {@code Fp}, {@code Fn}, {@code fromAffine}, {@code fromBytes},
   * {@code fromHex} are {@code CurvePointCons}'s members: tsc holds it to that interface where it is
   * passed as one).
   */
  Set<String> structural(String className, Set<String> named) {
    Set<String> out = new HashSet<>();
    Set<String> own = new HashSet<>();
    List<String> chain = new ArrayList<>(List.of(className));
    for (String t : ancestors(className)) {
      TsFacts.TypeDecl d = types.type(t);
      if (d != null && !d.isInterface()) {
        chain.add(t);
      }
    }
    for (String t : chain) {
      TsFacts.TypeDecl d = t.equals(className) && changed != null ? changed : types.type(t);
      if (d != null) {
        own.addAll(d.methods().keySet());
        own.addAll(d.fields().keySet());
      }
    }
    for (TsFacts.TypeDecl t : types.all()) {
      if (!t.isInterface() || named.contains(t.name()) || t.name().equals(className)) {
        continue;
      }
      Set<String> members = new HashSet<>(t.methods().keySet());
      members.addAll(t.fields().keySet());
      if (members.size() >= STRUCTURAL_MEMBERS && own.containsAll(members)) {
        out.add(t.name());
      }
    }
    return out;
  }

  /**
   * An object literal's member whose value is a function, the object's type stated where it is
   * returned or stored.
   *
   * @param key       the member's name
   * @param shorthand true for {@code { cats }}, where a wrapper needs the name written out
   * @param declared  the object's declared type as written
   */
  record Member(String key, boolean shorthand, String declared) {}

  /**
   * The member of an object literal whose whole value is the reference {@code [start, end)}
   * ({@code combineAll: cats} in {@code const getMonoid = <A>(): Monoid<Doc<A>> => ({ .., combineAll: cats
   * })}), when the object's type is stated (the function's declared result, a typed variable) and does
   * not give that member a function type taking {@code arity} parameters or more: tsc checks the
   * function against the member's type there ("Target signature provides too few arguments"). A
   * type the workspace does not declare (a library's) is taken to state the function's old arity:
   * the function fitted it before. Else null.
   */
  Member declaredMember(ScriptIndex idx, int start, int end, int arity) {
    String text = idx.text();
    int after = end;
    while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
      after++;
    }
    if (after >= text.length() || text.charAt(after) != ',' && text.charAt(after) != '}') {
      return null;
    }
    int before = TsResultUses.backOverSpace(text, start);
    String key;
    boolean shorthand;
    int lead;
    if (before > 0 && text.charAt(before - 1) == ':') {
      int k = TsResultUses.backOverSpace(text, before - 1);
      int ks = k;
      while (ks > 0 && (Character.isJavaIdentifierPart(text.charAt(ks - 1)))) {
        ks--;
      }
      if (ks == k) {
        return null;
      }
      key = text.substring(ks, k);
      lead = TsResultUses.backOverSpace(text, ks);
      shorthand = false;
    } else {
      key = text.substring(start, end);
      lead = before;
      shorthand = true;
      if (!key.matches("[\\w$]+")) {
        return null;
      }
    }
    if (lead <= 0 || text.charAt(lead - 1) != '{' && text.charAt(lead - 1) != ',') {
      return null;
    }
    // the innermost bracket around the member must be the object literal's brace
    int depth = 0;
    int open = -1;
    for (int i = lead - 1; i >= 0 && open < 0; i--) {
      char ch = text.charAt(i);
      if (ch == ')' || ch == ']' || ch == '}') {
        depth++;
      } else if (ch == '(' || ch == '[' || ch == '{') {
        if (depth == 0) {
          open = ch == '{' ? i : -2;
        } else {
          depth--;
        }
      }
    }
    if (open < 0) {
      return null;
    }
    String declared = TsResultUses.receivingType(idx, open);
    if (declared.isEmpty() || Set.of("any", "unknown", "object", "{}").contains(declared)) {
      return null;
    }
    String head = TsTypes.simple(declared);
    if (head.isEmpty() || head.equals("{}") || head.equals("Array")) {
      return null; // a union, an object type written out, an array: not read here
    }
    TsFacts.TypeDecl td = types.type(head);
    if (td == null && types.aliasDeclared(head)) {
      return null; // an alias the workspace declares, whose members are not read here
    }
    if (td != null) {
      Integer m = td.methods().get(key);
      int stated = m != null ? m : td.fields().containsKey(key) ? functionTypeArity(td.fields().get(key)) : -1;
      if (stated < 0 || stated >= arity) {
        return null;
      }
    }
    return new Member(key, shorthand, declared);
  }

  /** Array methods whose callback gets {@code (value, index, array)}. */
  private static final Set<String> ARRAY_CALLBACKS = Set.of("some", "every", "map", "filter", "forEach", "find",
      "findIndex", "findLast", "findLastIndex", "flatMap");

  /**
   * True when the function passed as a value at {@code [start, end)} is the callback of an array
   * method ({@code Object.values(v).some(isAsyncIterable)}) that passes the index and the array
   * besides the value, and the parameters the change adds fit them: tsc accepts the function as it is
   * ({@code isAsyncIterable(value, coCloneExtra: number)} gets the index), so it needs no wrapper. The
   * method's name must be one no type of the workspace declares (the receiver is then the
   * language's).
   */
  boolean fedByArrayCallback(ScriptIndex idx, int start, int end, SignatureChange change) {
    if (change.after() == null || change.argumentMap().size() != change.after().parameters().size()) {
      return false;
    }
    ScriptIndex.Call around = null;
    for (ScriptIndex.Call c : idx.calls()) {
      if (c.receiver() != null && ARRAY_CALLBACKS.contains(c.name()) && !c.args().isEmpty()
          && c.args().get(0).start() == start && c.args().get(0).end() == end) {
        around = c;
      }
    }
    if (around == null || !types.declaring(around.name(), null).isEmpty()) {
      return false;
    }
    List<Integer> map = change.argumentMap();
    var after = change.after().parameters();
    for (int j = 0; j < after.size(); j++) {
      boolean added = map.get(j) < 0;
      if (map.get(j) >= 0 && map.get(j) != j) {
        return false;
      }
      if (!added || after.get(j).optional()) {
        continue;
      }
      String type = TsTypeText.normalized(after.get(j).type());
      List<String> members = TsTypeText.unionMembers(type);
      boolean fits = switch (j) {
        case 1 -> members.contains("number") || members.contains("any") || members.contains("unknown");
        case 2 -> members.contains("any") || members.contains("unknown")
            || members.stream().anyMatch(m -> m.endsWith("[]") || m.startsWith("Array<") || m.startsWith("readonly "));
        default -> false;
      };
      if (!fits) {
        return false;
      }
    }
    return true;
  }

  /** An object literal without nested braces, or a name, converted with {@code as}. */
  private static final Pattern CONVERTED = Pattern.compile("(\\{[^{}]*\\}|(?<![\\w$.])[\\w$]+)\\s+as\\s+(?!const\\b)");

  /**
   * Where an instance of the changed class is converted with {@code as} to a type that holds it to a
   * contract it no longer fits ({@code return { Fp, Fp2, Fp6 } as TRet<{ ..; Fp6: Fp6Bls }>} with
   * {@code const Fp6 = new _Field6(Fp2)}, after {@code _Field6.add} needs another argument than
   * {@code Fp6Bls}'s {@code add} passes): tsc finds the types no longer comparable there. The instance
   * is a variable initialized with {@code new C(..)} in its scope; the type names the contract, or a
   * type whose bases do (an intersection alias), for the object's member or for the name itself.
   * Reported as breaking, without an edit (the contract's own edit, where one is made, mends it).
   */
  List<Dependent> conversions(Iterable<ScriptIndex> files, String className, List<String> contracts,
      SignatureChange change) {
    List<Dependent> out = new ArrayList<>();
    Pattern created = Pattern.compile("^new\\s+" + Pattern.quote(className) + "\\s*[(<]");
    for (ScriptIndex idx : files) {
      if (idx.python() || idx.facts() == null || !idx.text().contains(className)) {
        continue;
      }
      List<TsFacts.Binding> instances = new ArrayList<>();
      for (TsFacts.Binding b : idx.facts().bindings()) {
        if (created.matcher(b.init()).find() && b.type().isEmpty()) {
          instances.add(b);
        }
      }
      if (instances.isEmpty()) {
        continue;
      }
      String text = idx.text();
      Matcher m = CONVERTED.matcher(text);
      Set<Integer> lines = new HashSet<>();
      while (m.find()) {
        String expr = m.group(1);
        int typeEnd = typeEnd(text, m.end());
        String type = text.substring(m.end(), typeEnd);
        List<String[]> members = new ArrayList<>();
        if (expr.startsWith("{")) {
          for (String prop : expr.substring(1, expr.length() - 1).split(",")) {
            Matcher pm = Pattern.compile("^\\s*([\\w$]+)\\s*(?::\\s*([\\w$]+)\\s*)?$").matcher(prop);
            if (pm.matches()) {
              String key = pm.group(1);
              Matcher km = Pattern.compile("(?<![\\w$.])" + Pattern.quote(key) + "\\s*\\??\\s*:\\s*([\\w$.]+)")
                  .matcher(type);
              if (km.find()) {
                members.add(new String[] {pm.group(2) == null ? key : pm.group(2), km.group(1)});
              }
            }
          }
        } else {
          Matcher head = Pattern.compile("^\\s*([\\w$.]+)").matcher(type);
          if (head.find()) {
            members.add(new String[] {expr, head.group(1)});
          }
        }
        for (String[] mt : members) {
          String target = mt[1].substring(mt[1].lastIndexOf('.') + 1);
          boolean instance = instances.stream().anyMatch(b -> b.name().equals(mt[0]) && b.scopeStart() < m.start()
              && m.start() <= b.scopeEnd());
          if (!instance || !holds(target, contracts)) {
            continue;
          }
          int line = 1 + (int) text.substring(0, m.start()).chars().filter(ch -> ch == '\n').count();
          if (lines.add(line)) {
            String lineText = text.substring(text.lastIndexOf('\n', Math.max(0, m.start() - 1)) + 1,
                Math.max(m.start(), text.indexOf('\n', m.start()) < 0 ? text.length() : text.indexOf('\n', m.start())))
                .strip();
            out.add(new Dependent(idx.path(), line, 1, lineText, DependentKind.REFERENCE, "converts " + mt[0]
                + ", a " + className + ", to " + mt[1] + " with `as`; " + className + "." + change.before().name()
                + " no longer fits " + String.join(", ", contracts) + ", so tsc finds the types no longer comparable"
                + " here (change the contract with it, or convert through unknown)", 0.9, true, null));
          }
        }
      }
    }
    return out;
  }

  /** True when the type {@code name} is one of the contracts, or has one among its bases. */
  private boolean holds(String name, List<String> contracts) {
    if (contracts.contains(name)) {
      return true;
    }
    for (String a : ancestors(name)) {
      if (contracts.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** The end of a type written after {@code as}: a {@code ;}, {@code ,} or closing bracket at depth 0, or a line's end there. */
  private static int typeEnd(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '(' || ch == '[' || ch == '{' || ch == '<') {
        depth++;
      } else if (ch == ')' || ch == ']' || ch == '}' || ch == '>' && text.charAt(i - 1) != '=') {
        if (--depth < 0) {
          return i;
        }
      } else if (depth == 0 && (ch == ';' || ch == ',' || ch == '\n' || ch == '=')) {
        return i;
      }
    }
    return text.length();
  }

  /** Every base class and implemented interface of a class, transitively (not the class), nearest first. */
  Set<String> ancestors(String className) {
    Set<String> out = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(className));
    while (!todo.isEmpty()) {
      TsFacts.TypeDecl d = types.type(todo.poll());
      if (d == null) {
        continue;
      }
      List<String> up = new ArrayList<>(d.bases());
      up.addAll(d.interfaces());
      for (String u : up) {
        if (out.add(u)) {
          todo.add(u);
        }
      }
    }
    return out;
  }

  /** The overload signatures in {@code file} of the changed function or method. */
  static List<TsFacts.Overload> overloads(ScriptIndex file, String name, String className) {
    List<TsFacts.Overload> out = new ArrayList<>();
    if (file.facts() != null) {
      for (TsFacts.Overload o : file.facts().overloads()) {
        if (o.name().equals(name) && o.className().equals(className)) {
          out.add(o);
        }
      }
    }
    return out;
  }

  /**
   * The arguments a call must pass as tsc counts them: up to the last parameter that is neither
   * optional, rest, nor typed to admit {@code void} (a trailing {@code x: T | void} may be left out).
   */
  static int tscMinArity(dev.coclone.signature.FunctionSignature f) {
    var ps = f.parameters();
    int n = ps.size();
    while (n > 0 && (ps.get(n - 1).optional() || ps.get(n - 1).variadic() || TsTypeText.admitsVoid(ps.get(n - 1).type()))) {
      n--;
    }
    return n;
  }

  /**
   * For a parameter made required: true when the overload has it optional (so it admits
   * {@code undefined}) and the implementation's new type neither admits {@code undefined} nor agrees
   * with the overload's: tsc compares the two both ways, and neither is then assignable to the other
   * ({@code last(predicate?: null, ..)} against {@code predicate: ((..) => boolean) | null}). An
   * overload {@code x?: T} against {@code x: T} still fits.
   */
  static boolean requiredAgainstOptional(TsFacts.Overload o, SignatureChange change, String text) {
    List<Integer> map = change.argumentMap();
    var before = change.before().parameters();
    var after = change.after().parameters();
    for (int j = 0; j < map.size() && j < after.size() && j < o.params().size(); j++) {
      int m = map.get(j);
      if (m < 0 || m >= before.size() || !before.get(m).optional() || after.get(j).optional()) {
        continue;
      }
      String now = after.get(j).type().strip();
      if (TsTypeText.admitsUndefined(now)) {
        continue;
      }
      int[] range = o.params().get(j);
      java.util.regex.Matcher p = OVERLOAD_PARAM.matcher(text.substring(range[0], range[1]).strip());
      if (!p.matches() || p.group(2) == null && p.group(4) == null) {
        continue; // a rest or destructured parameter, or one the overload requires too
      }
      String was = p.group(3) == null ? "" : p.group(3).strip();
      if (TsTypeText.admitsUndefined(was)) {
        continue; // untyped, any or unknown, or a union with undefined: the new type is assignable to it
      }
      boolean generic = false;
      for (String t : TsTypeText.typeParameters(o.text(), o.name())) {
        generic |= !t.isEmpty() && was.matches("(?s).*(?<![\\w$])" + java.util.regex.Pattern.quote(t) + "(?![\\w$]).*");
      }
      // tsc erases the overload's type parameters; the new type fits where each of its members is one of the overload's
      List<String> ours = TsTypeText.unionMembers(was).stream().map(TsTypeText::normalized).toList();
      if (!generic && !TsTypeText.unionMembers(now).stream().map(TsTypeText::normalized).allMatch(ours::contains)) {
        return true;
      }
    }
    return false;
  }

  /** An overload's parameter: its name, {@code ?}, its type, a default. */
  private static final java.util.regex.Pattern OVERLOAD_PARAM = java.util.regex.Pattern.compile(
      "(?s)([\\w$]+)\\s*(\\?)?\\s*(?::\\s*(.*?))?\\s*(=.*)?");

  /**
   * True when the changed implementation no longer fits the overload: it now needs more arguments
   * than the overload passes (an overload with a rest parameter passes any number), a parameter
   * was added where the overload passes one (of the overload's type, not the new one's; an
   * overload's rest parameter typed with its own type parameters fits anything once tsc erases
   * them), a parameter made required lies beyond the overload's list (one whose type admits
   * {@code void} tsc still counts as optional), or its parameters moved or it was renamed.
   */
  static boolean incompatible(TsFacts.Overload o, SignatureChange change, String text) {
    if (change.after() == null || change.is(ChangeKind.RENAMED) || change.is(ChangeKind.PARAMETERS_REORDERED)) {
      return true;
    }
    if (!change.is(ChangeKind.PARAMETER_ADDED) && !change.is(ChangeKind.PARAMETER_REQUIRED)) {
      return false;
    }
    boolean rest = o.text().contains("...");
    List<Integer> map = change.argumentMap();
    if (change.is(ChangeKind.PARAMETER_REQUIRED)) {
      // tsc holds the implementation to an overload by arity only as far as the overload's whole
      // list: a parameter made required where the overload has it optional still fits
      // (ZodRecord.create(valueType, params?) against create(first, second, third?))
      return !rest && tscMinArity(change.after()) > o.params().size() || requiredAgainstOptional(o, change, text);
    }
    if (!rest && change.after().minArity() > o.params().size()) {
      return true;
    }
    if (rest && !o.params().isEmpty()) {
      int[] last = o.params().get(o.params().size() - 1);
      String restText = text.substring(last[0], last[1]);
      for (String t : TsTypeText.typeParameters(o.text(), o.name())) {
        if (!t.isEmpty() && restText.matches("(?s).*(?<![\\w$])" + java.util.regex.Pattern.quote(t) + "(?![\\w$]).*")) {
          return false;
        }
      }
    }
    for (int i = 0; i < map.size() && i < o.params().size(); i++) {
      if (map.get(i) < 0 && !change.after().parameters().get(i).type().matches("any|unknown|")) {
        return true;
      }
    }
    return false;
  }
}
