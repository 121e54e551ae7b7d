package dev.coclone.signature.internal;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.SignatureChange;
import dev.coclone.signature.internal.JavaWorkspace.Unit;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java through JavaParser and its symbol solver: call sites ({@code f(..)}, {@code o.f(..)},
 * {@code super.f(..)}, static imports), constructor calls ({@code new C(..)}, {@code this(..)},
 * {@code super(..)}), method references, overriding and overridden methods. Candidates are found
 * by name in a per-file index, filtered by argument count, then resolved by the symbol solver
 * against the last good version of every Java file (JDK types by reflection). A candidate the
 * solver cannot resolve is still reported, with confidence 0.5.
 *
 * <p>This class coordinates: {@code JavaWorkspace} holds the accepted files and the solver;
 * {@code JavaOverrides}, {@code JavaCallSites}, {@code JavaFunctionalDependents} and
 * {@code JavaConstructorCalls} each report one kind of dependent, in that order.
 */
public final class JavaSupport implements LanguageSupport {
  private final JavaDeclarations declarations = new JavaDeclarations();
  private final JavaWorkspace workspace = new JavaWorkspace();
  private final JavaOverrides overrides = new JavaOverrides(workspace);
  private final JavaCallSites callSites = new JavaCallSites(workspace);
  private final JavaResources resources = new JavaResources(workspace);
  private final JavaFunctionalDependents functional = new JavaFunctionalDependents(workspace);
  private final JavaConstructorCalls constructors = new JavaConstructorCalls(workspace);

  /** Creates an empty support. */
  public JavaSupport() {}

  @Override
  public boolean handles(String language) {
    return "java".equals(language);
  }

  @Override
  public ParsedFile parse(SourceFile file) {
    return declarations.parse(file);
  }

  @Override
  public ParsedFile parseChanged(ParsedFile accepted, SourceFile file) {
    return declarations.parseChanged(accepted, file);
  }

  @Override
  public void accept(ParsedFile parsed) {
    if (parsed.problem() != null || !(parsed.tree() instanceof CompilationUnit cu)) {
      throw new IllegalArgumentException("only a file that parsed can be accepted: " + parsed.file().path());
    }
    workspace.accept(parsed.file(), cu);
  }

  @Override
  public void remove(String path) {
    workspace.remove(path);
  }

  @Override
  public void close() {
    workspace.close();
  }

  @Override
  public List<Dependent> dependents(SignatureChange change) {
    FunctionSignature old = change.before();
    Unit home = workspace.unit(old.path());
    if (home == null) {
      return List.of();
    }
    CallableDeclaration<?> decl = home.declarationAt(old.line(), old.column());
    if (decl == null) {
      return List.of();
    }
    JavaParserFacade facade = workspace.facade();
    JavaEdits edits = new JavaEdits(change);
    List<Dependent> out = new ArrayList<>();
    if (decl instanceof MethodDeclaration md) {
      JavaChangedMethod changed = JavaChangedMethod.of(workspace, old, md, facade, edits);
      Set<Node> supers = overrides.overridden(changed, out);
      Map<Node, Boolean> overriders = overrides.overriders(changed, supers, out);
      overrides.contract(changed, supers, out);
      callSites.calls(changed, overriders, supers, out);
      resources.implicitCloses(changed, out);
      if (JavaFunctionalSites.isFunctional(md) && (change.after() == null
          || change.is(ChangeKind.PARAMETER_ADDED)
          || change.is(ChangeKind.PARAMETER_REMOVED)
          || change.is(ChangeKind.PARAMETERS_REORDERED)
          || change.is(ChangeKind.PARAMETER_TYPE_CHANGED))) {
        functional.implementing(change, md, edits, changed.typeNames(), out);
      }
      functional.references(changed, overriders, out);
    } else if (decl instanceof ConstructorDeclaration cd) {
      constructors.calls(change, cd, facade, edits, out);
    }
    return out;
  }
}
