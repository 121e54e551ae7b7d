package dev.coclone.signature.internal;

import static dev.coclone.signature.internal.JavaCallSites.arityFits;
import static dev.coclone.signature.internal.JavaWorkspace.site;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.internal.JavaWorkspace.Unit;
import java.util.List;
import java.util.Optional;

/**
 * Calls of a changed constructor: {@code new C(..)} (reported even when the solver cannot resolve
 * it) and {@code this(..)} / {@code super(..)} in other constructors.
 */
final class JavaConstructorCalls {
  private final JavaWorkspace workspace;

  JavaConstructorCalls(JavaWorkspace workspace) {
    this.workspace = workspace;
  }

  /** Reports the calls of the changed constructor, by its signature before the change. */
  void calls(FunctionSignature old, ConstructorDeclaration cd, JavaParserFacade facade, JavaEdits edits,
      List<Dependent> out) {
    String type = cd.getNameAsString();
    for (ObjectCreationExpr call : workspace.candidates(type, u -> u.news)) {
      if (!arityFits(old, call.getArguments().size())) {
        continue;
      }
      Unit u = workspace.unitOf(call);
      Optional<Node> target = workspace.cached(call, () -> facade.solve(call));
      if (target == null) {
        out.add(site(u, call, DependentKind.CONSTRUCTOR_CALL, "creates " + type
            + " with a matching argument count; the constructor could not be resolved", 0.5, true,
            edits.call(u.file, call)));
      } else if (target.isPresent() && target.get() == cd) {
        out.add(site(u, call, DependentKind.CONSTRUCTOR_CALL, "calls constructor " + old.text(), 1.0, true,
            edits.call(u.file, call)));
      }
    }
    for (ExplicitConstructorInvocationStmt call : workspace.candidates(type, u -> u.ctorCalls)) {
      if (!arityFits(old, call.getArguments().size())) {
        continue;
      }
      Unit u = workspace.unitOf(call);
      Optional<Node> target = workspace.cached(call, () -> facade.solve(call));
      if (target != null && target.isPresent() && target.get() == cd) {
        out.add(site(u, call, DependentKind.CONSTRUCTOR_CALL, (call.isThis() ? "this(...)" : "super(...)")
            + " calls constructor " + old.text(), 1.0, true, edits.call(u.file, call)));
      }
    }
  }
}
