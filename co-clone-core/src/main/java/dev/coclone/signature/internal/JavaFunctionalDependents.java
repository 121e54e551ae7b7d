package dev.coclone.signature.internal;

import static dev.coclone.signature.internal.JavaWorkspace.site;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.types.ResolvedType;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureChange;
import dev.coclone.signature.internal.JavaWorkspace.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Functions that stand for a changed method: method references to it ({@code Owner::f}), and the
 * lambdas and method references implementing it when it is the method of a functional interface
 * (found through the per-file {@link JavaFunctionalSites}).
 */
final class JavaFunctionalDependents {
  private final JavaWorkspace workspace;

  JavaFunctionalDependents(JavaWorkspace workspace) {
    this.workspace = workspace;
  }

  /**
   * Reports the method references that resolve to the changed method or to one of its overriders
   * (or, unresolved, name it on its owner's type).
   *
   * @param overriders the methods overriding the changed one, as keys
   */
  void references(JavaChangedMethod changed, Map<Node, Boolean> overriders, List<Dependent> out) {
    FunctionSignature old = changed.old();
    MethodDeclaration md = changed.method();
    ResolvedReferenceTypeDeclaration owner = changed.owner();
    JavaParserFacade facade = changed.facade();
    JavaEdits edits = changed.edits();
    for (MethodReferenceExpr ref : workspace.candidates(old.name(), u -> u.refs)) {
      Unit u = workspace.unitOf(ref);
      Optional<Node> target = workspace.cached(ref, () -> facade.solve(ref));
      List<ResolvedType> own = target != null && target.isPresent() && target.get() == md ? parameterTypes(md) : null;
      String instead = own == null ? null : JavaOverloads.otherApplicable(facade, md, owner, own, null);
      if (instead != null) {
        out.add(site(u, ref, DependentKind.METHOD_REFERENCE, "refers to " + old.qualifiedName() + "; still "
            + "compiles without an edit, but then refers to " + instead + " instead", 1.0, false,
            edits.reference(u.file, ref)));
      } else if (target != null && target.isPresent() && (target.get() == md || overriders.containsKey(target.get()))) {
        out.add(site(u, ref, DependentKind.METHOD_REFERENCE, "refers to " + old.qualifiedName()
            + (edits.reference(u.file, ref) == null ? "; adapt the functional interface or use a lambda" : ""),
            1.0, true, edits.reference(u.file, ref)));
      } else if (target == null && refersToOwner(facade, ref, md)) {
        out.add(site(u, ref, DependentKind.METHOD_REFERENCE, "refers to " + old.name()
            + " on its type; the reference could not be resolved", 0.5, true, edits.reference(u.file, ref)));
      }
    }
  }

