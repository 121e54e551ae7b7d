package dev.coclone.signature.internal;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.internal.JavaWorkspace.Unit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A changed method and what every part of its dependent search shares about it: its signature
 * before the change, its declaration, the type the solver says declares it (null when that
 * fails), the simple names of that type and of its workspace subtypes (by the source), the simple
 * names of every workspace type, the solver's facade, the edits for the change, the methods
 * outside the workspace it overrides ({@link JavaContracts}) and whether one of them has a body.
 */
record JavaChangedMethod(FunctionSignature old, MethodDeclaration method, ResolvedReferenceTypeDeclaration owner,
    Set<String> hierarchy, Set<String> typeNames, JavaParserFacade facade, JavaEdits edits, List<String> contracts,
    boolean concreteContract) {

  /** Collects what the search shares about a changed method declaration. */
  static JavaChangedMethod of(JavaWorkspace workspace, FunctionSignature old, MethodDeclaration md,
      JavaParserFacade facade, JavaEdits edits) {
    ResolvedReferenceTypeDeclaration owner = ownerOf(facade, md);
    Map<String, Set<String>> subtypes = new HashMap<>();
    Set<String> typeNames = new HashSet<>();
    for (Unit x : workspace.units()) {
      typeNames.addAll(x.typeNames);
      for (String[] e : x.typeEdges) {
        subtypes.computeIfAbsent(e[0], k -> new HashSet<>()).add(e[1]);
      }
    }
    String ownerName = md.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("");
    Set<String> hierarchy = JavaReceivers.hierarchy(ownerName, subtypes);
    return new JavaChangedMethod(old, md, owner, hierarchy, typeNames, facade, edits,
        JavaContracts.external(md, owner), JavaContracts.anyConcrete(md, owner));
  }

  /** Whether the changed method overrides a method outside the workspace. */
  boolean overridesAny() {
    return !contracts.isEmpty();
  }

  private static ResolvedReferenceTypeDeclaration ownerOf(JavaParserFacade facade, MethodDeclaration md) {
    try {
      return md.resolve().declaringType();
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }
}
