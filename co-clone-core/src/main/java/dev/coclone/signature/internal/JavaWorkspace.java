package dev.coclone.signature.internal;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.resolution.declarations.ResolvedMethodLikeDeclaration;
import com.github.javaparser.resolution.model.SymbolReference;
import com.github.javaparser.symbolsolver.JavaSymbolSolver;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import com.github.javaparser.symbolsolver.resolution.typesolvers.CombinedTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ReflectionTypeSolver;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.TextEdit;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The accepted Java files as the dependent search sees them: one {@link Unit} (a name index) per
 * file, the files that mention each name, the symbol solver over the last good version of every
 * file (rebuilt every few hundred accepted files) and a cache of what it says about each call
 * until a file changes. Also builds the {@link Dependent} every part of the search reports.
 */
final class JavaWorkspace {
  /** Accepted files between rebuilding the solver (its caches hold on to old trees). */
  private static final int ACCEPTS_PER_GENERATION = 500;

  private final Map<String, Unit> units = new HashMap<>();
  private final Map<CompilationUnit, Unit> byUnit = new IdentityHashMap<>();
  private final Map<String, Set<String>> pathsByName = new HashMap<>();
  private final Map<Node, Optional<Node>> resolutions = new IdentityHashMap<>();
  private JavaTypeSolver memory;
  private CombinedTypeSolver solver;
  private JavaSymbolSolver symbolSolver;
  private int accepts;

  /** An empty workspace. */
  JavaWorkspace() {
    newGeneration();
  }

  /** Indexes a file that parsed, replacing its previous version. */
  void accept(SourceFile file, CompilationUnit cu) {
    remove(file.path());
    resolutions.clear();
    Unit u = new Unit(file, cu);
    units.put(u.file.path(), u);
    byUnit.put(cu, u);
    for (String name : u.names()) {
      pathsByName.computeIfAbsent(name, k -> new HashSet<>()).add(u.file.path());
    }
    register(u);
    if (++accepts % ACCEPTS_PER_GENERATION == 0) {
      newGeneration();
    }
  }

  /** Forgets a file. */
  void remove(String path) {
    Unit old = units.remove(path);
    if (old == null) {
      return;
    }
    resolutions.clear();
    byUnit.remove(old.cu);
    for (String name : old.names()) {
      Set<String> paths = pathsByName.get(name);
      if (paths != null) {
        paths.remove(path);
        if (paths.isEmpty()) {
          pathsByName.remove(name);
        }
      }
    }
    for (TypeDeclaration<?> t : old.cu.findAll(TypeDeclaration.class)) {
      t.getFullyQualifiedName().ifPresent(n -> memory.remove(n, t));
    }
  }

  private void register(Unit u) {
    symbolSolver.inject(u.cu);
    for (TypeDeclaration<?> t : u.cu.findAll(TypeDeclaration.class)) {
      t.getFullyQualifiedName().ifPresent(n -> memory.put(n, t));
    }
  }

  private void newGeneration() {
    if (solver != null) {
      releaseFacades();
    }
    memory = new JavaTypeSolver();
    solver = new CombinedTypeSolver(memory, new ReflectionTypeSolver(true));
    symbolSolver = new JavaSymbolSolver(solver);
    for (Unit u : units.values()) {
      register(u);
    }
  }

  /** Forgets every file and lets the solver's caches go. */
  void close() {
    units.clear();
    byUnit.clear();
    pathsByName.clear();
    resolutions.clear();
    memory = null;
    solver = null;
    symbolSolver = null;
    releaseFacades();
  }

  /**
   * JavaParser keeps one facade per type solver in a static {@code WeakHashMap}, but the facade
   * refers to its solver, so the entry is never collected: without this, every discarded solver
   * (each generation, each closed workspace) kept all the trees it had resolved. The map has no
   * per-solver removal, so it is cleared; other workspaces' facades are made again on next use
   * (their caches start empty). {@code get} synchronizes on the facade class, so does this.
   */
  private static void releaseFacades() {
    synchronized (JavaParserFacade.class) {
      JavaParserFacade.clearInstances();
    }
  }

  /** The accepted file at a path, or null. */
  Unit unit(String path) {
    return units.get(path);
  }

  /** Every accepted file. */
  Collection<Unit> units() {
    return units.values();
  }

  /** The facade of the current solver. */
  JavaParserFacade facade() {
    return JavaParserFacade.get(solver);
  }

  /**
   * What the solver says a call resolves to, remembered until any file changes (the answer depends
   * on every file's declarations): typing a signature asks about the same calls again and again.
   */
  Optional<Node> cached(Node call, Supplier<SymbolReference<? extends ResolvedMethodLikeDeclaration>> s) {
    Optional<Node> known = resolutions.get(call);
    if (known == null && !resolutions.containsKey(call)) {
      known = resolve(s);
      resolutions.put(call, known);
    }
    return known;
  }

