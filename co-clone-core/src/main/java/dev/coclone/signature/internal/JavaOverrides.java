package dev.coclone.signature.internal;

import static dev.coclone.signature.internal.JavaWorkspace.site;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.types.ResolvedReferenceType;
import com.github.javaparser.resolution.types.ResolvedType;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.internal.JavaWorkspace.Unit;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Overriding and overridden methods of a changed method; both must change with it. Overrides are
 * found by name in the workspace, screened by the source hierarchy and confirmed by the solver;
 * overridden methods are looked up in the owner's resolved supertypes.
 */
final class JavaOverrides {
  private final JavaWorkspace workspace;

  JavaOverrides(JavaWorkspace workspace) {
    this.workspace = workspace;
  }

  /**
   * Reports the methods that override the changed one (same name and parameter count, parameter
   * types alike by simple name, in a subtype by the source and by the solver: subclasses,
   * implementing classes, sub-interfaces, anonymous classes and enum constant bodies) and returns
   * them as the keys of an identity map.
   *
   * <p>An overrider breaks when its {@code @Override} no longer names a supertype's method, or when
   * its class is concrete and the changed method is abstract (the class no longer implements the
   * new one). When the changed method itself overrides a supertype's method, each overrider's
   * {@code @Override} still names that one. An override of an override (its class extends the
   * class of another overrider) breaks only when its class is concrete, the changed method
   * abstract and the class in between abstract: its {@code @Override} names the one in between, and
   * javac looks for unimplemented abstract methods only up to the first concrete superclass.
   *
   * @param supers the supertypes' methods the changed one overrides in the workspace
   */
  Map<Node, Boolean> overriders(JavaChangedMethod changed, Set<Node> supers, List<Dependent> out) {
    FunctionSignature old = changed.old();
    MethodDeclaration md = changed.method();
    ResolvedReferenceTypeDeclaration owner = changed.owner();
    Set<String> hierarchy = changed.hierarchy();
    JavaParserFacade facade = changed.facade();
    JavaEdits edits = changed.edits();
    boolean abstractChanged = isAbstract(md);
    Map<Node, Boolean> overriders = new IdentityHashMap<>();
    List<MethodDeclaration> found = new java.util.ArrayList<>();
    Map<MethodDeclaration, Double> confidences = new IdentityHashMap<>();
    for (MethodDeclaration other : workspace.candidates(old.name(), u -> u.methods)) {
      if (other == md || other.isStatic() || other.getParameters().size() != md.getParameters().size()
          || !sameParameterNames(other, md) || !hierarchy.contains(enclosingTypeName(other))) {
        continue;
      }
      Boolean subtype = owner == null ? null : isSubtype(facade, other, owner);
      if (Boolean.FALSE.equals(subtype)) {
        continue;
      }
      overriders.put(other, Boolean.TRUE);
      found.add(other);
      confidences.put(other, subtype == null ? 0.7 : 1.0);
    }
    for (MethodDeclaration other : found) {
      Unit u = workspace.unitOf(other);
      boolean annotated = other.getAnnotationByName("Override").isPresent();
      boolean concrete = concreteClass(other);
      MethodDeclaration between = intermediate(facade, other, found);
      out.add(site(u, other.getName(), DependentKind.OVERRIDE,
          "overrides " + old.qualifiedName() + "; must change with it"
              + (annotated || !concrete || !abstractChanged ? "" : " (its class must implement the new signature)")
              + (between == null || !annotated ? "" : "; until " + enclosingTypeName(between) + "." + old.name()
                  + " changes (its edit), its @Override still names that one"),
          confidences.get(other),
          between == null ? annotated && !changed.overridesAny() && supers.isEmpty() || concrete && abstractChanged
              : concrete && abstractChanged && !concreteClass(between),
          edits.declaration(u.file, other)));
    }
    return overriders;
  }

