package dev.coclone.signature.internal;

import static dev.coclone.signature.internal.JavaWorkspace.site;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.types.ResolvedReferenceType;
import com.github.javaparser.resolution.types.ResolvedType;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.internal.JavaWorkspace.Unit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calls of a changed method ({@code f(..)}, {@code o.f(..)}, {@code super.f(..)}, static
 * imports): candidates by name, screened by argument count and by what the source tells about
 * receivers and arguments ({@link JavaReceivers}), then resolved by the solver. Where the solver
 * gives up, or binds the call to another method, javac's rules decide what can be decided
 * ({@link JavaOverloads}).
 */
final class JavaCallSites {
  private final JavaWorkspace workspace;
  private final JavaReceivers receivers = new JavaReceivers();

  JavaCallSites(JavaWorkspace workspace) {
    this.workspace = workspace;
  }

  /**
   * Reports the calls that bind to the changed method (or may, when the solver cannot tell), to a
   * supertype's method it overrides when javac would bind them to the changed one, or to one of
   * its overriders.
   *
   * @param overriders the methods overriding the changed one, as keys
   * @param supers     the methods in supertypes the changed one overrides
   */
  void calls(JavaChangedMethod changed, Map<Node, Boolean> overriders, Set<Node> supers, List<Dependent> out) {
    FunctionSignature old = changed.old();
    MethodDeclaration md = changed.method();
    ResolvedReferenceTypeDeclaration owner = changed.owner();
    Set<String> hierarchy = changed.hierarchy();
    Set<String> typeNames = changed.typeNames();
    JavaParserFacade facade = changed.facade();
    JavaEdits edits = changed.edits();
    boolean concrete = md.findAncestor(ClassOrInterfaceDeclaration.class)
        .map(c -> !c.isInterface() && !c.isAbstract()).orElse(false);
    for (MethodCallExpr call : workspace.candidates(old.name(), u -> u.calls)) {
      if (!arityFits(old, call.getArguments().size())
          || JavaReceivers.cannotReach(call, hierarchy, typeNames)) {
        continue;
      }
      Unit u = workspace.unitOf(call);
      boolean superCall = call.getScope().filter(s -> s instanceof SuperExpr).isPresent();
      DependentKind kind = superCall ? DependentKind.SUPER_CALL : DependentKind.CALL;
      if (!JavaReceivers.argumentsFit(call, md, typeNames)) {
        continue; // the arguments can never bind to the changed method
      }
      Boolean binds = JavaReceivers.binds(call, md, typeNames);
      if (Boolean.FALSE.equals(binds) || JavaReceivers.exactlyFitsAnother(call, md, typeNames)) {
        continue;
      }
      Optional<Node> target = Boolean.TRUE.equals(binds) ? Optional.of(md)
          : workspace.cached(call, () -> facade.solve(call));
      if (target != null && target.isPresent() && target.get() != md && target.get() instanceof MethodDeclaration other
          && other.getNameAsString().equals(md.getNameAsString())
          && !JavaReceivers.argumentsFit(call, other, typeNames)) {
        target = null; // the solver chose an overload these arguments can never bind to: do not trust it
      }
      if (target == null) {
        // The solver gave up on the call; decide what can be decided without it.
        Boolean reaches = superCall ? null : reaches(facade, call, owner);
        if (Boolean.FALSE.equals(reaches)) {
          continue; // its receiver's type has no such member
        }
        List<ResolvedType> args = JavaOverloads.argumentTypes(facade, call.getArguments());
        if (args != null && !JavaOverloads.applicable(facade, md, args)) {
          continue; // the changed method cannot take these arguments
        }
        String other = args == null || reaches == null ? null
            : JavaOverloads.otherApplicable(facade, md, owner, args, receiverConcrete(call, typeNames));
        if (other != null) {
          out.add(site(u, call, kind, "calls " + old.name() + " with arguments that " + other + " also accepts; "
              + "the solver could not pick one, so it may still compile without an edit", 0.5, false,
              edits.call(u.file, call)));
        } else {
          String elsewhere = reaches == null && call.getScope().isPresent() ? receivers.otherDeclarer(old.name(),
              call.getArguments().size(), hierarchy, workspace.candidates(old.name(), x -> x.methods)) : null;
          if (elsewhere != null) {
            out.add(site(u, call, kind, "calls " + old.name() + " on a receiver whose type could not be resolved;"
                + " " + elsewhere + " takes these arguments too, so it is probably not this method (no edit)", 0.3,
                false, null));
          } else {
            out.add(site(u, call, kind, "calls " + old.name() + " with a matching argument count; the call could"
                + " not be resolved", 0.5, true, edits.call(u.file, call)));
          }
        }
      } else if (target.isPresent() && target.get() == md) {
        List<ResolvedType> args = JavaOverloads.argumentTypes(facade, call.getArguments());
        String other = args == null || superCall ? null
            : JavaOverloads.otherApplicable(facade, md, owner, args, receiverConcrete(call, typeNames));
        if (superCall && (changed.concreteContract() || supers.stream()
            .anyMatch(s -> s instanceof MethodDeclaration m && m.getBody().isPresent()))) {
          // super.m(..) from a subclass: the changed method's supertype still has m with the old
          // parameters and a body, and javac binds the call to it.
          out.add(site(u, call, kind, "calls " + old.qualifiedName() + "; still compiles without an edit: it then"
              + " binds to the supertype's method that " + old.qualifiedName() + " overrides", 1.0, false,
              edits.call(u.file, call)));
        } else if (other != null && changed.contracts().contains(other)
            && JavaContracts.newlyThrown(md, owner, other).stream().anyMatch(x -> !JavaContracts.handled(x, call))) {
          out.add(site(u, call, kind, "calls " + old.qualifiedName() + "; after the change it binds to " + other
              + ", which " + old.qualifiedName() + " overrides, and that one throws "
              + JavaContracts.newlyThrown(md, owner, other).stream().map(Class::getSimpleName).toList()
              + ", which this call does not handle", 1.0, true, edits.call(u.file, call)));
        } else if (other != null && changed.contracts().contains(other)) {
          out.add(site(u, call, kind, "calls " + old.qualifiedName() + "; still compiles without an edit: it then"
              + " binds to " + other + ", which " + old.qualifiedName() + " overrides (a contract outside the"
              + " workspace that does not change)", 1.0, false, edits.call(u.file, call)));
        } else if (other != null) {
          out.add(site(u, call, kind, "calls " + old.qualifiedName() + "; still compiles without an edit, but "
              + "then calls " + other + " instead", 1.0, false, edits.call(u.file, call)));
        } else {
          out.add(site(u, call, kind, "calls " + old.qualifiedName(), 1.0, true, edits.call(u.file, call)));
        }
      } else if (target.isPresent() && supers.contains(target.get()) && concrete
          && Boolean.TRUE.equals(superCall ? Boolean.FALSE : reaches(facade, call, owner))) {
        // The solver named the supertype's method and the receiver is the owner or a subtype: the
        // owner inherits that method with the old parameters, and javac binds the call to it.
        out.add(site(u, call, kind, "calls " + old.qualifiedName() + " (declared in a supertype too); still compiles"
            + " without an edit: it then binds to the supertype's method", 0.9, false, edits.call(u.file, call)));
      } else if (target.isPresent() && overriders.containsKey(target.get())) {
        out.add(site(u, call, kind, "calls an override of " + old.qualifiedName() + " that changes with it", 1.0,
            false, edits.call(u.file, call)));
      }
    }
  }