  /** The declaration a reference resolves to: empty if it resolves outside the workspace, null if it fails. */
  private static Optional<Node> resolve(Supplier<SymbolReference<? extends ResolvedMethodLikeDeclaration>> s) {
    try {
      SymbolReference<? extends ResolvedMethodLikeDeclaration> ref = s.get();
      if (!ref.isSolved()) {
        return null;
      }
      return ref.getCorrespondingDeclaration().toAst().map(n -> (Node) n);
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  /** The nodes, in every file that mentions the name, that one of its indexes lists under it. */
  <T extends Node> List<T> candidates(String name, Function<Unit, Map<String, List<T>>> f) {
    Set<String> paths = pathsByName.get(name);
    if (paths == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (String p : paths) {
      out.addAll(f.apply(units.get(p)).getOrDefault(name, List.of()));
    }
    return out;
  }

  /** The accepted file a node belongs to, or null. */
  Unit unitOf(Node n) {
    return n.findCompilationUnit().map(byUnit::get).orElse(null);
  }

  /** A dependent at a node of a file (a call at its method name, a declaration by its signature). */
  static Dependent site(Unit u, Node n, DependentKind kind, String reason, double confidence, boolean breaks,
      TextEdit edit) {
    int line = n.getBegin().map(p -> p.line).orElse(0);
    int column = n.getBegin().map(p -> p.column).orElse(0);
    if (n instanceof MethodCallExpr call) {
      line = call.getName().getBegin().map(p -> p.line).orElse(line);
      column = call.getName().getBegin().map(p -> p.column).orElse(column);
    }
    String text = n.getParentNode().filter(p -> n instanceof SimpleName).orElse(n).toString();
    if (n instanceof SimpleName && n.getParentNode().orElse(null) instanceof CallableDeclaration<?> c) {
      text = c.getDeclarationAsString(true, false, true);
    } else if (n instanceof SimpleName && n.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration c) {
      text = "class " + c.getNameAsString() + c.getExtendedTypes().stream().map(Node::toString)
          .reduce("", (a, b) -> a + " extends " + b);
    }
    text = text.replaceAll("\\s+", " ").trim();
    if (text.length() > 200) {
      text = text.substring(0, 197) + "...";
    }
    return new Dependent(u.file.path(), line, column, text, kind, reason, confidence, breaks, edit);
  }

  /** One accepted file and its name index. */
  static final class Unit {
    final SourceFile file;
    final CompilationUnit cu;
    final Map<String, List<MethodCallExpr>> calls = new HashMap<>();
    final Map<String, List<MethodReferenceExpr>> refs = new HashMap<>();
    final Map<String, List<ObjectCreationExpr>> news = new HashMap<>();
    final Map<String, List<ExplicitConstructorInvocationStmt>> ctorCalls = new HashMap<>();
    /** Classes by the simple name of the class they extend (their constructors call its constructor). */
    final Map<String, List<ClassOrInterfaceDeclaration>> subclasses = new HashMap<>();
    final Map<String, List<MethodDeclaration>> methods = new HashMap<>();
    final List<String[]> typeEdges = new ArrayList<>();
    final List<String> typeNames = new ArrayList<>();
    final Map<String, Boolean> concrete = new HashMap<>();
    final JavaFunctionalSites functional;

    Unit(SourceFile file, CompilationUnit cu) {
      this.file = file;
      this.cu = cu;
      cu.findAll(MethodCallExpr.class).forEach(c -> add(calls, c.getNameAsString(), c));
      cu.findAll(MethodReferenceExpr.class).forEach(r -> add(refs, r.getIdentifier(), r));
      cu.findAll(ObjectCreationExpr.class).forEach(o -> add(news, o.getType().getNameAsString(), o));
      cu.findAll(MethodDeclaration.class).forEach(m -> add(methods, m.getNameAsString(), m));
      functional = new JavaFunctionalSites(cu);
      for (TypeDeclaration<?> t : cu.findAll(TypeDeclaration.class)) {
        typeNames.add(t.getNameAsString());
        concrete.merge(t.getNameAsString(), t instanceof ClassOrInterfaceDeclaration c && !c.isInterface()
            && !c.isAbstract(), (x, y) -> x.equals(y) ? x : null);
        for (String sup : JavaReceivers.supertypes(t)) {
          typeEdges.add(new String[] {sup, t.getNameAsString()});
        }
        if (t instanceof ClassOrInterfaceDeclaration c && !c.isInterface() && !c.getExtendedTypes().isEmpty()) {
          add(subclasses, c.getExtendedTypes(0).getNameAsString(), c);
        }
      }
      for (ExplicitConstructorInvocationStmt s : cu.findAll(ExplicitConstructorInvocationStmt.class)) {
        Optional<ClassOrInterfaceDeclaration> c = s.findAncestor(ClassOrInterfaceDeclaration.class);
        if (c.isEmpty()) {
          continue;
        }
        if (s.isThis()) {
          add(ctorCalls, c.get().getNameAsString(), s);
        } else if (!c.get().getExtendedTypes().isEmpty()) {
          add(ctorCalls, c.get().getExtendedTypes(0).getNameAsString(), s);
        }
      }
    }

    Set<String> names() {
      Set<String> all = new HashSet<>(calls.keySet());
      all.addAll(refs.keySet());
      all.addAll(news.keySet());
      all.addAll(ctorCalls.keySet());
      all.addAll(subclasses.keySet());
      all.addAll(methods.keySet());
      return all;
    }

    CallableDeclaration<?> declarationAt(int line, int column) {
      for (CallableDeclaration<?> c : cu.findAll(CallableDeclaration.class)) {
        if (c.getName().getBegin().filter(p -> p.line == line && p.column == column).isPresent()) {
          return c;
        }
      }
      return null;
    }

    private static <T> void add(Map<String, List<T>> m, String k, T v) {
      m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
  }
}