  /**
   * When the changed method overrides a supertype's method (in the workspace or outside it),
   * reports the change itself, at its declaration: the supertype's contract constrains its
   * signature. Its {@code @Override} stops compiling, and so does its class when concrete and the
   * supertype's method abstract; calls through the supertype still bind to the old signature.
   * The edit keeps the old signature as a method delegating to the new one.
   *
   * @param supers the supertypes' methods it overrides in the workspace
   */
  void contract(JavaChangedMethod changed, Set<Node> supers, List<Dependent> out) {
    if (changed.contracts().isEmpty() && supers.isEmpty()) {
      return;
    }
    MethodDeclaration md = changed.method();
    Unit u = workspace.unitOf(md);
    if (u == null) {
      return;
    }
    boolean annotated = md.getAnnotationByName("Override").isPresent();
    boolean abstractSuper = supers.stream().anyMatch(s -> s instanceof MethodDeclaration m && isAbstract(m));
    List<String> names = new java.util.ArrayList<>(changed.contracts());
    supers.forEach(s -> names.add(s instanceof MethodDeclaration m ? m.getDeclarationAsString(false, false, false)
        .replaceAll("\\s+", " ") : s.toString()));
    out.add(site(u, md.getName(), DependentKind.OVERRIDDEN, "overrides " + String.join(", ", names)
        + (changed.contracts().isEmpty() ? "" : " (outside the workspace)")
        + ": that contract constrains this signature. With the change this method no longer overrides it"
        + (annotated ? " (its @Override stops compiling)" : "") + " and calls through the supertype keep the old"
        + " signature; the edit keeps the old signature, delegating to the new one", 1.0,
        annotated || concreteClass(md) && (abstractSuper || !changed.contracts().isEmpty() && isAbstract(md)),
        changed.edits().delegate(u.file, md)));
  }

