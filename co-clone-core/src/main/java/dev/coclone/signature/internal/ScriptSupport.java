package dev.coclone.signature.internal;

import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.ParseProblem;
import dev.coclone.signature.SignatureChange;
import dev.coclone.signature.TextEdit;
import dev.coclone.source.SourceFile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Signature tracking for Python, JavaScript and TypeScript, read with tree-sitter.
 *
 * <p><b>Declarations.</b> Every function, method and constructor ({@code __init__}, JS/TS
 * {@code constructor}; its signature's name is its class's, as the record asks), and JS variables
 * bound to an arrow function or function expression (named after the variable). Python methods
 * leave out their first parameter ({@code self}, {@code cls}) unless decorated
 * {@code @staticmethod}; keyword-only and positional-only markers ({@code *}, {@code /}) are not
 * parameters. A TypeScript optional parameter {@code b?: T} has the default {@code undefined}.
 * Nested functions have the enclosing functions, classes and TypeScript namespaces, dotted, as
 * container. A Python file with any syntax error yields no signatures, only the position of its
 * first error; a JavaScript or TypeScript file with one yields that position and what tree-sitter
 * read around it: the declarations whose name, parameters and return type parsed (methods only
 * inside a class), the calls whose callee and arguments parsed, imports and types. TypeScript 4.7
 * variance annotations ({@code <out T>}, {@code <in T>}), which the grammar does not know, are read
 * as blanks.
 *
 * <p><b>Dependents.</b> Resolved by name, classes and imports: calls in the
 * declaring file to a top-level function count 1.0; calls in a file that imports the function
 * (or its module) from the declaring file 0.9; a name-only match without import, or a method call
 * on a receiver that is not {@code self}/{@code this}/the class, 0.6. A JavaScript/TypeScript call on
 * a built-in global ({@code JSON.parse}, {@code Math.max}, {@code Object.keys}) is the platform's
 * unless its file binds that name itself; a function of a namespace is called through the
 * namespace's name ({@code util.f(..)}, imported like any export). Calls whose argument count
 * cannot match the old signature are skipped (spread arguments match anything). In JavaScript and
 * TypeScript, {@link TsDependents} refines this with the types the source states (method receivers,
 * re-exports, overloads, TypeScript's override rules). Python follows re-exports and module-level
 * aliases ({@link PythonModules}) and judges method calls by the class of their receiver where the
 * file states it ({@link PythonTypes}); a method call whose receiver's class it cannot tell is
 * reported with confidence 0.5 and not counted as breaking (0.4 and no edit when another class or a
 * built-in type has a method of that name). Python {@code @overload} signatures and a function
 * declared again in its scope are edited with the changed declaration.
 *
 * <p><b>Placeholders.</b> When a parameter without a default is added, calls get a placeholder
 * that is valid code: {@code None} in Python (a comment cannot sit inside a call's argument
 * list on one line, so the dependent's reason names the placeholder instead),
 * {@code undefined /* TODO: name *}{@code /} in JavaScript, and in TypeScript a value of the
 * parameter's type ({@link TsPlaceholders}). A new parameter with
 * a default that lies before arguments still passed by position gets its default's text; only
 * trailing parameters with defaults need no edit. A required parameter that cannot follow the
 * positional arguments of a Python call is passed by keyword ({@code name=None}).
 *
 * <p>Not thread-safe, as {@link LanguageSupport} allows.
 */
public final class ScriptSupport implements LanguageSupport {
  private final Map<String, ScriptIndex> files = new TreeMap<>();

  /** Creates an empty support. */
  public ScriptSupport() {}

  @Override
  public boolean handles(String language) {
    return "python".equals(language) || "javascript".equals(language) || "typescript".equals(language);
  }

  @Override
  public ParsedFile parse(SourceFile file) {
    try {
      return ScriptParser.parse(file);
    } catch (LinkageError | RuntimeException e) {
      return new ParsedFile(file, List.of(), new ParseProblem(file.path(), 1, 1,
          "tree-sitter could not read the file: " + e.getMessage()), null);
    }
  }

  @Override
  public void accept(ParsedFile parsed) {
    if (parsed.tree() instanceof ScriptIndex index) {
      files.put(parsed.file().path(), index);
    }
  }

  @Override
  public void remove(String path) {
    files.remove(path);
  }

  /** How a site matched. */
  private record Match(DependentKind kind, double confidence, boolean rename) {}

  /** A site found, with its edit (if any) until the file is done. */
  private record Site(String path, int line, int column, String text, DependentKind kind, double confidence,
      ScriptEdits.Plan plan, ScriptEdits.Entry entry, boolean breaks) {}

  /** Changes whose declaration keeps its supertype's contract with overloads, in the newer text. */
  private final Set<SignatureChange> keepContracts = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * The changed TypeScript method's own site, where a supertype's contract constrains it and no base
   * of the workspace is widened instead: the edit of its newer text that keeps the contract
   * ({@link TsDependents#keepContract}: the old signature as an overload beside the new one).
   */
  @Override
  public Dependent atNewDeclaration(Dependent d, SignatureChange change, String text) {
    if (d.kind() != DependentKind.OVERRIDDEN || d.edit() != null || d.line() != change.before().line()
        || d.column() != change.before().column() || !keepContracts.remove(change)) {
      return d;
    }
    ScriptEdits.Sub keep = TsDependents.keepContract(text, change);
    if (keep == null) {
      return d;
    }
    return new Dependent(d.path(), d.line(), d.column(), d.text(), d.kind(), d.reason() + "; the edit keeps that"
        + " contract: the old signature stays as an overload beside the new one, and the implementation takes"
        + " the new parameter as optional, so calls through the supertype keep working", d.confidence(), d.breaks(),
        TextEdit.of(text, keep.start(), keep.end(), keep.text()));
  }

  @Override
  public List<Dependent> dependents(SignatureChange change) {
    keepContracts.clear();
    FunctionSignature b = change.before();
    FunctionSignature.Kind kind = b.kind();
    boolean ctor = kind == FunctionSignature.Kind.CONSTRUCTOR;
    boolean method = kind == FunctionSignature.Kind.METHOD;
    String className = ctor || method ? last(b.container()) : "";
    Set<String> subclasses = ctor || method ? subclasses(className, !ctor) : Set.of();
    ScriptIndex declaring = files.get(b.path());
    // a function of a TypeScript namespace (export namespace util { export function f }) is reached
    // through the namespace's name: util.f(..), imported as the namespace's outermost name
    String namespace = kind == FunctionSignature.Kind.FUNCTION && declaring != null && declaring.facts() != null
        && declaring.facts().namespaces().contains(b.container()) ? b.container() : null;
    String symbol = ctor ? className : namespace != null ? namespace.split("\\.")[0] : b.name();
    List<Dependent> out = new ArrayList<>();
    boolean python = "python".equals(b.language());
    PythonTypes types = python ? new PythonTypes(files.values()) : null;
    Map<String, String> reexports = python ? PythonModules.reexports(files.values(), b.path(), symbol) : null;
    // Python: a method that overrides a base class's changes with its whole family (the topmost
    // base declaring it and every override below), so that the overrides stay compatible.
    String changedClass = className;
    if (python && method) {
      String root = types.familyRoot(className, b.name());
      if (!root.equals(className)) {
        className = root;
        subclasses = subclasses(root, true);
      }
    }
    TsDependents ts = python ? null : new TsDependents(new TsTypes(files.values(), b.path()), className);
    TsModules.Paths paths = python ? null : new TsModules.Paths(files);
    List<TsFacts.Overload> overloads = ts == null || declaring == null || ctor ? List.of()
        : TsDependents.overloads(declaring, b.name(), method ? className : "");
    boolean overloaded = !overloads.isEmpty();
    // calls follow the overloads: they get edits only when every overload gets the same edit
    ScriptEdits probe = overloaded ? new ScriptEdits(declaring.text(), false, true) : null;
    boolean overloadsEdited = (change.is(ChangeKind.PARAMETER_ADDED) || change.is(ChangeKind.PARAMETER_REMOVED)
        || change.is(ChangeKind.PARAMETERS_REORDERED) || change.is(ChangeKind.RENAMED)
        || change.is(ChangeKind.PARAMETER_REQUIRED))
        && overloads.stream().allMatch(o -> !probe.planOverload(o, change).manual);
    List<String> contracts = ts != null && method && "typescript".equals(b.language())
        ? ts.brokenContracts(className, change) : List.of();
    // Python: pyright checks calls against the @overload signatures, and the implementation against them.
    List<ScriptIndex.Func> pyOverloads = python && declaring != null ? pythonOverloads(declaring, b) : List.of();
    boolean pyOverloaded = !pyOverloads.isEmpty();
    // Python: the same function declared again in its scope (under a platform or version test).
    List<ScriptIndex.Func> pyTwins = python && declaring != null ? pythonRedeclarations(declaring, b) : List.of();
    int laterTwin = pyTwins.stream().mapToInt(f -> f.signature().line()).filter(l -> l > b.line()).max().orElse(-1);
    for (ScriptIndex idx : files.values()) {
      boolean same = idx.path().equals(b.path());
      ScriptModules mods = new ScriptModules(idx, b.path(), symbol);
      if (python && idx.python()) {
        PythonModules.extend(mods, idx, reexports, b.path(), symbol);
      }
      if (ts != null && !idx.python()) {
        TsModules.extend(mods, idx, b.path(), symbol, paths);
      }
      ScriptEdits edits = new ScriptEdits(idx.text(), idx.python(), "typescript".equals(idx.language()));
      List<Site> sites = new ArrayList<>();
      Set<String> viaNamespace = namespace == null ? Set.of() : namespaceReceivers(namespace, same, mods);
      for (ScriptIndex.Ref r : idx.refs()) {
        if (ts != null && !idx.python() && kind == FunctionSignature.Kind.FUNCTION && r.receiver() == null
            && "use".equals(r.role()) && (r.name().equals(b.name()) || mods.symbols.contains(r.name()))
            && TsTypes.localBinding(idx, r.name(), r.start())) {
          continue;
        }
        Match m = r.receiver() != null && viaNamespace.contains(r.receiver()) && r.name().equals(b.name()) && "use".equals(r.role())
            ? new Match(DependentKind.REFERENCE, same ? 1.0 : 0.9, true)
            : matchRef(r, b, same, mods, className, subclasses, ctor, method, idx);
        if (m != null && ts != null && method && selfLike(r.receiver()) && r.enclosingClass().equals(className)
            && !ts.changedClass(idx, r.start(), className)) {
          m = null;
        }
        if (m != null) {
          ScriptEdits.Plan plan = new ScriptEdits.Plan();
          boolean breaks = change.after() == null || change.is(ChangeKind.RENAMED) || change.is(ChangeKind.MOVED);
          if (change.is(ChangeKind.RENAMED) && m.rename() && change.after() != null) {
            plan.subs.add(new ScriptEdits.Sub(r.start(), r.end(), change.after().name()));
            plan.notes.add("renamed to " + change.after().name());
          } else if (ts != null && !idx.python() && kind == FunctionSignature.Kind.FUNCTION && r.argument()
              && "use".equals(r.role()) && change.is(ChangeKind.PARAMETER_ADDED) && change.mechanical()) {
            // a function passed as a value gets a wrapper that passes the new argument; tsc rejects it
            // where the callee passes fewer arguments than it now needs (not through overloads it keeps)
            // (not an array method's callback, which gets the index and the array too, when they fit)
            plan = overloaded && !overloadsEdited || ts.fedByArrayCallback(idx, r.start(), r.end(), change) ? plan
                : edits.planValue(r.start(), r.end(), change);
            breaks = !plan.subs.isEmpty() && !overloaded;
            if (overloaded && overloadsEdited) {
              plan.notes.add("it breaks once the overload signatures are edited too");
            }
          } else if (ts != null && !idx.python() && method && "this".equals(r.receiver()) && "use".equals(r.role())
              && change.is(ChangeKind.PARAMETER_ADDED) && change.mechanical() && !overloaded) {
            // this.f = this.m: a member whose declared function type takes fewer parameters than m now
            // needs no longer accepts it (tsc: "Target signature provides too few arguments"); wrapped
            String target = TsDependents.assignedTarget(idx.text(), r.start(), r.end());
            int arity = target == null ? -1 : ts.statedFunctionArity(idx, target, r.start(), r.enclosingClass());
            if (arity >= 0 && arity < change.after().minArity()) {
              plan = edits.planValue(r.start() - "this.".length(), r.end(), change);
              breaks = !plan.subs.isEmpty();
            }
          }
          int line = r.line();
          int column = r.column();
          String text = r.text();
          if (ts != null && !idx.python() && kind == FunctionSignature.Kind.FUNCTION && "use".equals(r.role())
              && !r.argument() && change.is(ChangeKind.PARAMETER_ADDED) && change.mechanical() && !overloaded
              && plan.subs.isEmpty()) {
            // const isEmpty: <A>(self: Doc<A>) => boolean = internal.isEmpty: the stated function type takes
            // fewer parameters than the function now needs (tsc, at the constant's name: "Target signature
            // provides too few arguments"); wrapped, so that the constant and its callers keep their type
            int exprStart = r.receiver() == null ? r.start() : r.start() - r.receiver().length() - 1;
            TsFacts.Binding d = exprStart >= 0 && idx.text().startsWith(r.receiver() == null ? r.name()
                : r.receiver() + "." + r.name(), exprStart) ? TsDependents.statedDeclaration(idx, exprStart, r.end()) : null;
            int arity = d == null ? -1 : TsDependents.functionTypeArity(d.type());
            if (arity >= 0 && arity < change.after().minArity()) {
              plan = edits.planValue(exprStart, r.end(), change);
              breaks = !plan.subs.isEmpty();
              ScriptText st = new ScriptText(idx.text());
              line = st.line(d.scopeStart());
              column = st.column(d.scopeStart());
              text = st.lineText(line).strip();
            } else if (d == null && exprStart >= 0) {
              // combineAll: cats in an object literal whose type is stated (the function's declared result
              // Monoid<Doc<A>>, a typed variable): the member's function type takes fewer parameters than
              // the function now needs; wrapped like a function passed as a value
              TsDependents.Member member = ts.declaredMember(idx, exprStart, r.end(), change.after().minArity());
              if (member != null) {
                plan = edits.planValue(exprStart, r.end(), change);
                if (member.shorthand() && !plan.subs.isEmpty()) {
                  ScriptEdits.Sub sub = plan.subs.get(0);
                  plan.subs.set(0, new ScriptEdits.Sub(sub.start(), sub.end(), member.key() + ": " + sub.text()));
                }
                if (!plan.subs.isEmpty()) {
                  plan.notes.add("the value of member " + member.key() + " of an object whose type is stated ("
                      + member.declared() + "), which takes fewer parameters than the function now needs");
                }
                breaks = !plan.subs.isEmpty();
              }
            }
          }
          sites.add(site(idx, line, column, text, m, plan, edits, change, breaks));
        }
      }
      List<TsDependents.Alias> aliases = List.of();
      if (ts != null && !idx.python() && kind == FunctionSignature.Kind.FUNCTION && b.container().isEmpty()) {
        Set<String> names = new HashSet<>(mods.symbols);
        if (same) {
          names.add(b.name());
        }
        aliases = TsDependents.aliases(idx, names);
      }
      List<ScriptIndex.Call> calls = new ArrayList<>(idx.calls());
      calls.sort(Comparator.comparingInt(ScriptIndex.Call::start).reversed()
          .thenComparingInt(ScriptIndex.Call::end));
      for (ScriptIndex.Call c : calls) {
        if (ts != null && !idx.python() && TsTypes.builtinGlobal(idx, c.receiver())) {
          continue; // JSON.parse(..), Math.max(..): the platform's, unless the file binds the name itself
        }
        if (ts != null && !idx.python() && !same && kind == FunctionSignature.Kind.FUNCTION && c.receiver() == null
            && !mods.symbols.contains(c.name()) && (declaresOwn(idx, c.name())
            || TsDependents.ownVariable(idx, c.name()) && TsDependents.alias(aliases, c) == null)) {
          continue; // a module that declares its own f(..) (or a constant f = dual(..)) calls that one
        }
        if (ts != null && !idx.python() && kind == FunctionSignature.Kind.FUNCTION && c.receiver() == null
            && (c.name().equals(b.name()) || mods.symbols.contains(c.name()))
            && TsTypes.localBinding(idx, c.name(), c.start(), same && !b.container().isEmpty() ? b.line() : -1)) {
          continue; // check(val) where check is a parameter or local variable of the enclosing function
        }
        Match m = c.receiver() != null && viaNamespace.contains(c.receiver()) && c.name().equals(b.name()) && !c.isNew()
            ? new Match(DependentKind.CALL, same ? 1.0 : 0.9, true)
            : matchCall(c, b, same, mods, className, subclasses, ctor, method, idx.python());
        if (m != null && method && types != null && idx.python()) {
          m = typed(m, c, types, idx, changedClass, className, same);
        }
        if (m == null && ts != null && !idx.python() && method && "this".equals(c.receiver()) && !c.isNew()
            && c.name().equals(b.name()) && ts.methodCall(idx, c, className, subclasses) == TsDependents.Verdict.TYPED) {
          // this.m() where `this` has a type that includes the changed class without extending it: a
          // `this: MixedInParser` parameter of a mixin trait, a class merged with an interface of its name
          m = new Match(DependentKind.CALL, 0.9, true);
        }
        if (m != null && ts != null && method && selfLike(c.receiver()) && c.enclosingClass().equals(className)
            && !ts.changedClass(idx, c.start(), className)) {
          continue; // this.m() in another class of the same simple name (declared in another function)
        }
        TsDependents.Alias alias = m == null ? TsDependents.alias(aliases, c) : null;
        if (alias != null) {
          m = new Match(DependentKind.CALL, alias.conditional() ? 0.6 : 0.9, false);
        }
        if (m == null || !arityOk(c, b, idx.python())) {
          continue;
        }
        TsDependents.Verdict v = ts != null && method && m.kind() == DependentKind.CALL && !selfLike(c.receiver())
            && !c.superCall() ? ts.methodCall(idx, c, className, subclasses) : null;
        if (ts != null && method && m.kind() == DependentKind.CALL && "this".equals(c.receiver())
            && !TsTypes.thisType(idx, c.start()).isEmpty()) {
          // `this: T` states the receiver: judged by T where T is known (unknown, by the enclosing class)
          v = ts.methodCall(idx, c, className, subclasses);
          v = v == TsDependents.Verdict.UNSURE || v == TsDependents.Verdict.BY_NAME ? null : v;
        }
        if (ts != null && method && v == null && !c.enclosingClass().equals(className)
            && subclasses.contains(c.enclosingClass())) {
          // this.m() and super.m() in a subclass bind to the first class up from there that declares m
          String from = c.superCall() ? ts.base(c.enclosingClass()) : c.enclosingClass();
          if (!from.isEmpty() && ts.throughOverride(from, b.name(), className)) {
            v = TsDependents.Verdict.THROUGH_OVERRIDE;
          }
        }
        if (v == TsDependents.Verdict.OTHER
            || v == TsDependents.Verdict.THROUGH_OVERRIDE && !TsDependents.editOverrides(change)) {
          continue;
        }
        if (v == TsDependents.Verdict.TYPED) {
          m = new Match(DependentKind.CALL, 0.9, true);
        }
        boolean rename = m.rename() && m.kind() != DependentKind.CONSTRUCTOR_CALL && !"super".equals(c.name());
        boolean shared = idx.python() && m.confidence() == SHARED_NAME;
        ScriptEdits.Plan plan = change.mechanical() && v != TsDependents.Verdict.UNSURE && !shared
            && !(overloaded && !overloadsEdited && m.kind() == DependentKind.CALL)
            ? edits.planCall(c, change, rename) : new ScriptEdits.Plan();
        ScriptIndex.Arg unset = ts != null && !idx.python() && change.mechanical() && plan.subs.isEmpty() && !plan.manual
            && v != TsDependents.Verdict.UNSURE && !overloaded ? ts.undefinedArgument(idx, c, change) : null;
        if (unset != null && "undefined".equals(idx.text().substring(unset.start(), unset.end()).strip())) {
          plan.manual = true;
          plan.notes.add("passes undefined where a value is now required; no edit: pass a value");
        } else if (unset != null) {
          String arg = idx.text().substring(unset.start(), unset.end());
          plan.subs.add(new ScriptEdits.Sub(unset.end(), unset.end(), "!"));
          plan.notes.add("passes " + arg + ", which may be undefined, where a value is now required; the edit"
              + " asserts it is set (" + arg + "!): make sure it is, or pass a value");
        }
        if (shared) {
          plan.notes.add("the receiver's class is not written in the source and other classes (or Python's"
              + " built-in types) have a method " + c.name() + "; no edit: check it by hand");
        }
        boolean breaks = (change.mechanical() ? !plan.subs.isEmpty() || plan.manual : change.breaksCallers())
            && !(idx.python() && m.confidence() <= UNKNOWN_RECEIVER);
        if (alias != null && alias.conditional() && !plan.subs.isEmpty()) {
          plan = new ScriptEdits.Plan();
          plan.manual = true;
          plan.notes.add("calls " + b.name() + " through " + alias.name() + " = " + alias.init()
              + ", which may be another function; update it by hand");
        } else if (alias != null) {
          plan.notes.add("calls " + b.name() + " through " + alias.name() + " = " + alias.init());
        }
        if (ts != null && !idx.python() && breaks && !plan.subs.isEmpty() && ts.reorderAccepted(idx, c, change)) {
          plan.notes.add("tsc accepts the arguments either way (types with only optional members that share one),"
              + " so it will not report this call; the edit keeps what each argument meant");
          breaks = false;
        }
        if (ts != null && !idx.python() && breaks && !plan.subs.isEmpty() && !plan.manual
            && v != TsDependents.Verdict.UNSURE && !overloaded && ts.anyAccepted(idx, c, change)) {
          plan.notes.add("tsc accepts the arguments as they stand (each one that now lands on another parameter is"
              + " typed any, or lands on a parameter typed any), so it will not report this call; the edit keeps what"
              + " each argument meant");
          breaks = false;
        }
        if (ts != null && !idx.python() && breaks && !plan.subs.isEmpty() && !plan.manual
            && v != TsDependents.Verdict.UNSURE && !overloaded && TsDependents.typeParameterSwap(idx, c, change)) {
          plan.notes.add("tsc accepts the arguments as they stand (the swapped parameters are typed with the same"
              + " type parameter, which tsc infers from both), so it will not report this call; the edit keeps what"
              + " each argument meant");
          breaks = false;
        }
        if (v == TsDependents.Verdict.UNSURE) {
          m = new Match(DependentKind.CALL, 0.5, true);
          plan.notes.add("the receiver's type is not written in the source and other types have a method "
              + c.name() + "; no edit: check it by hand");
          breaks = false;
        } else if (v == TsDependents.Verdict.THROUGH_OVERRIDE) {
          plan.notes.add("calls the override in a subclass; it breaks once that override is edited too");
          breaks = false;
        } else if (pyOverloaded && (m.kind() == DependentKind.CALL || m.kind() == DependentKind.SUPER_CALL)) {
          plan.notes.add("pyright checks it against the @overload signatures; it breaks once they are edited too");
          breaks = false;
        } else if (laterTwin > 0 && m.kind() == DependentKind.CALL) {
          plan.notes.add("pyright checks it against the later declaration of " + b.name() + " (line " + laterTwin
              + "); it breaks once that is edited too");
          breaks = false;
        } else if (overloaded && m.kind() == DependentKind.CALL) {
          plan.notes.add(overloadsEdited ? "tsc checks it against the overload signatures; it breaks once they are"
              + " edited too" : "tsc checks it against the overload signatures, which this change cannot edit the"
              + " same way; update the overloads and then their calls by hand");
          breaks = false;
        }
        sites.add(site(idx, c.line(), c.column(), c.text(), m, plan, edits, change, breaks));
      }
      if (method) {
        for (ScriptIndex.Func f : idx.functions()) {
          boolean root = !className.equals(changedClass) && f.className().equals(className);
          boolean self = same && f.signature().line() == b.line();
          if ((subclasses.contains(f.className()) || root) && !self && f.signature().name().equals(b.name())
              && f.signature().kind() == FunctionSignature.Kind.METHOD) {
            // The family's root: reported as what the changed method overrides, breaking (the changed
            // method no longer fits it); overrides not below the changed class do not break yet.
            Match m = new Match(root ? DependentKind.OVERRIDDEN : DependentKind.OVERRIDE, same ? 1.0 : 0.9, true);
            boolean edit = change.mechanical() && (ts == null || TsDependents.editOverrides(change));
            // below an override of the changed method: it follows that one, which changes when edited
            boolean below = ts != null && !root && ts.throughOverride(ts.base(f.className()), b.name(), className);
            ScriptEdits.Plan plan = edit ? edits.planOverride(f, change) : new ScriptEdits.Plan();
            boolean breaks = (change.mechanical() ? !plan.subs.isEmpty() || plan.manual : change.breaksCallers())
                && (root || !python || types.extendsClass(f.className(), changedClass));
            if (ts != null && !edit) {
              plan.notes.add("TypeScript accepts an override with fewer parameters; add the new one to it if it"
                  + " should use the argument");
              breaks = false;
            } else if (ts != null) {
              breaks &= TsDependents.overrideBreaks(change) && !below;
              if (below) {
                plan.notes.add("overrides " + ts.base(f.className()) + "." + b.name() + ", an override of the changed"
                    + " method; it breaks once that override is edited too");
              }
            }
            FunctionSignature s = f.signature();
            sites.add(site(idx, s.line(), s.column(), s.text(), m, plan, edits, change, breaks));
          }
        }
      }
      for (String contract : contracts) {
        ScriptEdits.Sub widen = ts.contractEdit(idx, contract, change);
        if (widen == null) {
          continue;
        }
        ScriptEdits.Plan plan = new ScriptEdits.Plan();
        plan.subs.add(widen);
        plan.notes.add("the base method " + contract + "." + b.name() + " that the changed one overrides; the edit"
            + " adds the new parameter to it as optional, so the override implements it again and calls through "
            + contract + " stay valid");
        int line = idx.text().substring(0, widen.start()).split("\n", -1).length;
        sites.add(site(idx, line, 1, contract + "." + b.name(), new Match(DependentKind.OVERRIDDEN, 0.9, false), plan,
            edits, change, false));
      }
      if (same) {
        for (ScriptIndex.Func o : pyOverloads) {
          ScriptEdits.Plan plan = change.mechanical() ? edits.planOverride(o, change) : new ScriptEdits.Plan();
          plan.notes.add("an @overload signature of " + b.qualifiedName() + "; pyright reports the implementation"
              + " when they no longer agree");
          boolean breaks = change.mechanical() ? !plan.subs.isEmpty() || plan.manual : change.breaksCallers();
          FunctionSignature s = o.signature();
          sites.add(site(idx, s.line(), s.column(), s.text(), new Match(DependentKind.OVERRIDE, 1.0, true), plan,
              edits, change, breaks));
        }
        for (ScriptIndex.Func o : pyTwins) {
          ScriptEdits.Plan plan = change.mechanical() ? edits.planOverride(o, change) : new ScriptEdits.Plan();
          plan.notes.add("another declaration of " + b.qualifiedName() + " in the same scope (under a platform or"
              + " version test); pyright holds them to one signature");
          boolean breaks = change.mechanical() ? !plan.subs.isEmpty() || plan.manual : change.breaksCallers();
          FunctionSignature s = o.signature();
          sites.add(site(idx, s.line(), s.column(), s.text(), new Match(DependentKind.OVERRIDE, 1.0, true), plan,
              edits, change, breaks));
        }
      }
      if (ts != null && same && (method || kind == FunctionSignature.Kind.FUNCTION)) {
        tsDeclarationSites(idx, b, change, ts, method ? className : "", edits, sites);
      }
      for (Site s : sites) {
        out.add(dependent(s, b, change));
      }
    }
    if (ts != null && "typescript".equals(b.language())) {
      // the uses of a call's result whose type the removed parameter alone decided
      out.addAll(TsResultUses.of(files, paths, change, out));
      // the uses of a call's result that tsc types with unknown until the call is edited
      Set<String> lines = new HashSet<>();
      for (Dependent d : out) {
        if (d.breaks()) {
          lines.add(d.path() + ":" + d.line());
        }
      }
      for (Dependent d : TsStaleResults.of(files, change, out)) {
        if (lines.add(d.path() + ":" + d.line())) {
          out.add(d);
        }
      }
    }
    if (!contracts.isEmpty()) {
      // instances of the class converted with `as` to a type that holds them to a broken contract
      out.addAll(ts.conversions(files.values(), className, contracts, change));
    }
    return out;
  }

  /**
   * The changed declaration's own TypeScript overload signatures (edited like it), and the
   * declaration itself when a base class or interface of the workspace constrains its signature.
   */
  private void tsDeclarationSites(ScriptIndex idx, FunctionSignature b, SignatureChange change, TsDependents ts,
      String className, ScriptEdits edits, List<Site> sites) {
    boolean reported = false;
    for (TsFacts.Overload o : TsDependents.overloads(idx, b.name(), className)) {
      ScriptEdits.Plan plan = change.mechanical() ? edits.planOverload(o, change) : new ScriptEdits.Plan();
      plan.notes.add("an overload signature of " + b.qualifiedName() + "; it must stay compatible with the"
          + " implementation");
      // tsc reports the first overload the implementation no longer fits, and only that one
      boolean breaks = !reported && TsDependents.incompatible(o, change, idx.text());
      reported |= breaks;
      sites.add(site(idx, o.line(), o.column(), o.text(), new Match(DependentKind.OVERRIDE, 1.0, true), plan, edits,
          change, breaks));
    }
    List<String> contracts = className.isEmpty() ? List.of() : ts.brokenContracts(className, change);
    if (!contracts.isEmpty()) {
      String contract = contracts.get(0);
      String more = contracts.stream().skip(1).map(c -> c + "." + b.name()).collect(Collectors.joining(", "));
      ScriptEdits.Plan plan = new ScriptEdits.Plan();
      // a base of the workspace that takes the added parameter as optional is edited instead (at its file)
      boolean widened = contracts.stream().allMatch(c -> !ts.platformContract(c)
          && files.values().stream().anyMatch(f -> ts.contractEdit(f, c, change) != null));
      if (!widened) {
        keepContracts.add(change);
      }
      if (ts.platformContract(contract)) {
        plan.notes.add("overrides " + contract + "." + b.name() + " of the platform's library (lib.*.d.ts)"
            + (more.isEmpty() ? "" : " (and " + more + ")") + ", whose signature constrains it: tsc rejects the new"
            + " one here (make the new parameter optional, or give the method another name); calls through "
            + contract + " still pass the platform's arguments");
      } else {
        plan.notes.add("overrides " + contract + "." + b.name() + (more.isEmpty() ? "" : " (and, above it, " + more
            + ")") + ", whose signature constrains it: tsc rejects the new one here (make the new parameter optional,"
            + " or change " + contract + " and its other implementations)");
      }
      sites.add(site(idx, b.line(), b.column(), b.text(), new Match(DependentKind.OVERRIDDEN, 1.0, false), plan,
          edits, change, true));
    }
  }

  /**
   * How a file writes the namespace {@code namespace} (dotted) of the changed function's file: by
   * its own name in that file; elsewhere through a local name bound to its outermost namespace
   * ({@code import {util} from './util'}, re-exports followed), or a module namespace
   * ({@code import * as m}, then {@code m.util}).
   */
  private static Set<String> namespaceReceivers(String namespace, boolean same, ScriptModules mods) {
    Set<String> out = new HashSet<>();
    if (same) {
      out.add(namespace);
      return out;
    }
    int dot = namespace.indexOf('.');
    String inner = dot < 0 ? "" : namespace.substring(dot);
    mods.symbols.forEach(local -> out.add(local + inner));
    mods.namespaces.forEach(module -> out.add(module + "." + namespace));
    return out;
  }

  /** True when the file declares a top-level function (or a constant bound to one) of that name. */
  private static boolean declaresOwn(ScriptIndex idx, String name) {
    return idx.functions().stream().anyMatch(f -> f.signature().container().isEmpty()
        && f.signature().name().equals(name) && f.signature().kind() == FunctionSignature.Kind.FUNCTION);
  }

  /** The {@code @overload} signatures declared for the Python function or method {@code b}, in its file. */
  private static List<ScriptIndex.Func> pythonOverloads(ScriptIndex idx, FunctionSignature b) {
    if (isOverload(b)) {
      return List.of();
    }
    List<ScriptIndex.Func> out = new ArrayList<>();
    for (ScriptIndex.Func f : idx.functions()) {
      FunctionSignature s = f.signature();
      if (s.name().equals(b.name()) && s.container().equals(b.container()) && s.line() != b.line() && isOverload(s)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * The other declarations of the Python function or method {@code b} in its scope with the same
   * decorators ({@code if WIN: def f(..) else: def f(..)}); none for overloads, property accessors
   * and {@code singledispatch} registrations, whose declarations differ by design.
   */
  private static List<ScriptIndex.Func> pythonRedeclarations(ScriptIndex idx, FunctionSignature b) {
    List<ScriptIndex.Func> out = new ArrayList<>();
    if (variant(b)) {
      return out;
    }
    for (ScriptIndex.Func f : idx.functions()) {
      FunctionSignature s = f.signature();
      if (s.name().equals(b.name()) && s.container().equals(b.container()) && s.line() != b.line()
          && s.kind() == b.kind() && decorators(s).equals(decorators(b))) {
        out.add(f);
      }
    }
    return out;
  }

  private static List<String> decorators(FunctionSignature s) {
    return s.modifiers().stream().filter(m -> m.startsWith("@")).toList();
  }

  private static boolean variant(FunctionSignature s) {
    return isOverload(s) || decorators(s).stream().anyMatch(m -> m.equals("@property") || m.endsWith(".setter")
        || m.endsWith(".getter") || m.endsWith(".deleter") || m.endsWith(".register") || m.contains(".register("));
  }

  private static boolean isOverload(FunctionSignature s) {
    return s.modifiers().stream().anyMatch(m -> m.equals("@overload") || m.endsWith(".overload"));
  }

  private Site site(ScriptIndex idx, int line, int column, String text, Match m, ScriptEdits.Plan plan,
      ScriptEdits edits, SignatureChange change, boolean breaks) {
    ScriptEdits.Entry entry = change.mechanical() && !plan.manual ? edits.commit(plan.subs) : null;
    if (entry == null) {
      edits.abort();
    }
    return new Site(idx.path(), line, column, text, m.kind(), m.confidence(), plan, entry, breaks);
  }

  private static Dependent dependent(Site s, FunctionSignature b, SignatureChange change) {
    String verb = switch (s.kind()) {
      case CONSTRUCTOR_CALL -> "constructs";
      case SUPER_CALL -> "calls super";
      case OVERRIDE -> "overrides";
      case OVERRIDDEN -> "changes";
      case REFERENCE -> "refers to";
      default -> "calls";
    };
    String head = verb + " " + b.qualifiedName() + "(" + b.parameters().stream().map(p -> p.name())
        .collect(Collectors.joining(", ")) + ")";
    String why = s.plan().notes.isEmpty() ? change.summary() : String.join("; ", s.plan().notes);
    boolean absorbed = s.entry() != null && s.entry().absorbed;
    if (absorbed) {
      why += " (its edit is part of the edit of the enclosing call)";
    }
    return new Dependent(s.path(), s.line(), s.column(), s.text(), s.kind(), head + "; " + why, s.confidence(),
        s.breaks(), s.entry() == null || absorbed ? null : s.entry().edit);
  }

  // ---- matching

  /**
   * The confidence of a Python method call whose receiver's class the file does not state, or
   * that binds to an override of the changed method (which its edit changes too): such calls are
   * reported with their edits but not counted as breaking.
   */
  private static final double UNKNOWN_RECEIVER = 0.5;

  /**
   * The confidence of a Python method call whose receiver's class the file does not state and
   * whose name other classes or Python's built-in types also have ({@code stream.write(..)}): it
   * is reported without an edit, which would as likely break another method's call.
   */
  private static final double SHARED_NAME = 0.4;

  /**
   * A Python method call judged by its receiver's class where the file states it
   * ({@link PythonTypes}): a dependent when that class's method is the changed one (not when a
   * class between overrides it, or the class is another); with an unknown receiver, a dependent
   * that is not counted as breaking; likewise a call that binds to an override of the changed method.
   */
  private static Match typed(Match m, ScriptIndex.Call c, PythonTypes types, ScriptIndex idx, String changedClass,
      String familyRoot, boolean same) {
    String type;
    if (c.superCall()) {
      // super().m(..) binds to the first of the enclosing class's bases that declares m.
      String bound = types.bindsSuper(c.enclosingClass(), c.name());
      if (bound == null || changedClass.equals(bound)) {
        return m;
      }
      return types.extendsClass(bound, familyRoot) ? new Match(m.kind(), UNKNOWN_RECEIVER, m.rename()) : null;
    }
    type = types.isClass(c.receiver()) ? c.receiver() : types.receiverType(idx, c);
    if (type == null) {
      return new Match(m.kind(), types.sharedName(c.name(), familyRoot) ? SHARED_NAME : UNKNOWN_RECEIVER, m.rename());
    }
    String bound = types.binds(type, c.name());
    if (changedClass.equals(bound)) {
      return new Match(m.kind(), same ? 1.0 : 0.9, m.rename());
    }
    // It binds to another method of the family (an override, the base), which changes with the
    // changed method (its edit): the call needs the same edit then, and type-checks until then.
    return bound != null && types.extendsClass(bound, familyRoot)
        ? new Match(m.kind(), UNKNOWN_RECEIVER, m.rename()) : null;
  }

  private static boolean selfLike(String receiver) {
    return "self".equals(receiver) || "this".equals(receiver) || "cls".equals(receiver);
  }

  private static Match matchCall(ScriptIndex.Call c, FunctionSignature b, boolean same, ScriptModules mods,
      String className, Set<String> subclasses, boolean ctor, boolean method, boolean python) {
    String recv = c.receiver();
    if (ctor) {
      if (c.name().equals(className) && c.isNew() != python) {
        double conf = recv == null ? bySymbol(same, mods, className) : mods.namespaces.contains(recv) ? 0.9 : 0.6;
        return conf < 0 ? null : new Match(DependentKind.CONSTRUCTOR_CALL, conf, false);
      }
      boolean superInit = python ? c.name().equals("__init__") && c.superCall() : c.name().equals("super") && recv == null;
      if (superInit && subclasses.contains(c.enclosingClass())) {
        return new Match(DependentKind.SUPER_CALL, same ? 1.0 : 0.9, false);
      }
      return null;
    }
    if (method) {
      if (!c.name().equals(b.name()) || recv == null || c.isNew()) {
        return null;
      }
      if (c.superCall()) {
        return subclasses.contains(c.enclosingClass()) ? new Match(DependentKind.SUPER_CALL, same ? 1.0 : 0.9, true)
            : null;
      }
      if (selfLike(recv)) {
        if (c.enclosingClass().equals(className)) {
          return new Match(DependentKind.CALL, same ? 1.0 : 0.9, true);
        }
        return subclasses.contains(c.enclosingClass()) ? new Match(DependentKind.CALL, 0.9, true) : null;
      }
      return new Match(DependentKind.CALL, recv.equals(className) ? 0.9 : 0.6, true);
    }
    if (!b.container().isEmpty()) {
      return same && recv == null && c.name().equals(b.name()) && !c.isNew()
          ? new Match(DependentKind.CALL, 1.0, true) : null;
    }
    if (c.isNew()) {
      return null;
    }
    if (recv == null) {
      if (mods.symbols.contains(c.name())) {
        return new Match(DependentKind.CALL, 0.9, c.name().equals(b.name()));
      }
      double conf = c.name().equals(b.name()) ? bySymbol(same, mods, b.name()) : -1;
      return conf < 0 ? null : new Match(DependentKind.CALL, conf, true);
    }
    if (!c.name().equals(b.name()) || selfLike(recv) || c.superCall()) {
      return null;
    }
    if (mods.namespaces.contains(recv)) {
      return new Match(DependentKind.CALL, 0.9, true);
    }
    // JavaScript/TypeScript: obj.f(..) on anything but the declaring module is a method call, no call
    // of the module's function f (zod's schema.check(..) is not its top-level check(fn))
    return !python || mods.others.contains(recv) && !same ? null : new Match(DependentKind.CALL, 0.6, true);
  }

  /** 1.0 in the declaring file, 0.9 through an import, 0.6 by name only, -1 when another import shadows it. */
  private static double bySymbol(boolean same, ScriptModules mods, String name) {
    if (same) {
      return 1.0;
    }
    if (mods.symbols.contains(name)) {
      return 0.9;
    }
    return mods.others.contains(name) ? -1 : 0.6;
  }

  private static Match matchRef(ScriptIndex.Ref r, FunctionSignature b, boolean same, ScriptModules mods,
      String className, Set<String> subclasses, boolean ctor, boolean method, ScriptIndex idx) {
    if (ctor) {
      return null;
    }
    String recv = r.receiver();
    if (method) {
      if (r.name().equals(b.name()) && "use".equals(r.role()) && selfLike(recv)
          && (r.enclosingClass().equals(className) || subclasses.contains(r.enclosingClass()))) {
        return new Match(DependentKind.REFERENCE, same && r.enclosingClass().equals(className) ? 1.0 : 0.9, true);
      }
      return null;
    }
    if (!b.container().isEmpty()) {
      return same && recv == null && "use".equals(r.role()) && r.name().equals(b.name())
          ? new Match(DependentKind.REFERENCE, 1.0, true) : null;
    }
    switch (r.role()) {
      case "import" -> {
        return r.name().equals(b.name()) && r.module() != null
            && ScriptModules.matches(idx, r.module(), b.path()) ? new Match(DependentKind.REFERENCE, 0.9, true) : null;
      }
      case "export" -> {
        return same && r.name().equals(b.name()) ? new Match(DependentKind.REFERENCE, 1.0, true) : null;
      }
      default -> {
        if (recv == null) {
          if (same && r.name().equals(b.name())) {
            return new Match(DependentKind.REFERENCE, 1.0, true);
          }
          return mods.symbols.contains(r.name())
              ? new Match(DependentKind.REFERENCE, 0.9, r.name().equals(b.name())) : null;
        }
        return mods.namespaces.contains(recv) && r.name().equals(b.name())
            ? new Match(DependentKind.REFERENCE, 0.9, true) : null;
      }
    }
  }

  private static boolean arityOk(ScriptIndex.Call c, FunctionSignature b, boolean python) {
    int pos = 0;
    int kw = 0;
    boolean variadic = b.parameters().stream().anyMatch(p -> p.variadic());
    for (ScriptIndex.Arg a : c.args()) {
      if (a.spread() || a.mapSpread()) {
        return true;
      }
      if (a.keyword() != null) {
        kw++;
        if (!variadic && b.parameters().stream().noneMatch(p -> p.name().equals(a.keyword()))) {
          return false;
        }
      } else {
        pos++;
      }
    }
    return pos <= b.maxArity() && pos + kw >= b.minArity();
  }

  /** Classes that extend {@code name}, transitively when {@code transitive}, by simple name. */
  private Set<String> subclasses(String name, boolean transitive) {
    Set<String> found = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(name));
    while (!todo.isEmpty()) {
      String k = todo.poll();
      for (ScriptIndex idx : files.values()) {
        for (ScriptIndex.ClassInfo c : idx.classes()) {
          if (c.bases().contains(k) && !c.name().equals(name) && found.add(c.name()) && transitive) {
            todo.add(c.name());
          }
        }
      }
    }
    return found;
  }

  private static String last(String dotted) {
    int dot = dotted.lastIndexOf('.');
    return dot < 0 ? dotted : dotted.substring(dot + 1);
  }
}