  /** Reports the lambdas and method references implementing a changed functional interface method. */
  void implementing(SignatureChange change, MethodDeclaration md, JavaEdits edits, Set<String> typeNames,
      List<Dependent> out) {
    String iface = md.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("");
    List<JavaFunctionalSites> all = new ArrayList<>();
    workspace.units().forEach(x -> all.add(x.functional));
    boolean arityChanges = change.after() == null
        || change.after().parameters().size() != change.before().parameters().size()
        || change.is(ChangeKind.PARAMETERS_REORDERED);
    JavaParserFacade facade = workspace.facade();
    String ifaceQualified = md.findAncestor(TypeDeclaration.class)
        .flatMap(t -> ((TypeDeclaration<?>) t).getFullyQualifiedName()).orElse(iface);
    Map<String, String> ifaces = functionalSubinterfaces(iface, ifaceQualified);
    // A call with a lambda where some workspace method of that name takes the interface: it counts
    // when the call resolves to such a method (or cannot be resolved, for an unqualified call).
    BiPredicate<JavaFunctionalSites.Argument, String> takes = (a, type) -> {
      Node call = a.call();
      Optional<Node> target = call instanceof MethodCallExpr m ? workspace.cached(m, () -> facade.solve(m))
          : call instanceof ObjectCreationExpr o ? workspace.cached(o, () -> facade.solve(o))
          : call instanceof ExplicitConstructorInvocationStmt e ? workspace.cached(e, () -> facade.solve(e)) : null;
      if (target == null) {
        if (!(call instanceof MethodCallExpr m) || m.getScope().isEmpty()) {
          return true;
        }
        // A static call on a type that declares such a method: Type.method(..., lambda, ...).
        String scopeType = JavaDeclaredTypes.declaredType(m.getScope().get(), typeNames);
        String slot = scopeType + "." + m.getNameAsString() + "#" + a.index() + "#" + type;
        return scopeType != null && all.stream().anyMatch(x -> x.slots.contains(slot));
      }
      if (target.isEmpty() || !(target.get() instanceof CallableDeclaration<?> c)
          || c.getParameters().size() <= a.index()) {
        return false;
      }
      Type t = c.getParameter(a.index()).getType();
      if (!t.isClassOrInterfaceType() || !t.asClassOrInterfaceType().getNameAsString().equals(type)
          || !ifaces.containsKey(type)) {
        return false;
      }
      try {
        // Same simple name is not enough (a nested Functions.FailableSupplier vs function.FailableSupplier).
        return t.resolve().asReferenceType().getQualifiedName().equals(ifaces.get(type));
      } catch (RuntimeException | StackOverflowError e) {
        return true;
      }
    };
    List<Expression> sites = new ArrayList<>();
    for (String name : ifaces.keySet()) {
      sites.addAll(JavaFunctionalSites.implementing(name, md.getParameters().size(), all, takes));
    }
    for (Expression f : sites) {
      Unit u = workspace.unitOf(f);
      if (u == null) {
        continue;
      }
      if (f instanceof LambdaExpr l) {
        out.add(site(u, l, DependentKind.LAMBDA, "a lambda implementing " + iface + "." + md.getNameAsString()
            + " (its target type is " + iface + ")", 0.9, arityChanges, edits.lambda(u.file, l)));
      } else {
        out.add(site(u, f, DependentKind.METHOD_REFERENCE, "implements " + iface + "." + md.getNameAsString()
            + " through a method reference; change the referenced method or use a lambda", 0.9, arityChanges, null));
      }
    }
  }

  /**
   * The interface and, transitively, the workspace interfaces extending it that declare no
   * abstract method of their own (their single abstract method is the changed one, as
   * {@code IOUnaryOperator<T> extends IOFunction<T, T>}): simple name to qualified name.
   */
  private Map<String, String> functionalSubinterfaces(String iface, String qualified) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put(iface, qualified);
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(iface));
    while (!todo.isEmpty()) {
      String sup = todo.poll();
      for (Unit x : workspace.units()) {
        if (x.typeEdges.stream().noneMatch(e -> e[0].equals(sup))) {
          continue;
        }
        for (com.github.javaparser.ast.body.ClassOrInterfaceDeclaration c
            : x.cu.findAll(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class)) {
          if (c.isInterface() && !out.containsKey(c.getNameAsString())
              && c.getExtendedTypes().stream().anyMatch(t -> t.getNameAsString().equals(sup))
              && c.getMethods().stream().noneMatch(m -> !m.isStatic() && !m.isDefault() && m.getBody().isEmpty())) {
            out.put(c.getNameAsString(), c.getFullyQualifiedName().orElse(c.getNameAsString()));
            todo.add(c.getNameAsString());
          }
        }
      }
    }
    return out;
  }

  /** The resolved types of a method's parameters, or null. */
  private static List<ResolvedType> parameterTypes(MethodDeclaration md) {
    try {
      var r = md.resolve();
      List<ResolvedType> out = new ArrayList<>();
      for (int i = 0; i < r.getNumberOfParams(); i++) {
        out.add(r.getParam(i).getType());
      }
      return out;
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  private static boolean refersToOwner(JavaParserFacade facade, MethodReferenceExpr ref, MethodDeclaration md) {
    String scope = ref.getScope().toString();
    String owner = md.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("");
    return scope.equals(owner) || scope.endsWith("." + owner);
  }
}