  /**
   * Reports the methods in supertypes that the changed one overrides and returns their
   * declarations (found again by name and position), so that a call the solver binds to one of
   * them can be told apart.
   */
  Set<Node> overridden(JavaChangedMethod changed, List<Dependent> out) {
    FunctionSignature old = changed.old();
    int before = out.size();
    reportOverridden(changed, out);
    Set<Node> supers = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Dependent d : out.subList(before, out.size())) {
      Unit du = workspace.unit(d.path());
      if (du != null) {
        du.methods.getOrDefault(old.name(), List.of()).stream()
            .filter(m -> m.getName().getBegin().filter(p -> p.line == d.line() && p.column == d.column()).isPresent())
            .forEach(supers::add);
      }
    }
    return supers;
  }

  /**
   * Methods in supertypes that this one overrides; they must change with it (no edit when a
   * contract outside the workspace constrains them too). The change breaks when its
   * {@code @Override} no longer names a method, or when its class is concrete and the supertype's
   * method abstract.
   */
  private void reportOverridden(JavaChangedMethod changed, List<Dependent> out) {
    MethodDeclaration md = changed.method();
    ResolvedReferenceTypeDeclaration owner = changed.owner();
    JavaEdits edits = changed.edits();
    if (owner == null) {
      return;
    }
    List<ResolvedReferenceType> ancestors;
    try {
      ancestors = owner.getAllAncestors();
    } catch (RuntimeException e) {
      return;
    }
    for (ResolvedReferenceType a : ancestors) {
      Optional<ResolvedReferenceTypeDeclaration> td = a.getTypeDeclaration();
      if (td.isEmpty()) {
        continue;
      }
      Optional<Node> ast = td.get().toAst();
      if (ast.isEmpty() || !(ast.get() instanceof TypeDeclaration<?> t)) {
        continue;
      }
      for (MethodDeclaration m : t.getMethodsByName(md.getNameAsString())) {
        if (m.getParameters().size() == md.getParameters().size() && sameParameterNames(m, md)) {
          Unit u = workspace.unitOf(m);
          if (u != null) {
            boolean breaks = md.getAnnotationByName("Override").isPresent() || isAbstract(m) && concreteClass(md);
            out.add(site(u, m.getName(), DependentKind.OVERRIDDEN, "is overridden by the changed "
                + md.getNameAsString() + ", which its contract constrains: the changed method keeps this signature"
                + " through a delegating method (the edit at its declaration), or change this method and its"
                + " other implementations and callers by hand", 1.0, breaks, null));
          }
        }
      }
    }
  }

  /**
   * Another overrider of the changed method declared in a proper supertype of {@code other}'s type:
   * {@code other} overrides that one, so its {@code @Override} keeps compiling until that one
   * changes too (an override of an override). Null when there is none or the solver cannot tell.
   */
  private static MethodDeclaration intermediate(JavaParserFacade facade, MethodDeclaration other,
      List<MethodDeclaration> found) {
    for (MethodDeclaration mid : found) {
      if (mid == other || mid.getParentNode().orElse(null) instanceof ObjectCreationExpr
          || mid.getParentNode().orElse(null) instanceof EnumConstantDeclaration) {
        continue;
      }
      try {
        if (Boolean.TRUE.equals(isSubtype(facade, other, mid.resolve().declaringType()))) {
          return mid;
        }
      } catch (RuntimeException | StackOverflowError e) {
        // the solver cannot place it: not counted as an intermediate
      }
    }
    return null;
  }

  private static boolean sameParameterNames(MethodDeclaration a, MethodDeclaration b) {
    for (int i = 0; i < a.getParameters().size(); i++) {
      String x = a.getParameter(i).getType().asString().replaceAll("<.*>", "");
      String y = b.getParameter(i).getType().asString().replaceAll("<.*>", "");
      x = x.substring(x.lastIndexOf('.') + 1);
      y = y.substring(y.lastIndexOf('.') + 1);
      boolean typeVariable = x.length() == 1 || y.length() == 1;
      if (!x.equals(y) && !typeVariable) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the type declaring {@code other} is a proper subtype of the owner (an anonymous class
   * or an enum constant's body may subclass the owner itself); null when the solver cannot tell.
   */
  private static Boolean isSubtype(JavaParserFacade facade, MethodDeclaration other,
      ResolvedReferenceTypeDeclaration owner) {
    try {
      Node parent = other.getParentNode().orElse(null);
      if (parent instanceof ObjectCreationExpr o) {
        ResolvedType t = facade.convertToUsage(o.getType());
        return t.isReferenceType()
            ? JavaCallSites.isOwnerOrSubtype(t.asReferenceType().getTypeDeclaration().orElse(null), owner) : null;
      }
      if (parent instanceof EnumConstantDeclaration c && c.getParentNode().orElse(null) instanceof TypeDeclaration<?> e) {
        return JavaCallSites.isOwnerOrSubtype(facade.getTypeDeclaration(e), owner);
      }
      ResolvedReferenceTypeDeclaration t = other.resolve().declaringType();
      if (t.getQualifiedName().equals(owner.getQualifiedName())) {
        return false;
      }
      return JavaCallSites.isOwnerOrSubtype(t, owner);
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  /** Abstract: declared so, or an interface method without a body. */
  static boolean isAbstract(MethodDeclaration m) {
    return m.isAbstract() || m.getBody().isEmpty() && !m.isNative();
  }

  /** Whether the method's class must implement every abstract method: a concrete class, an anonymous class, an enum constant. */
  private static boolean concreteClass(MethodDeclaration m) {
    Node n = m.getParentNode().orElse(null);
    if (n instanceof ObjectCreationExpr || n instanceof EnumConstantDeclaration) {
      return true;
    }
    if (n instanceof ClassOrInterfaceDeclaration c) {
      return !c.isInterface() && !c.isAbstract();
    }
    if (n instanceof EnumDeclaration e) {
      return e.getMembers().stream().noneMatch(b -> b instanceof MethodDeclaration x && x.isAbstract());
    }
    return n instanceof RecordDeclaration;
  }

  /** The simple name of the type a method is declared in (an anonymous class: the type it extends). */
  private static String enclosingTypeName(MethodDeclaration m) {
    Node n = m.getParentNode().orElse(null);
    if (n instanceof ObjectCreationExpr o) {
      return o.getType().getNameAsString();
    }
    if (n instanceof EnumConstantDeclaration c) {
      n = c.getParentNode().orElse(null);
    }
    return n instanceof TypeDeclaration<?> t ? t.getNameAsString() : "";
  }
}
