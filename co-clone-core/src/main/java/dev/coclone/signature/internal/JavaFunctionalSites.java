package dev.coclone.signature.internal;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Lambdas and method references that implement a functional interface, found from the source:
 * passed as an argument where a workspace method declares a parameter of that interface type,
 * assigned to a variable or field of that type, returned from a method of that type, or cast to
 * it. One file's part is computed when the file is accepted; a query joins them.
 */
final class JavaFunctionalSites {
  /** A lambda or method reference passed as argument {@code index} of a call named {@code callee}. */
  record Argument(String callee, int index, int arity, Expression function, Node call) {}

  /** A lambda or method reference whose target type is written next to it. */
  record Typed(String type, Expression function) {}

  final List<Argument> arguments = new ArrayList<>();
  final List<Typed> typed = new ArrayList<>();
  /** Method or constructor name to, per declaration, the simple type names of its parameters. */
  final Map<String, List<List<String>>> parameterTypes = new HashMap<>();
  /** {@code Type.name#index#type} for every parameter of a declaration, with its declaring type's simple name. */
  final Set<String> slots = new HashSet<>();

  /** Reads one file. */
  JavaFunctionalSites(CompilationUnit cu) {
    for (CallableDeclaration<?> c : cu.findAll(CallableDeclaration.class)) {
      List<String> types = new ArrayList<>();
      c.getParameters().forEach(p -> types.add(simple(p.getType())));
      parameterTypes.computeIfAbsent(c.getNameAsString(), k -> new ArrayList<>()).add(types);
      String owner = c.findAncestor(TypeDeclaration.class)
          .map(t -> t.getNameAsString()).orElse("");
      for (int i = 0; i < types.size(); i++) {
        slots.add(owner + "." + c.getNameAsString() + "#" + i + "#" + types.get(i));
      }
    }
    for (MethodCallExpr call : cu.findAll(MethodCallExpr.class)) {
      addArguments(call.getNameAsString(), call.getArguments(), call);
    }
    for (ObjectCreationExpr call : cu.findAll(ObjectCreationExpr.class)) {
      addArguments(call.getType().getNameAsString(), call.getArguments(), call);
    }
    for (ExplicitConstructorInvocationStmt call : cu.findAll(ExplicitConstructorInvocationStmt.class)) {
      Optional<ClassOrInterfaceDeclaration> c = call.findAncestor(ClassOrInterfaceDeclaration.class);
      if (c.isPresent() && (call.isThis() || !c.get().getExtendedTypes().isEmpty())) {
        addArguments(call.isThis() ? c.get().getNameAsString() : c.get().getExtendedTypes(0).getNameAsString(),
            call.getArguments(), call);
      }
    }
    for (AssignExpr a : cu.findAll(AssignExpr.class)) {
      if (a.getOperator() == AssignExpr.Operator.ASSIGN) {
        String type = JavaDeclaredTypes.declaredType(a.getTarget(), Set.of());
        if (type != null) {
          functions(a.getValue()).forEach(f -> typed.add(new Typed(type, f)));
        }
      }
    }
    for (VariableDeclarator v : cu.findAll(VariableDeclarator.class)) {
      v.getInitializer().ifPresent(init -> functions(init).forEach(f -> typed.add(new Typed(simple(v.getType()), f))));
    }
    for (ReturnStmt r : cu.findAll(ReturnStmt.class)) {
      Optional<Node> owner = r.getParentNode();
      while (owner.isPresent() && !(owner.get() instanceof CallableDeclaration) && !(owner.get() instanceof LambdaExpr)) {
        owner = owner.get().getParentNode();
      }
      if (owner.isPresent() && owner.get() instanceof MethodDeclaration m && r.getExpression().isPresent()) {
        functions(r.getExpression().get()).forEach(f -> typed.add(new Typed(simple(m.getType()), f)));
      }
    }
    for (CastExpr cast : cu.findAll(CastExpr.class)) {
      functions(cast.getExpression()).forEach(f -> typed.add(new Typed(simple(cast.getType()), f)));
    }
  }

  private void addArguments(String callee, List<Expression> args, Node call) {
    for (int i = 0; i < args.size(); i++) {
      for (Expression f : functions(args.get(i))) {
        arguments.add(new Argument(callee, i, args.size(), f, call));
      }
    }
  }

  /** The lambdas and method references an expression evaluates to (through parentheses and {@code ?:}). */
  private static List<Expression> functions(Expression e) {
    if (e instanceof LambdaExpr || e instanceof MethodReferenceExpr) {
      return List.of(e);
    }
    if (e instanceof EnclosedExpr p) {
      return functions(p.getInner());
    }
    if (e instanceof ConditionalExpr c) {
      List<Expression> out = new ArrayList<>(functions(c.getThenExpr()));
      out.addAll(functions(c.getElseExpr()));
      return out;
    }
    return List.of();
  }

  /** True when the method is the only abstract method of an interface (so lambdas can implement it). */
  static boolean isFunctional(MethodDeclaration md) {
    if (md.getBody().isPresent() || md.isStatic() || md.isDefault() || md.isPrivate()) {
      return false;
    }
    Optional<Node> parent = md.getParentNode();
    if (parent.isEmpty() || !(parent.get() instanceof ClassOrInterfaceDeclaration i) || !i.isInterface()) {
      return false;
    }
    return i.getMethods().stream().filter(m -> m.getBody().isEmpty() && !m.isStatic() && !m.isDefault()
        && !m.isPrivate()).count() == 1;
  }

  /**
   * Lambdas and method references, in all files, whose target type is the interface: lambdas only
   * when they take {@code arity} parameters (a lambda of another arity targets another overload).
   */
  static List<Expression> implementing(String iface, int arity, Collection<JavaFunctionalSites> files,
      BiPredicate<Argument, String> takesInterface) {
    // Which (callee, argument index, argument count) take the interface.
    Map<String, List<int[]>> slots = new HashMap<>();
    for (JavaFunctionalSites f : files) {
      f.parameterTypes.forEach((name, decls) -> {
        for (List<String> types : decls) {
          for (int i = 0; i < types.size(); i++) {
            if (types.get(i).equals(iface)) {
              slots.computeIfAbsent(name, k -> new ArrayList<>()).add(new int[] {i, types.size()});
            }
          }
        }
      });
    }
    List<Expression> out = new ArrayList<>();
    for (JavaFunctionalSites f : files) {
      for (Argument a : f.arguments) {
        List<int[]> s = slots.get(a.callee());
        if (s != null && s.stream().anyMatch(x -> x[0] == a.index() && x[1] == a.arity()) && takes(a.function(), arity)
            && takesInterface.test(a, iface)) {
          out.add(a.function());
        }
      }
      for (Typed t : f.typed) {
        if (t.type().equals(iface) && takes(t.function(), arity)) {
          out.add(t.function());
        }
      }
    }
    return out;
  }

  private static boolean takes(Expression f, int arity) {
    return !(f instanceof LambdaExpr l) || l.getParameters().size() == arity;
  }

  private static String simple(Type t) {
    return t instanceof ClassOrInterfaceType c ? c.getNameAsString() : t.asString();
  }
}
