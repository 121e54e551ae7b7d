package dev.coclone.signature.internal;

import static dev.coclone.signature.internal.JavaCallSites.arityFits;
import static dev.coclone.signature.internal.JavaWorkspace.site;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureChange;
import dev.coclone.signature.internal.JavaWorkspace.Unit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Calls of a changed constructor: {@code new C(..)} (reported even when the solver cannot resolve
 * it), {@code this(..)} / {@code super(..)} in other constructors, and the implicit
 * {@code super()} of subclass constructors that call no other constructor first (and of
 * subclasses that declare no constructor, whose default constructor calls it).
 */
final class JavaConstructorCalls {
  private final JavaWorkspace workspace;

  JavaConstructorCalls(JavaWorkspace workspace) {
    this.workspace = workspace;
  }

  /** Reports the calls of the changed constructor, by its signature before the change. */
  void calls(SignatureChange change, ConstructorDeclaration cd, JavaParserFacade facade, JavaEdits edits,
      List<Dependent> out) {
    FunctionSignature old = change.before();
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
    implicitSuper(change, cd, edits, out);
  }

  /**
   * Subclass constructors that call the changed constructor without naming it: those whose body
   * starts with neither {@code this(..)} nor {@code super(..)}, and the default constructor of a
   * subclass that declares none. Only when the changed constructor was the one such a call binds
   * to (callable with no arguments) and no longer is.
   */
  private void implicitSuper(SignatureChange change, ConstructorDeclaration cd, JavaEdits edits,
      List<Dependent> out) {
    FunctionSignature old = change.before();
    FunctionSignature after = change.after();
    Optional<ClassOrInterfaceDeclaration> owner = cd.findAncestor(ClassOrInterfaceDeclaration.class);
    if (old.minArity() > 0 || owner.isEmpty()) {
      return;
    }
    List<ConstructorDeclaration> others = owner.get().getConstructors().stream().filter(c -> c != cd)
        .collect(Collectors.toList());
    if (others.stream().anyMatch(c -> c.getParameters().isEmpty())) {
      return; // super() binds to the other, no-argument constructor
    }
    boolean breaks = after == null ? !others.isEmpty() : after.minArity() > 0;
    if (!breaks) {
      return;
    }
    String ownerName = owner.get().getFullyQualifiedName().orElse(owner.get().getNameAsString());
    String now = after == null ? "it was removed" : "it now takes (" + after.parameters().stream()
        .map(p -> p.type() + " " + p.name()).collect(Collectors.joining(", ")) + ")";
    for (ClassOrInterfaceDeclaration sub : workspace.candidates(cd.getNameAsString(), u -> u.subclasses)) {
      Double confidence = extendsOwner(sub, ownerName);
      if (confidence == null) {
        continue;
      }
      Unit u = workspace.unitOf(sub);
      if (sub.getConstructors().isEmpty()) {
        out.add(site(u, sub.getName(), DependentKind.CONSTRUCTOR_CALL, "declares no constructor, so its default "
            + "constructor calls " + old.text() + " implicitly; " + now + ", so it needs a constructor that calls "
            + "super(...)", confidence, true, edits.defaultConstructor(u.file, sub)));
        continue;
      }
      for (ConstructorDeclaration c : sub.getConstructors()) {
        boolean explicit = !c.getBody().getStatements().isEmpty()
            && c.getBody().getStatement(0) instanceof ExplicitConstructorInvocationStmt;
        if (!explicit) {
          out.add(site(u, c.getName(), DependentKind.CONSTRUCTOR_CALL, "calls " + old.text() + " implicitly (no "
              + "this(...) or super(...) first); " + now + ", so it must call super(...)", confidence, true,
              edits.implicitSuper(u.file, c)));
        }
      }
    }
  }

  /** 1.0 when the class extends the owner, 0.5 when that cannot be resolved, null when it extends another class of that name. */
  private static Double extendsOwner(ClassOrInterfaceDeclaration sub, String ownerName) {
    try {
      return sub.getExtendedTypes(0).resolve().asReferenceType().getQualifiedName().equals(ownerName) ? 1.0 : null;
    } catch (RuntimeException | StackOverflowError e) {
      return 0.5;
    }
  }
}
