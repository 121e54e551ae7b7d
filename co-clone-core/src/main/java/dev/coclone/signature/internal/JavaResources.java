package dev.coclone.signature.internal;

import static dev.coclone.signature.internal.JavaWorkspace.site;

import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.TryStmt;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.internal.JavaWorkspace.Unit;
import java.util.List;

/**
 * The implicit {@code close()} of try-with-resources. When a workspace type's {@code close()}
 * that implements {@code AutoCloseable.close()} (or {@code Closeable.close()}) changes its
 * parameters, every {@code try (T r = ...)} with a resource of that type or a subtype calls the
 * supertype's {@code close()} instead, which throws {@code Exception} ({@code IOException}):
 * javac rejects the resource where that is not caught or declared, and always when the
 * resource's type is a concrete class whose old {@code close()} implemented only an interface's
 * (javac then finds only the new {@code close(..)}); an abstract superclass's {@code close()}
 * ({@code Writer}'s) it binds to.
 */
final class JavaResources {
  private final JavaWorkspace workspace;

  JavaResources(JavaWorkspace workspace) {
    this.workspace = workspace;
  }

  /** Whether a JDK type is a class (not an interface); false when it cannot be loaded. */
  private static boolean isClass(String name) {
    try {
      return !Class.forName(name, false, JavaResources.class.getClassLoader()).isInterface();
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether a workspace type of that simple name is a concrete class (every declaration of it). */
  private boolean concrete(String simple) {
    for (Unit u : workspace.units()) {
      Boolean c = u.concrete.get(simple);
      if (c != null) {
        return c;
      }
    }
    return false;
  }

  /** Reports the resources whose implicit {@code close()} no longer binds to the changed one. */
  void implicitCloses(JavaChangedMethod changed, List<Dependent> out) {
    if (!changed.method().getNameAsString().equals("close") || !changed.method().getParameters().isEmpty()) {
      return;
    }
    String contract = null;
    boolean classContract = false;
    for (String c : changed.contracts()) {
      if (!c.endsWith(".close()")) {
        continue;
      }
      boolean isClass = isClass(c.substring(0, c.length() - ".close()".length()));
      if (contract == null || isClass && !classContract) {
        contract = c;
        classContract = isClass;
      }
    }
    if (contract == null) {
      return;
    }
    List<Class<?>> thrown = JavaContracts.newlyThrown(changed.method(), changed.owner(), contract);
    for (Unit u : workspace.units()) {
      if (u.file.text().indexOf("try (") < 0 && u.file.text().indexOf("try(") < 0) {
        continue;
      }
      for (TryStmt t : u.cu.findAll(TryStmt.class)) {
        for (Expression r : t.getResources()) {
          if (!(r instanceof VariableDeclarationExpr v)) {
            continue;
          }
          for (VariableDeclarator d : v.getVariables()) {
            String type = d.getType().asString().replaceAll("<.*>", "");
            if (!changed.hierarchy().contains(type.substring(type.lastIndexOf('.') + 1))) {
              continue;
            }
            String simple = type.substring(type.lastIndexOf('.') + 1);
            // A concrete class whose close() came from an interface only: javac finds just the new
            // close(..). An abstract superclass's close() (Writer's, InputStream's) it binds to.
            boolean concrete = !classContract && concrete(simple);
            boolean unhandled = thrown.stream().anyMatch(x -> !JavaContracts.handled(x, t.getTryBlock()));
            out.add(site(u, d.getName(), DependentKind.CALL, "the try-with-resources closes " + d.getNameAsString()
                + " with an implicit close()" + (concrete
                    ? "; " + simple + " is a concrete class, and javac finds only the new close(..) there"
                    : "; after the change that binds to " + contract + (thrown.isEmpty() ? "" : ", which throws "
                        + thrown.stream().map(Class::getSimpleName).toList() + (unhandled ? ", not handled here"
                        : ", handled here"))) + ". The delegating close() the edit of the declaration adds keeps"
                + " it working", 1.0, concrete || unhandled, null));
          }
        }
      }
    }
  }
}
