package dev.coclone.signature.internal;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedMethodDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.types.ResolvedReferenceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Methods declared outside the workspace (the JDK's, by reflection) that a workspace method
 * overrides: their contracts constrain its signature. {@code IOFileFilter.accept(File)} overrides
 * {@code java.io.FileFilter.accept(File)}; after adding a parameter to it, calls through
 * {@code IOFileFilter} still compile (they bind to {@code FileFilter.accept}), its own
 * {@code @Override} does not, and every implementation must still implement the old signature.
 */
final class JavaContracts {
  private JavaContracts() {}

  /**
   * The qualified signatures ({@code java.io.FileFilter.accept(java.io.File)}) of the methods
   * outside the workspace that {@code md} overrides, judged by name and parameter types (simple
   * names, type variables match anything).
   *
   * @param md    the method
   * @param owner the type that declares it, resolved; null gives an empty list
   */
  static List<String> external(MethodDeclaration md, ResolvedReferenceTypeDeclaration owner) {
    return methods(md, owner).stream().map(ResolvedMethodDeclaration::getQualifiedSignature).toList();
  }

  /** Whether one of the methods outside the workspace that {@code md} overrides has a body. */
  static boolean anyConcrete(MethodDeclaration md, ResolvedReferenceTypeDeclaration owner) {
    return methods(md, owner).stream().anyMatch(m -> !m.isAbstract());
  }

  /**
   * The checked exceptions the contract {@code signature} (one of {@link #external}) declares and
   * {@code md} does not: a call that binds to the contract after the change must handle them.
   * {@code CloseableURLConnection.close()} implements {@code AutoCloseable.close() throws
   * Exception}; once it takes a parameter, {@code connection.close()} binds to the latter and no
   * longer compiles where {@code Exception} is not caught. Only exceptions the runtime can load.
   */
  static List<Class<?>> newlyThrown(MethodDeclaration md, ResolvedReferenceTypeDeclaration owner, String signature) {
    List<Class<?>> out = new ArrayList<>();
    for (ResolvedMethodDeclaration m : methods(md, owner)) {
      if (!m.getQualifiedSignature().equals(signature)) {
        continue;
      }
      for (var t : m.getSpecifiedExceptions()) {
        Class<?> c = loadable(t.describe());
        if (c != null && Throwable.class.isAssignableFrom(c) && !RuntimeException.class.isAssignableFrom(c)
            && !Error.class.isAssignableFrom(c) && !handled(c, md.getThrownExceptions().stream()
                .map(x -> x.asString()).toList())) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /**
   * Whether the code around {@code call} handles {@code exception}: a {@code catch} of it or of a
   * superclass in an enclosing {@code try} block, or the enclosing method's or constructor's
   * {@code throws} (a lambda in between handles nothing).
   */
  static boolean handled(Class<?> exception, com.github.javaparser.ast.Node call) {
    com.github.javaparser.ast.Node n = call;
    while (n.getParentNode().isPresent()) {
      com.github.javaparser.ast.Node parent = n.getParentNode().get();
      if (parent instanceof com.github.javaparser.ast.stmt.TryStmt t && t.getTryBlock() == n) {
        for (var c : t.getCatchClauses()) {
          if (handled(exception, List.of(c.getParameter().getType().asString().split("\\|")))) {
            return true;
          }
        }
      } else if (parent instanceof com.github.javaparser.ast.expr.LambdaExpr) {
        return false;
      } else if (parent instanceof com.github.javaparser.ast.body.CallableDeclaration<?> d) {
        return handled(exception, d.getThrownExceptions().stream().map(x -> x.asString()).toList());
      }
      n = parent;
    }
    return false;
  }

  private static boolean handled(Class<?> exception, List<String> typeNames) {
    for (Class<?> c = exception; c != null; c = c.getSuperclass()) {
      for (String name : typeNames) {
        if (simple(name.trim()).equals(c.getSimpleName())) {
          return true;
        }
      }
    }
    return false;
  }

  private static Class<?> loadable(String name) {
    try {
      return Class.forName(name, false, JavaContracts.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null; // a workspace exception: not judged
    }
  }

  private static List<ResolvedMethodDeclaration> methods(MethodDeclaration md, ResolvedReferenceTypeDeclaration owner) {
    List<ResolvedMethodDeclaration> out = new ArrayList<>();
    if (owner == null || md.isStatic() || md.isPrivate()) {
      return out;
    }
    List<ResolvedReferenceType> ancestors;
    try {
      ancestors = owner.getAllAncestors();
    } catch (RuntimeException | StackOverflowError e) {
      return out;
    }
    for (ResolvedReferenceType a : ancestors) {
      try {
        Optional<ResolvedReferenceTypeDeclaration> td = a.getTypeDeclaration();
        if (td.isEmpty() || td.get().toAst().isPresent()) {
          continue; // a workspace type: its method is reported as OVERRIDDEN, with an edit
        }
        for (ResolvedMethodDeclaration m : td.get().getDeclaredMethods()) {
          if (m.getName().equals(md.getNameAsString()) && !m.isStatic() && sameParameters(m, md)) {
            out.add(m);
          }
        }
      } catch (RuntimeException | StackOverflowError e) {
        // a JDK type the reflection solver cannot read: it constrains nothing we can tell
      }
    }
    return out;
  }

  private static boolean sameParameters(ResolvedMethodDeclaration m, MethodDeclaration md) {
    if (m.getNumberOfParams() != md.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < m.getNumberOfParams(); i++) {
      String x = simple(m.getParam(i).getType().describe());
      String y = simple(md.getParameter(i).getType().asString()) + (md.getParameter(i).isVarArgs() ? "[]" : "");
      boolean typeVariable = m.getParam(i).getType().isTypeVariable() || y.length() == 1;
      if (!x.equals(y) && !typeVariable) {
        return false;
      }
    }
    return true;
  }

  private static String simple(String type) {
    String t = type.replaceAll("<.*>", "").replace("...", "[]");
    return t.substring(t.lastIndexOf('.') + 1);
  }
}
