package dev.coclone.signature.internal;

import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.resolution.TypeSolver;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.model.SymbolReference;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import java.util.HashMap;
import java.util.Map;

/**
 * Types declared in the tracker's last good Java files, by fully qualified name (nested types as
 * {@code pkg.Outer.Inner}). The workspace is in memory (uploads, unsaved edits), so the solver
 * reads parsed units instead of directories.
 */
final class JavaTypeSolver implements TypeSolver {
  private final Map<String, TypeDeclaration<?>> types = new HashMap<>();
  private TypeSolver parent;

  void put(String qualifiedName, TypeDeclaration<?> type) {
    types.put(qualifiedName, type);
  }

  void remove(String qualifiedName, TypeDeclaration<?> type) {
    types.remove(qualifiedName, type);
  }

  @Override
  public TypeSolver getParent() {
    return parent;
  }

  @Override
  public void setParent(TypeSolver parent) {
    this.parent = parent;
  }

  @Override
  public SymbolReference<ResolvedReferenceTypeDeclaration> tryToSolveType(String name) {
    TypeDeclaration<?> t = types.get(name);
    if (t == null) {
      return SymbolReference.unsolved();
    }
    return SymbolReference.solved(JavaParserFacade.get(getRoot()).getTypeDeclaration(t));
  }

  @Override
  public SymbolReference<ResolvedReferenceTypeDeclaration> tryToSolveTypeInModule(String module, String name) {
    return tryToSolveType(name);
  }
}
