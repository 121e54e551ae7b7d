package dev.coclone.signature.internal;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.UnknownType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.TypeVariable;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The declared type of an expression, told from the source alone: a literal, {@code this},
 * {@code new T()}, a local variable, parameter or field (by the type written at its declaration),
 * a type name, a JDK identity method ({@code Objects.requireNonNull(x)}) or a chain on a
 * {@code java.lang} type. Types are simple names; null means the source does not tell.
 */
final class JavaDeclaredTypes {
  private JavaDeclaredTypes() {}

  /** The simple name of an expression's declared type, or null when it cannot be told from the source. */
  static String declaredType(Expression e, Set<String> typeNames) {
    if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
      return "String";
    }
    if (e instanceof IntegerLiteralExpr) {
      return "int";
    }
    if (e instanceof LongLiteralExpr) {
      return "long";
    }
    if (e instanceof BooleanLiteralExpr) {
      return "boolean";
    }
    if (e instanceof CharLiteralExpr) {
      return "char";
    }
    if (e instanceof DoubleLiteralExpr d) {
      String v = d.getValue();
      return v.endsWith("f") || v.endsWith("F") ? "float" : "double";
    }
    if (e instanceof LiteralExpr) {
      return null;
    }
    if (e instanceof CastExpr c && (c.getType().isPrimitiveType() || c.getType().isArrayType()
        || c.getType().isClassOrInterfaceType())) {
      return simple(c.getType()); // a cast's static type is the type it names
    }
    if (e instanceof EnclosedExpr p) {
      return declaredType(p.getInner(), typeNames);
    }
    if (e instanceof ObjectCreationExpr o) {
      return o.getAnonymousClassBody().isPresent() ? null : o.getType().getNameAsString();
    }
    if (e instanceof ThisExpr t && t.getTypeName().isEmpty()) {
      Node n = e.getParentNode().orElse(null);
      while (n != null) {
        if (n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
          return o.getType().getNameAsString();
        }
        if (n instanceof TypeDeclaration<?> td) {
          return td.getNameAsString();
        }
        n = n.getParentNode().orElse(null);
      }
      return null;
    }
    if (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
      return fieldType(f, f.getNameAsString());
    }
    if (e instanceof NameExpr n) {
      return nameType(n, typeNames);
    }
    if (e instanceof MethodCallExpr m && m.getScope().orElse(null) instanceof NameExpr util
        && !typeNames.contains(util.getNameAsString())) {
      // Objects.requireNonNull(x, ...) and the like: a JDK static method that returns its argument's type.
      Integer k = identityArgument(util.getNameAsString(), m.getNameAsString(), m.getArguments().size());
      if (k != null) {
        return declaredType(m.getArgument(k), typeNames);
      }
    }
    if (e instanceof MethodCallExpr m && m.getScope().isPresent()) {
      // A chain on a java.lang type (sb.append(a).append(b)): the JDK method's return type, when
      // every overload of that arity returns the same plain class.
      String receiver = declaredType(m.getScope().get(), typeNames);
      return receiver == null ? null : javaLangReturn(receiver, m.getNameAsString(), m.getArguments().size());
    }
    return null;
  }

  /**
   * For a static method of {@code java.util.Objects}, {@code Arrays} or {@code Collections} whose
   * every overload of this arity returns the type variable of one parameter ({@code <T> T
   * requireNonNull(T obj, ...)}), that parameter's index; else null.
   */
  private static Integer identityArgument(String type, String method, int arity) {
    Class<?> c;
    switch (type) {
      case "Objects" -> c = Objects.class;
      case "Arrays" -> c = Arrays.class;
      case "Collections" -> c = Collections.class;
      default -> {
        return null;
      }
    }
    Integer index = null;
    for (Method x : c.getMethods()) {
      if (!x.getName().equals(method) || x.getParameterCount() != arity || !Modifier.isStatic(x.getModifiers())) {
        continue;
      }
      if (!(x.getGenericReturnType() instanceof TypeVariable<?> r)) {
        return null;
      }
      int k = -1;
      java.lang.reflect.Type[] params = x.getGenericParameterTypes();
      for (int i = 0; i < params.length; i++) {
        if (params[i].equals(r)) {
          k = i;
          break;
        }
      }
      if (k < 0 || index != null && index != k) {
        return null;
      }
      index = k;
    }
    return index;
  }

  private static String javaLangReturn(String type, String method, int arity) {
    if (!isJavaLang(type)) {
      return null;
    }
    try {
      Class<?> c = Class.forName("java.lang." + type, false, JavaDeclaredTypes.class.getClassLoader());
      Class<?> returned = null;
      for (Method x : c.getMethods()) {
        if (x.getName().equals(method) && x.getParameterCount() == arity) {
          if (!(x.getGenericReturnType() instanceof Class<?> r) || returned != null && returned != r) {
            return null;
          }
          returned = r;
        }
      }
      if (returned == null) {
        return null;
      }
      return returned.isArray() ? returned.getComponentType().getSimpleName() + "[]" : returned.getSimpleName();
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static String nameType(NameExpr n, Set<String> typeNames) {
    String name = n.getNameAsString();
    Node scope = n.findAncestor(CallableDeclaration.class).map(c -> (Node) c)
        .or(() -> n.findAncestor(InitializerDeclaration.class).map(c -> (Node) c))
        .orElse(null);
    if (scope != null) {
      Set<String> types = new HashSet<>();
      for (Parameter p : scope.findAll(Parameter.class, p -> p.getNameAsString().equals(name))) {
        if (p.getType() instanceof UnknownType) {
          return null; // a lambda parameter: its type is inferred
        }
        types.add(simple(p.getType()) + (p.isVarArgs() ? "[]" : ""));
      }
      for (VariableDeclarator v : scope.findAll(VariableDeclarator.class, v -> v.getNameAsString().equals(name))) {
        if (v.getType().isVarType()) {
          return null;
        }
        types.add(simple(v.getType()));
      }
      if (types.size() == 1) {
        return types.iterator().next();
      }
      if (types.size() > 1) {
        return null;
      }
    }
    String field = fieldType(n, name);
    if (field != null) {
      return field;
    }
    // Not a variable in sight: a type name (a static call) when such a type is known.
    if (typeNames.contains(name) || isJavaLang(name)) {
      return name;
    }
    return null;
  }

  private static String fieldType(Node from, String name) {
    Node n = from.getParentNode().orElse(null);
    while (n != null) {
      if (n instanceof TypeDeclaration<?> t) {
        Optional<FieldDeclaration> f = t.getFieldByName(name);
        if (f.isPresent()) {
          return f.get().getVariables().stream().filter(v -> v.getNameAsString().equals(name)).findFirst()
              .map(v -> simple(v.getType())).orElse(null);
        }
      }
      n = n.getParentNode().orElse(null);
    }
    return null;
  }

  static boolean isJavaLang(String name) {
    if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
      return false;
    }
    try {
      Class.forName("java.lang." + name, false, JavaDeclaredTypes.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The type's simple name without type arguments; arrays keep their brackets. */
  static String simple(Type t) {
    if (t.isArrayType()) {
      return simple(t.asArrayType().getComponentType()) + "[]";
    }
    if (t instanceof ClassOrInterfaceType c) {
      return c.getNameAsString();
    }
    return t.asString();
  }
}
