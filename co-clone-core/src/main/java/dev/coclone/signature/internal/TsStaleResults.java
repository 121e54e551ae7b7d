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
 * TypeScript: where a generic call's result, typed with {@code unknown} because the change took away
 * what tsc inferred its type parameter from, reaches a type that the source states.
 *
 * <p>A call the change rejects (too many or too few arguments) is still typed by tsc, with type
 * arguments inferred from the arguments as they stand, position by position against the new
 * parameters, and without the arrow functions whose parameters are untyped (tsc skips
 * context-sensitive arguments when no signature fits). A type parameter that the result names is
 * <em>stale</em> at such a call when no argument left there states it: the parameters that name it
 * now receive an argument written for another parameter ({@code cons(indent, document, pipeline)}
 * without {@code document}: {@code pipeline: LayoutPipeline<A>} receives the {@code Doc<A>}), an arrow
 * function with untyped parameters ({@code pageWidth((w) => ..)} after a parameter was added), or
 * nothing at all (the parameter that named it was removed). The result is then {@code X<unknown>},
 * and tsc rejects it, beyond the call itself, where:
 * <ul>
 * <li>a variable bound to it (without a stated type) is passed to a function of the file, or to a
 * top-level function of the workspace, whose parameter states a type that does not admit
 * {@code unknown} ({@code best(next, nl, cc)} with {@code best = (self: LayoutPipeline<A>, ..)});
 * a function that passes its type parameter through ({@code flattened<A>(value: A): Flatten<A>}) is
 * followed to where its own result goes;</li>
 * <li>the variable (or such a pass-through call of it) is returned from a function that states its
 * result type, or from a function without one that is an argument of a call that is itself the
 * returned value of such a function ({@code Effect.gen(function*() { .. return flattened(doc) })} as
 * the body of {@code const f = <A>(..): Effect<Flatten<Doc<A>>> =>}): tsc reports the outer
 * expression;</li>
 * <li>after a removal, the function passed as a value inside a {@code return} of a function that
 * states its result type ({@code return pipe(.., Effect.map(concat))});</li>
 * <li>where the result type is a conditional type on the stale type parameter that falls to
 * {@code never} ({@code T extends FieldValidators<..> ? Array<..> : never}: {@code unknown} extends
 * nothing but {@code unknown} and {@code any}), the variable bound to it is {@code never}: tsc rejects
 * each member read of it ({@code validates.forEach(..)}), call of it and {@code for (.. of validates)}
 * (checked with tsc 5.9.3; passing it on, spreading or indexing it type-checks).</li>
 * </ul>
 * The call's own edit mends the first two where the edit restores the argument that typed the result
 * (a shifted or missing argument); a removed parameter that alone named the type parameter cannot be
 * mended at the use. None of these sites gets an edit of its own.
 */
final class TsStaleResults {
  private final Map<String, ScriptIndex> files;
  private final SignatureChange change;
  private final Set<String> calls = new HashSet<>();
  private final Map<String, Dependent> out = new LinkedHashMap<>();
  private final Set<String> visited = new HashSet<>();
  /** The type parameters whose conditional types the result falls through to never when they are stale. */
  private final Set<String> checks = new HashSet<>();
  /** True while following a call whose result tsc types never (see {@link #fallsToNever}). */
  private boolean never;

  private TsStaleResults(Map<String, ScriptIndex> files, SignatureChange change) {
    this.files = files;
    this.change = change;
  }

