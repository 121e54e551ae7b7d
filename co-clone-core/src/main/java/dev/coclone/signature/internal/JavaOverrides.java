package dev.coclone.signature.internal;

import static dev.coclone.signature.internal.JavaWorkspace.site;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.types.ResolvedReferenceType;
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
   * types alike by simple name, in a subtype by the source and by the solver) and returns them as
   * the keys of an identity map.
   */
  Map<Node, Boolean> overriders(JavaChangedMethod changed, List<Dependent> out) {
    FunctionSignature old = changed.old();
    MethodDeclaration md = changed.method();
    ResolvedReferenceTypeDeclaration owner = changed.owner();
    Set<String> hierarchy = changed.hierarchy();
    JavaParserFacade facade = changed.facade();
    JavaEdits edits = changed.edits();
    Map<Node, Boolean> overriders = new IdentityHashMap<>();
    for (MethodDeclaration other : workspace.candidates(old.name(), u -> u.methods)) {
      if (other != md && other.getParameters().size() == md.getParameters().size()
          && sameParameterNames(other, md) && owner != null && hierarchy.contains(enclosingTypeName(other))
          && isSubtype(facade, other, owner)) {
        overriders.put(other, Boolean.TRUE);
        Unit u = workspace.unitOf(other);
        out.add(site(u, other.getName(), DependentKind.OVERRIDE,
            "overrides " + old.qualifiedName() + "; must change with it", 1.0,
            other.getAnnotationByName("Override").isPresent(), edits.declaration(u.file, other)));
      }
    }
    return overriders;
  }

  /**
   * Reports the methods in supertypes that the changed one overrides and returns their
   * declarations (found again by name and position), so that a call the solver binds to one of
   * them can be told apart.
   */
  Set<Node> overridden(JavaChangedMethod changed, List<Dependent> out) {
    FunctionSignature old = changed.old();
    int before = out.size();
    reportOverridden(changed.facade(), changed.method(), changed.owner(), changed.edits(), out);
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

  /** Methods in supertypes that this one overrides; they must change with it. */
  private void reportOverridden(JavaParserFacade facade, MethodDeclaration md, ResolvedReferenceTypeDeclaration owner,
      JavaEdits edits, List<Dependent> out) {
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
            boolean breaks = md.getAnnotationByName("Override").isPresent() || m.isAbstract()
                || t instanceof ClassOrInterfaceDeclaration c && c.isInterface() && m.getBody().isEmpty();
            out.add(site(u, m.getName(), DependentKind.OVERRIDDEN, "is overridden by the changed "
                + md.getNameAsString() + "; change it too or the override is lost", 1.0, breaks,
                edits.declaration(u.file, m)));
          }
        }
      }
    }
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

  private static boolean isSubtype(JavaParserFacade facade, MethodDeclaration other,
      ResolvedReferenceTypeDeclaration owner) {
    try {
      ResolvedReferenceTypeDeclaration t = other.resolve().declaringType();
      return !t.getQualifiedName().equals(owner.getQualifiedName())
          && Boolean.TRUE.equals(JavaCallSites.isOwnerOrSubtype(t, owner));
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
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