  /**
   * Whether a call can bind to a member of the owner: its receiver's type (or, for an unqualified
   * call, one of its enclosing types) is the owner or a subtype. Null when that cannot be told
   * (unresolved types, static imports).
   */
  private static Boolean reaches(JavaParserFacade facade, MethodCallExpr call,
      ResolvedReferenceTypeDeclaration owner) {
    if (owner == null) {
      return null;
    }
    Optional<Expression> scope = call.getScope();
    if (scope.isPresent() && !(scope.get() instanceof ThisExpr)) {
      try {
        ResolvedType t = facade.getType(scope.get());
        if (t.isReferenceType()) {
          return isOwnerOrSubtype(t.asReferenceType().getTypeDeclaration().orElse(null), owner);
        }
        if (t.isTypeVariable()) {
          Boolean any = false;
          for (var bound : t.asTypeParameter().getBounds()) {
            Boolean b = bound.getType().isReferenceType()
                ? isOwnerOrSubtype(bound.getType().asReferenceType().getTypeDeclaration().orElse(null), owner) : null;
            if (b == null || b) {
              return b;
            }
          }
          return any;
        }
        return t.isPrimitive() || t.isArray() ? false : null;
      } catch (RuntimeException | StackOverflowError e) {
        return null;
      }
    }
    Optional<CompilationUnit> cu = call.findCompilationUnit();
    if (cu.isPresent() && cu.get().getImports().stream().anyMatch(i -> i.isStatic())) {
      return null;
    }
    for (Node n = call.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
      try {
        if (n instanceof TypeDeclaration<?> t) {
          Boolean b = isOwnerOrSubtype(facade.getTypeDeclaration(t), owner);
          if (b == null || b) {
            return b;
          }
        } else if (n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
          ResolvedType t = facade.convertToUsage(o.getType());
          Boolean b = t.isReferenceType()
              ? isOwnerOrSubtype(t.asReferenceType().getTypeDeclaration().orElse(null), owner) : null;
          if (b == null || b) {
            return b;
          }
        }
      } catch (RuntimeException | StackOverflowError e) {
        return null;
      }
    }
    return false;
  }

  static Boolean isOwnerOrSubtype(ResolvedReferenceTypeDeclaration t, ResolvedReferenceTypeDeclaration owner) {
    if (t == null) {
      return null;
    }
    try {
      if (t.getQualifiedName().equals(owner.getQualifiedName())) {
        return true;
      }
      for (ResolvedReferenceType a : t.getAllAncestors()) {
        if (a.getQualifiedName().equals(owner.getQualifiedName())) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  /**
   * Whether the call's receiver is of a concrete class (an unqualified call: the enclosing class;
   * a qualified one: the declared type, when the source tells it), or null when unknown.
   */
  private Boolean receiverConcrete(MethodCallExpr call, Set<String> typeNames) {
    if (call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr) {
      Node n = call.getParentNode().orElse(null);
      while (n != null) {
        if (n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
          return true;
        }
        if (n instanceof ClassOrInterfaceDeclaration c) {
          return !c.isInterface() && !c.isAbstract();
        }
        if (n instanceof TypeDeclaration<?>) {
          return null;
        }
        n = n.getParentNode().orElse(null);
      }
      return null;
    }
    String type = JavaDeclaredTypes.declaredType(call.getScope().get(), typeNames);
    if (type == null) {
      return null;
    }
    Boolean found = null;
    for (Unit u : workspace.units()) {
      if (u.concrete.containsKey(type)) {
        Boolean c = u.concrete.get(type);
        if (c == null || found != null && !found.equals(c)) {
          return null;
        }
        found = c;
      }
    }
    return found;
  }

  /** Whether a call with this many arguments can bind to the signature. */
  static boolean arityFits(FunctionSignature s, int args) {
    return args >= s.minArity() && args <= s.maxArity();
  }
}