  /** The sites that the stale results of the change's calls among {@code found} reach. */
  static List<Dependent> of(Map<String, ScriptIndex> files, SignatureChange change, List<Dependent> found) {
    FunctionSignature b = change.before();
    FunctionSignature a = change.after();
    if (a == null || !"typescript".equals(b.language()) || !change.is(ChangeKind.PARAMETER_REMOVED)
        && !change.is(ChangeKind.PARAMETER_ADDED) && !change.is(ChangeKind.PARAMETERS_REORDERED)) {
      return List.of();
    }
    ScriptIndex declaring = files.get(b.path());
    Map<String, String> params = TsResultUses.typeParameters(b.text(), b.name());
    if (declaring == null || params.isEmpty()) {
      return List.of();
    }
    String returns = b.returnType().strip();
    if (returns.isEmpty()) {
      returns = TsResultUses.castResult(declaring, b);
    }
    List<String> named = new ArrayList<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      boolean constrains = false; // another type parameter's constraint names it: inferred through that one
      for (Map.Entry<String, String> o : params.entrySet()) {
        constrains |= !o.getKey().equals(e.getKey()) && TsResultUses.names(o.getValue(), e.getKey());
      }
      // a constrained one falls back to its constraint, not to unknown (the reorder rule's case)
      if (TsResultUses.names(returns, e.getKey()) && !constrains && e.getValue().isBlank()
          && !TsResultUses.bare(returns, e.getKey())) {
        named.add(e.getKey());
      }
    }
    if (named.isEmpty()) {
      return List.of();
    }
    TsStaleResults r = new TsStaleResults(files, change);
    if (!fallsToNever(returns, named, r.checks)) {
      r.checks.clear();
    }
    List<ScriptIndex.Call> broken = new ArrayList<>();
    for (Dependent d : found) {
      if (d.kind() != DependentKind.CALL) {
        continue;
      }
      ScriptIndex idx = files.get(d.path());
      ScriptIndex.Call c = TsResultUses.callOf(idx, d);
      if (c != null) {
        r.calls.add(idx.path() + ":" + c.start());
        if (d.breaks()) {
          broken.add(c);
        }
      }
    }
    for (Dependent d : found) {
      ScriptIndex idx = files.get(d.path());
      if (d.kind() != DependentKind.CALL || !d.breaks() || idx == null) {
        continue;
      }
      for (ScriptIndex.Call c : idx.calls()) {
        if (c.line() != d.line() || c.column() != d.column()) {
          continue;
        }
        int stale = r.stale(idx, c, named);
        boolean never = !r.checks.isEmpty();
        for (String t : r.checks) {
          never &= r.stale(idx, c, List.of(t)) != FITS;
        }
        if (stale != FITS) {
          r.never = never;
          r.follow(idx, c.start(), 0);
          r.never = false;
        }
        if (stale == WRONG) {
          r.statedBody(idx, c);
        }
      }
    }
    // after a removal, the function passed as a value where a type parameter is left to nothing
    if (change.is(ChangeKind.PARAMETER_REMOVED)) {
      boolean lost = false;
      for (String t : named) {
        lost |= a.parameters().stream().noneMatch(p -> TsResultUses.names(p.type(), t));
      }
      if (lost) {
        for (Dependent d : found) {
          ScriptIndex idx = files.get(d.path());
          if (d.kind() != DependentKind.REFERENCE || idx == null) {
            continue;
          }
          for (ScriptIndex.Ref ref : idx.refs()) {
            if (ref.line() == d.line() && ref.column() == d.column() && ref.argument() && "use".equals(ref.role())) {
              r.valueReturned(idx, ref.start());
            }
          }
        }
      }
    }
    return new ArrayList<>(r.out.values());
  }

  /** What the arguments of a rejected call state for the type parameters its result names. */
  private static final int FITS = 0;
  /** No argument states one of them: tsc types it with unknown. */
  private static final int UNKNOWN = 1;
  /** An argument written for another parameter states one of them: tsc infers another type from it. */
  private static final int WRONG = 2;

  /**
   * Whether the arguments of the rejected call {@code c} still state the type parameters {@code named}
   * for tsc: {@link #FITS} when each parameter (of the new list) that names one receives, for one of
   * them at least, an argument written for a parameter of the same type (or for a parameter that is
   * the type parameter itself); else {@link #WRONG} when an argument written for a parameter of another
   * type stands there, {@link #UNKNOWN} when only arrow functions with untyped parameters or nothing do.
   */
  private int stale(ScriptIndex idx, ScriptIndex.Call c, List<String> named) {
    List<Parameter> before = change.before().parameters();
    List<Parameter> after = change.after().parameters();
    String text = idx.text();
    if (c.nameEnd() < c.open() && text.substring(c.nameEnd(), c.open()).contains("<")) {
      return FITS; // observable<TValue, never>(..): the type arguments are written, nothing is inferred
    }
    int verdict = FITS;
    for (String t : named) {
      boolean inferred = false;
      boolean wrong = false;
      for (int j = 0; j < after.size() && !inferred; j++) {
        Parameter pa = after.get(j);
        if (!TsResultUses.names(pa.type(), t)) {
          continue;
        }
        if (pa.variadic() || j >= c.args().size()) {
          inferred |= pa.variadic();
          continue;
        }
        ScriptIndex.Arg arg = c.args().get(j);
        if (!arg.positional()) {
          inferred = true;
          continue;
        }
        if (contextSensitive(text.substring(arg.start(), arg.end()).strip())) {
          continue;
        }
        Parameter pb = j < before.size() ? before.get(j) : null;
        inferred = pb != null && squeeze(pb.type()).equals(squeeze(pa.type())) || TsResultUses.bare(pa.type(), t);
        wrong |= !inferred && pb != null;
      }
      if (!inferred) {
        verdict = Math.max(verdict, wrong ? WRONG : UNKNOWN);
      }
    }
    return verdict;
  }

  /**
   * The rejected call {@code c}, typed with another type argument, is the body of an arrow function
   * that initializes a constant stating a function type ({@code export const getMonoidUnion: <A>(value:
   * Monoid<A>) => Monoid<ReadonlyRecord<string, A>> = <A>(value: Monoid<A>) => fromSemigroup(..)}): the
   * arrow function no longer fits the stated type, which tsc reports at the constant's name.
   */
  private void statedBody(ScriptIndex idx, ScriptIndex.Call c) {
    String text = idx.text();
    int before = TsResultUses.backOverSpace(text, c.start());
    if (before < 2 || !text.startsWith("=>", before - 2) || idx.facts() == null) {
      return;
    }
    TsFacts.Binding bound = null;
    for (TsFacts.Binding x : idx.facts().bindings()) {
      if (x.scopeStart() < c.start() && (bound == null || x.scopeStart() > bound.scopeStart())
          && text.startsWith(x.name(), x.scopeStart())) {
        bound = x;
      }
    }
    String call = text.substring(c.start(), c.end()).strip();
    String init = bound == null ? "" : bound.init().strip();
    if (bound == null || bound.type().isEmpty() || TsDependents.functionTypeArity(bound.type()) < 0
        || !init.endsWith(call) || !init.matches("(?s)(?:async\\s*)?[<(].*")
        || !text.substring(bound.scopeStart(), before).matches("(?s)[\\w$]+\\s*:.*=.*")) {
      return;
    }
    String stated = resultOf(bound.type());
    if (rejects(stated)) {
      add(idx, TsResultUses.lineOf(text, bound.scopeStart()), TsResultUses.lineText(text, bound.scopeStart()),
          "initializes " + bound.name() + " with an arrow function whose value it is, where " + bound.name()
          + " states the result " + stated);
    }
  }

  /** The result of a function type as written: what follows its top-level {@code =>}, or "". */
  static String resultOf(String type) {
    int depth = 0;
    for (int i = 0; i + 1 < type.length(); i++) {
      char ch = type.charAt(i);
      if (ch == '(' || ch == '[' || ch == '{' || ch == '<') {
        depth++;
      } else if (ch == ')' || ch == ']' || ch == '}' || ch == '>' && type.charAt(i - 1) != '=') {
        depth--;
      } else if (depth == 0 && ch == '=' && type.charAt(i + 1) == '>') {
        return type.substring(i + 2).strip();
      }
    }
    return "";
  }

  private static String squeeze(String type) {
    return type == null ? "" : type.replaceAll("\\s+", "");
  }

  private static final Pattern ARROW = Pattern.compile("^(?:async\\s+)?(?:([\\w$]+)|\\(([^()]*)\\))\\s*=>");
  private static final Pattern FUNCTION = Pattern.compile("^(?:async\\s+)?function\\s*\\*?\\s*[\\w$]*\\s*\\(([^()]*)\\)");

  /** True for an arrow function or function expression with a parameter whose type is not written. */
  static boolean contextSensitive(String arg) {
    Matcher m = ARROW.matcher(arg);
    String params;
    if (m.find()) {
      if (m.group(1) != null) {
        return true;
      }
      params = m.group(2);
    } else {
      Matcher f = FUNCTION.matcher(arg);
      if (!f.find()) {
        return false;
      }
      params = f.group(1);
    }
    for (String p : TsTypeText.arguments("(" + params + ")")) {
      String x = p.strip();
      if (!x.isEmpty() && !x.contains(":")) {
        return true;
      }
    }
    return false;
  }

  /** Follows the stale value of the expression starting at {@code start} (a call): bound, then passed on or returned. */
  private void follow(ScriptIndex idx, int start, int hops) {
    if (hops > 2 || !visited.add(idx.path() + ":" + start)) {
      return;
    }
    String text = idx.text();
    TsFacts.Binding v = TsResultUses.binding(idx, start);
    if (v == null || !v.type().isEmpty()) {
      return;
    }
    int callEnd = start;
    for (ScriptIndex.Call c : idx.calls()) {
      if (c.start() == start) {
        callEnd = Math.max(callEnd, c.end());
      }
    }
    // the facts keep an initializer with its white space folded (a call over several lines)
    if (!squeeze(v.init().strip().replaceFirst("^(?:await|yield\\s*\\*)\\s*", "")).equals(squeeze(text.substring(start, callEnd)))) {
      return; // the call is not the whole initializer (`observable(..) as BehaviorSubject<T>`)
    }
    Pattern word = Pattern.compile("(?<![\\w$.])" + Pattern.quote(v.name()) + "(?![\\w$])");
    for (ScriptIndex.Call g : idx.calls()) {
      if (g.start() <= start || g.start() > v.scopeEnd() || calls.contains(idx.path() + ":" + g.start())) {
        continue;
      }
      for (int k = 0; k < g.args().size(); k++) {
        ScriptIndex.Arg arg = g.args().get(k);
        if (!arg.positional() || !text.substring(arg.start(), arg.end()).strip().equals(v.name())
            || TsTypes.localBinding(idx, v.name(), arg.start()) && !inScope(v, arg.start())) {
          continue;
        }
        ScriptIndex.Func callee = callee(idx, g);
        if (callee == null || k >= callee.signature().parameters().size()) {
          continue;
        }
        Parameter p = callee.signature().parameters().get(k);
        Map<String, String> own = TsResultUses.typeParameters(callee.signature().text(), callee.signature().name());
        boolean through = false;
        for (String t : own.keySet()) {
          through |= TsResultUses.names(p.type(), t);
        }
        if (p.variadic() || !rejects(p.type())) {
          continue;
        }
        if (through) {
          // flattened<A>(value: A): Flatten<A> passes the stale type on to its own result
          boolean carries = false;
          for (String t : own.keySet()) {
            carries |= TsResultUses.names(p.type(), t) && TsResultUses.names(callee.signature().returnType(), t);
          }
          if (carries) {
            passed(idx, g.start(), "passes " + v.name() + " to " + g.name() + "(..), whose result carries its type", hops);
          }
          continue;
        }
        add(idx, TsResultUses.lineOf(text, arg.start()), TsResultUses.lineText(text, arg.start()), "passes "
            + v.name() + " to " + g.name() + "(..), whose parameter " + p.name() + " is declared " + p.type().strip());
      }
    }
    Matcher ret = Pattern.compile("(?<![\\w$.])return\\s+").matcher(text);
    ret.region(Math.min(text.length(), start), Math.min(text.length(), v.scopeEnd()));
    while (ret.find()) {
      int end = TsResultUses.statementEnd(text, ret.end());
      String expr = text.substring(ret.end(), end).strip();
      if (expr.equals(v.name()) && word.matcher(expr).find()) {
        returned(idx, ret.end(), "returns " + v.name());
      }
    }
    if (never && hops == 0) {
      neverUses(idx, v, callEnd);
    }
  }

  /**
   * True when the result type {@code type} is a conditional type on one of the type parameters
   * {@code named}, each of whose false branches is another such conditional or {@code never}
   * ({@code T extends FieldValidators<..> ? Array<..> : T extends FormValidators<..> ? Array<..> : never}),
   * and no check admits {@code unknown} (an {@code extends any} or {@code extends unknown}): the
   * type parameters checked are added to {@code checked}.
   */
  static boolean fallsToNever(String type, List<String> named, Set<String> checked) {
    String t = type.strip();
    Matcher m = Pattern.compile("^([\\w$]+)\\s+extends\\s").matcher(t);
    if (!m.find() || !named.contains(m.group(1))) {
      return !checked.isEmpty() && t.equals("never");
    }
    int q = -1;
    int colon = -1;
    int depth = 0;
    int pending = 0;
    for (int i = m.end(); i < t.length() && colon < 0; i++) {
      char ch = t.charAt(i);
      if (ch == '<' || ch == '(' || ch == '[' || ch == '{') {
        depth++;
      } else if (ch == '>' && t.charAt(i - 1) != '=' || ch == ')' || ch == ']' || ch == '}') {
        depth--;
      } else if (depth == 0 && ch == '?') {
        if (q < 0) {
          q = i;
        } else {
          pending++;
        }
      } else if (depth == 0 && ch == ':' && q >= 0) {
        if (pending == 0) {
          colon = i;
        } else {
          pending--;
        }
      }
    }
    if (colon < 0 || Pattern.compile("(?:^|\\|)\\s*(?:any|unknown)\\s*(?:\\||$)")
        .matcher(t.substring(m.end(), q).strip()).find()) {
      return false;
    }
    checked.add(m.group(1));
    return fallsToNever(t.substring(colon + 1), named, checked);
  }

  /**
   * The variable {@code v}, bound to a result that tsc types never: its members read ({@code v.forEach(..)},
   * {@code v?.length}), its calls ({@code v(..)}) and its iteration ({@code for (.. of v)}) after
   * {@code from}, in its scope, are rejected (tsc: TS2339, TS2349, TS2488).
   */
  private void neverUses(ScriptIndex idx, TsFacts.Binding v, int from) {
    String text = idx.text();
    String name = Pattern.quote(v.name());
    Matcher m = Pattern.compile("(?<![\\w$.])" + name + "\\s*(?:\\??\\.\\s*[\\w$#]|\\()|(?<![\\w$.])of\\s+(" + name
        + ")\\s*\\)").matcher(text);
    m.region(Math.min(text.length(), from), Math.min(text.length(), v.scopeEnd()));
    while (m.find()) {
      int at = m.start(1) >= 0 ? m.start(1) : m.start();
      if (TsTypes.localBinding(idx, v.name(), at) && !inScope(v, at)) {
        continue;
      }
      String what = m.start(1) >= 0 ? "iterates over " + v.name()
          : text.charAt(m.end() - 1) == '(' ? "calls " + v.name() : "reads a member of " + v.name();
      report(idx, TsResultUses.lineOf(text, at), TsResultUses.lineText(text, at), what + ": until the call is edited,"
          + " no argument states the type parameter that the conditional type of its result checks, so tsc types"
          + " the result with never; the call's edit mends it where the edit gives that argument back");
    }
  }

  /** True when {@code at} is inside the scope of the binding {@code v} itself. */
  private static boolean inScope(TsFacts.Binding v, int at) {
    return v.scopeStart() < at && at <= v.scopeEnd();
  }

  /** The stale value of the call at {@code start} (a pass-through function's) goes on: bound, returned. */
  private void passed(ScriptIndex idx, int start, String what, int hops) {
    String text = idx.text();
    int before = TsResultUses.backOverSpace(text, start);
    String head = text.substring(Math.max(0, before - 7), before);
    if (head.endsWith("return") && (head.length() < 7 || !Character.isJavaIdentifierPart(head.charAt(0)))) {
      returned(idx, start, what);
    } else {
      follow(idx, start, hops + 1);
    }
  }

  /**
   * The stale value is returned at {@code exprStart}: reported at the return where its function states
   * its result type, or at the enclosing call of which that function is an argument, where that call is
   * the returned value of a function that states its result type.
   */
  private void returned(ScriptIndex idx, int exprStart, String what) {
    String text = idx.text();
    int[] at = new int[1];
    ScriptIndex.Func f = enclosing(idx, exprStart, at);
    if (f != null) {
      if (rejects(f.signature().returnType())) {
        add(idx, TsResultUses.lineOf(text, exprStart), TsResultUses.lineText(text, exprStart), what + " from "
            + f.signature().name() + ", which declares its result " + f.signature().returnType().strip());
      }
      return;
    }
    if (at[0] < 0) {
      return;
    }
    ScriptIndex.Call around = null;
    for (ScriptIndex.Call g : idx.calls()) {
      if (g.open() < at[0] && at[0] < g.close() && (around == null || g.open() > around.open())) {
        around = g;
      }
    }
    if (around == null) {
      return;
    }
    String declared = TsResultUses.receivingType(idx, around.start());
    if (rejects(declared)) {
      add(idx, around.line(), around.text(), what + " from a function passed to " + around.name() + "(..), whose"
          + " result is the value of a function that declares its result " + declared);
    }
  }

  /**
   * The function whose body encloses {@code at}: a declared one (returned), or, for an anonymous
   * function or arrow function's body, null with {@code open[0]} set to that body's brace (-1 when
   * none encloses it).
   */
  private static ScriptIndex.Func enclosing(ScriptIndex idx, int at, int[] open) {
    String text = idx.text();
    open[0] = -1;
    for (int o = TsResultUses.enclosingOpen(text, at); o >= 0; o = TsResultUses.enclosingOpen(text, o)) {
      ScriptIndex.Func f = TsResultUses.bodyOf(idx, o);
      if (f != null) {
        return f;
      }
      if (TsResultUses.functionBody(text, o)) {
        open[0] = o;
        return null;
      }
    }
    return null;
  }

  /**
   * After a removal that left a type parameter to nothing: the function passed as a value at
   * {@code refStart}, inside a {@code return} statement of a function that states its result type.
   */
  private void valueReturned(ScriptIndex idx, int refStart) {
    String text = idx.text();
    int s = TsResultUses.statementStart(text, refStart);
    Matcher ret = Pattern.compile("^\\s*(return)\\s+").matcher(text.substring(s, refStart));
    if (!ret.find()) {
      return;
    }
    int exprStart = s + ret.end();
    int[] at = new int[1];
    ScriptIndex.Func f = enclosing(idx, exprStart, at);
    if (f != null && rejects(f.signature().returnType())) {
      boolean own = false;
      for (String t : TsResultUses.typeParameters(f.signature().text(), f.signature().name()).keySet()) {
        own |= TsResultUses.names(f.signature().returnType(), t);
      }
      if (own) {
        add(idx, TsResultUses.lineOf(text, s + ret.start(1)), TsResultUses.lineText(text, exprStart), "returns a value"
            + " made by passing " + change.before().name() + " on, from " + f.signature().name()
            + ", which declares its result " + f.signature().returnType().strip());
      }
    }
  }

  /**
   * The function a call {@code g} calls: a function of the file of that name (the last one declared
   * before the call, else the first), or, through a receiver (a namespace import), the workspace's one
   * top-level function of that name; null when neither is known.
   */
  private ScriptIndex.Func callee(ScriptIndex idx, ScriptIndex.Call g) {
    if (g.isNew() || g.superCall()) {
      return null;
    }
    if (g.receiver() == null) {
      ScriptIndex.Func best = null;
      for (ScriptIndex.Func f : idx.functions()) {
        if (!f.signature().name().equals(g.name()) || f.signature().kind() == FunctionSignature.Kind.METHOD
            || f.signature().kind() == FunctionSignature.Kind.CONSTRUCTOR) {
          continue;
        }
        if (best == null || f.nameStart() < g.start() && (best.nameStart() > g.start() || f.nameStart() > best.nameStart())) {
          best = f;
        }
      }
      return best;
    }
    if (!g.receiver().matches("[\\w$]+")) {
      return null;
    }
    ScriptIndex.Func only = null;
    for (ScriptIndex file : files.values()) {
      if (file.python()) {
        continue;
      }
      for (ScriptIndex.Func f : file.functions()) {
        if (f.signature().name().equals(g.name()) && f.signature().kind() == FunctionSignature.Kind.FUNCTION
            && f.signature().container().isEmpty()) {
          if (only != null) {
            return null;
          }
          only = f;
        }
      }
    }
    return only;
  }

  /** True when a declared type does not admit a value whose type argument is {@code unknown}. */
  private static boolean rejects(String type) {
    String t = type == null ? "" : type.strip();
    return !t.isEmpty() && !Set.of("void", "object", "{}").contains(t)
        && !Pattern.compile("(?<![\\w$.])(?:any|unknown)(?![\\w$])").matcher(t).find();
  }

  private void add(ScriptIndex idx, int line, String text, String what) {
    report(idx, line, text, what + ": until the call is edited, no argument states the type parameter its result"
        + " names, so tsc types the result with unknown and this use no longer type-checks; the call's edit mends"
        + " it where the edit gives that argument back");
  }

  private void report(ScriptIndex idx, int line, String text, String what) {
    String key = idx.path() + ":" + line;
    if (out.containsKey(key)) {
      return;
    }
    FunctionSignature b = change.before();
    String reason = "uses the result of " + b.qualifiedName() + "(..); " + what;
    out.put(key, new Dependent(idx.path(), line, 1, text, DependentKind.RESULT_USE, reason, 0.9, true, null));
  }
}
