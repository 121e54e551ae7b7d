package dev.coclone.signature.internal;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithTypeParameters;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.UnknownType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What can be told about a call's receiver from the source alone, before (and instead of) the
 * symbol solver: the receiver's declared type when it is a local variable, parameter, field,
 * literal, {@code new T()} or type name. The solver takes milliseconds per call; a method with a
 * common name ({@code append}, {@code equals}) has hundreds of calls, most of them on types that
 * cannot reach the changed method. Only rejections are decided here; everything else is resolved.
 */
final class JavaReceivers {
  /** JDK types whose methods share names with workspace methods most often. */
  private static final List<Class<?>> COMMON_JDK = List.of(Object.class, String.class, StringBuilder.class,
      StringBuffer.class, CharSequence.class, Appendable.class, Iterable.class, java.util.Collection.class,
      java.util.List.class, java.util.Set.class, java.util.Map.class, java.util.Deque.class,
      java.util.Iterator.class, java.util.Optional.class, java.util.stream.Stream.class,
      java.util.stream.IntStream.class, java.util.stream.LongStream.class, java.util.stream.DoubleStream.class,
      Comparable.class, java.util.Comparator.class, Class.class, Method.class, java.lang.reflect.Field.class,
      java.lang.reflect.Constructor.class, Enum.class, Number.class, Integer.class, Long.class, Double.class,
      Character.class, Boolean.class, Throwable.class, Thread.class, java.io.Writer.class,
      java.io.PrintStream.class, java.io.Reader.class, java.io.InputStream.class, java.io.OutputStream.class,
      java.util.function.Function.class, java.util.function.BiFunction.class, java.util.function.Consumer.class,
      java.util.function.BiConsumer.class, java.util.function.Supplier.class, java.util.function.Predicate.class,
      Runnable.class, java.util.concurrent.Callable.class, java.util.concurrent.Future.class);

  private Map<String, Set<Integer>> jdkArities;

  /**
   * Simple names of a type and of every workspace type that extends or implements it, directly or
   * through others (by the names written in {@code extends} and {@code implements}).
   *
   * @param owner    the type's simple name
   * @param subtypes simple name to the simple names of the types that name it as a supertype
   */
  static Set<String> hierarchy(String owner, Map<String, Set<String>> subtypes) {
    Set<String> out = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(owner));
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (out.add(n)) {
        todo.addAll(subtypes.getOrDefault(n, Set.of()));
      }
    }
    return out;
  }

  /** The simple names a type declaration names in {@code extends} and {@code implements}. */
  static List<String> supertypes(TypeDeclaration<?> t) {
    List<String> out = new java.util.ArrayList<>();
    if (t instanceof ClassOrInterfaceDeclaration c) {
      c.getExtendedTypes().forEach(x -> out.add(x.getNameAsString()));
      c.getImplementedTypes().forEach(x -> out.add(x.getNameAsString()));
    } else if (t instanceof EnumDeclaration e) {
      e.getImplementedTypes().forEach(x -> out.add(x.getNameAsString()));
    } else if (t instanceof RecordDeclaration r) {
      r.getImplementedTypes().forEach(x -> out.add(x.getNameAsString()));
    }
    return out;
  }

  /**
   * True when the call's receiver has a declared type outside the owner's hierarchy, so the call
   * cannot bind to the owner's method. Unqualified calls and receivers of unknown type are never
   * rejected.
   *
   * @param call      the call
   * @param hierarchy simple names of the owner and its subtypes
   * @param typeNames simple names of every workspace type
   */
  static boolean cannotReach(MethodCallExpr call, Set<String> hierarchy, Set<String> typeNames) {
    Optional<Expression> scope = call.getScope();
    if (scope.isEmpty()) {
      return unqualifiedCannotReach(call, hierarchy);
    }
    String type = declaredType(scope.get(), typeNames);
    if (type == null) {
      return false;
    }
    if (type.endsWith("[]")) {
      return true; // arrays have no methods of workspace types
    }
    return !hierarchy.contains(type) && !isTypeVariable(type, call);
  }

  /**
   * An unqualified call binds to a method of an enclosing type (declared or inherited) or to a
   * static import. When no enclosing type is in the owner's hierarchy and the file has no static
   * import, it cannot reach the owner's method.
   */
  private static boolean unqualifiedCannotReach(MethodCallExpr call, Set<String> hierarchy) {
    boolean staticImports = call.findCompilationUnit()
        .map(cu -> cu.getImports().stream().anyMatch(i -> i.isStatic())).orElse(true);
    if (staticImports) {
      return false;
    }
    Node n = call.getParentNode().orElse(null);
    while (n != null) {
      if (n instanceof TypeDeclaration<?> t && hierarchy.contains(t.getNameAsString())) {
        return false;
      }
      if (n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()
          && hierarchy.contains(o.getType().getNameAsString())) {
        return false;
      }
      n = n.getParentNode().orElse(null);
    }
    return true;
  }

  /**
   * Overload choice without the solver, where it is certain: the owner declares the method and has
   * no supertypes (a utility class), the call names it by the owner's type or from inside it
   * without static imports, and the overloads of that name differ in arity or in primitive array
   * parameter types (which never convert). TRUE when only the changed method fits, FALSE when it
   * does not fit, null when the solver must decide.
   */
  static Boolean binds(MethodCallExpr call, MethodDeclaration md, Set<String> typeNames) {
    Optional<TypeDeclaration> owner = md.findAncestor(TypeDeclaration.class);
    if (owner.isEmpty() || !(owner.get() instanceof ClassOrInterfaceDeclaration c) || c.isInterface()
        || !c.getExtendedTypes().isEmpty() || !c.getImplementedTypes().isEmpty() || c.isLocalClassDeclaration()) {
      return null;
    }
    String ownerName = c.getNameAsString();
    Optional<Expression> scope = call.getScope();
    if (scope.isPresent()) {
      if (!(scope.get() instanceof NameExpr n) || !ownerName.equals(n.getNameAsString())
          || !ownerName.equals(declaredType(n, typeNames))) {
        return null;
      }
    } else {
      boolean staticImports = call.findCompilationUnit()
          .map(cu -> cu.getImports().stream().anyMatch(i -> i.isStatic())).orElse(true);
      Optional<TypeDeclaration> enclosing = call.findAncestor(TypeDeclaration.class);
      if (staticImports || enclosing.isEmpty() || enclosing.get() != c
          || call.findAncestor(ObjectCreationExpr.class).filter(o -> o.getAnonymousClassBody().isPresent()).isPresent()) {
        return null;
      }
    }
    List<String> argTypes = new java.util.ArrayList<>();
    for (Expression a : call.getArguments()) {
      argTypes.add(declaredType(a, typeNames));
    }
    boolean mdFits = false;
    int others = 0;
    for (MethodDeclaration m : c.getMethodsByName(md.getNameAsString())) {
      if (fits(m, argTypes, typeNames)) {
        if (m == md) {
          mdFits = true;
        } else {
          others++;
        }
      }
    }
    if (!mdFits) {
      return false;
    }
    return others == 0 ? Boolean.TRUE : null;
  }

  private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "char", "short", "int", "long", "float",
      "double");

  /** Whether a call with these argument types (null = unknown) may bind to the method. */
  private static boolean fits(MethodDeclaration m, List<String> argTypes, Set<String> typeNames) {
    int n = m.getParameters().size();
    boolean varargs = n > 0 && m.getParameter(n - 1).isVarArgs();
    if (varargs ? argTypes.size() < n - 1 : argTypes.size() != n) {
      return false;
    }
    for (int i = 0; i < argTypes.size(); i++) {
      String arg = argTypes.get(i);
      if (arg == null) {
        continue;
      }
      com.github.javaparser.ast.body.Parameter p = m.getParameter(Math.min(i, n - 1));
      String element = simple(p.getType());
      if (isTypeVariable(element, m)) {
        continue;
      }
      boolean ok = p.isVarArgs()
          ? compatible(arg, element, typeNames)
              || i == n - 1 && argTypes.size() == n && compatible(arg, element + "[]", typeNames)
          : compatible(arg, element, typeNames);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the call's arguments can bind to the method, judged only where Java never converts; a
   * call that cannot needs no symbol solving.
   */
  static boolean argumentsFit(MethodCallExpr call, MethodDeclaration md, Set<String> typeNames) {
    List<String> argTypes = new java.util.ArrayList<>();
    for (Expression a : call.getArguments()) {
      argTypes.add(declaredType(a, typeNames));
    }
    return fits(md, argTypes, typeNames);
  }

  private static final List<String> WIDENING = List.of("byte", "short", "int", "long", "float", "double");

  /**
   * False only where Java never converts: between distinct primitive arrays; between a primitive
   * (or its array) and a workspace class or {@code String}; from a JDK {@code java.lang} type to a
   * workspace type (no JDK class extends one); a boolean and a number; a narrowing primitive.
   */
  private static boolean compatible(String arg, String param, Set<String> typeNames) {
    if (arg.equals(param)) {
      return true;
    }
    boolean argPrim = PRIMITIVES.contains(arg);
    boolean paramPrim = PRIMITIVES.contains(param);
    boolean argPrimArray = arg.endsWith("[]") && PRIMITIVES.contains(arg.substring(0, arg.length() - 2));
    boolean paramPrimArray = param.endsWith("[]") && PRIMITIVES.contains(param.substring(0, param.length() - 2));
    if (argPrimArray && (paramPrimArray || paramPrim) || paramPrimArray && (argPrimArray || argPrim)) {
      return false;
    }
    if (argPrimArray && param.endsWith("[]")) {
      return false; // int[] is never an Object[] or a T[]
    }
    boolean argWorkspace = typeNames.contains(arg);
    boolean paramWorkspace = typeNames.contains(param);
    if (paramWorkspace && !argWorkspace && (argPrim || argPrimArray || isJavaLang(arg))) {
      return false;
    }
    if (argWorkspace && !paramWorkspace && (paramPrim || paramPrimArray || "String".equals(param))) {
      return false;
    }
    if (argPrim && "String".equals(param) || paramPrim && "String".equals(arg) && !argWorkspace) {
      return false;
    }
    if (argPrim && paramPrim) {
      if (arg.equals("boolean") || param.equals("boolean")) {
        return false;
      }
      if (arg.equals("char")) {
        return WIDENING.indexOf(param) >= WIDENING.indexOf("int");
      }
      if (param.equals("char")) {
        return false;
      }
      return WIDENING.indexOf(arg) <= WIDENING.indexOf(param);
    }
    return true;
  }


  /** The simple name of an expression's declared type, or null when it cannot be told from the source. */
  static String declaredType(Expression e, Set<String> typeNames) {
    if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
      return "String";
    }
    if (e instanceof com.github.javaparser.ast.expr.IntegerLiteralExpr) {
      return "int";
    }
    if (e instanceof com.github.javaparser.ast.expr.LongLiteralExpr) {
      return "long";
    }
    if (e instanceof com.github.javaparser.ast.expr.BooleanLiteralExpr) {
      return "boolean";
    }
    if (e instanceof com.github.javaparser.ast.expr.CharLiteralExpr) {
      return "char";
    }
    if (e instanceof com.github.javaparser.ast.expr.DoubleLiteralExpr d) {
      String v = d.getValue();
      return v.endsWith("f") || v.endsWith("F") ? "float" : "double";
    }
    if (e instanceof LiteralExpr) {
      return null;
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
      case "Objects" -> c = java.util.Objects.class;
      case "Arrays" -> c = java.util.Arrays.class;
      case "Collections" -> c = java.util.Collections.class;
      default -> {
        return null;
      }
    }
    Integer index = null;
    for (Method x : c.getMethods()) {
      if (!x.getName().equals(method) || x.getParameterCount() != arity || !Modifier.isStatic(x.getModifiers())) {
        continue;
      }
      if (!(x.getGenericReturnType() instanceof java.lang.reflect.TypeVariable<?> r)) {
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
      Class<?> c = Class.forName("java.lang." + type, false, JavaReceivers.class.getClassLoader());
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
        .or(() -> n.findAncestor(com.github.javaparser.ast.body.InitializerDeclaration.class).map(c -> (Node) c))
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

  private static boolean isJavaLang(String name) {
    if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
      return false;
    }
    try {
      Class.forName("java.lang." + name, false, JavaReceivers.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The type's simple name without type arguments; arrays keep their brackets. */
  private static String simple(Type t) {
    if (t.isArrayType()) {
      return simple(t.asArrayType().getComponentType()) + "[]";
    }
    if (t instanceof ClassOrInterfaceType c) {
      return c.getNameAsString();
    }
    return t.asString();
  }

  private static boolean isTypeVariable(String type, Node at) {
    Node n = at;
    while (n != null) {
      if (n instanceof NodeWithTypeParameters<?> w
          && w.getTypeParameters().stream().anyMatch(p -> p.getNameAsString().equals(type))) {
        return true;
      }
      n = n.getParentNode().orElse(null);
    }
    return false;
  }

  /**
   * A type other than the owner's hierarchy that declares a method of this name taking this many
   * arguments (a workspace type, or a common JDK type), or null.
   */
  String otherDeclarer(String name, int arity, Set<String> hierarchy, Collection<MethodDeclaration> sameName) {
    for (MethodDeclaration m : sameName) {
      String owner = m.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("");
      int n = m.getParameters().size();
      boolean fits = n == arity || n > 0 && m.getParameter(n - 1).isVarArgs() && arity >= n - 1;
      if (fits && !hierarchy.contains(owner)) {
        return owner + "." + name;
      }
    }
    Set<Integer> jdk = jdkArities().get(name);
    if (jdk != null && (jdk.contains(arity) || jdk.contains(-1))) {
      return "a JDK method " + name;
    }
    return null;
  }

  private Map<String, Set<Integer>> jdkArities() {
    if (jdkArities == null) {
      Map<String, Set<Integer>> m = new HashMap<>();
      for (Class<?> c : COMMON_JDK) {
        for (Method x : c.getMethods()) {
          if (!Modifier.isStatic(x.getModifiers())) {
            m.computeIfAbsent(x.getName(), k -> new HashSet<>()).add(x.isVarArgs() ? -1 : x.getParameterCount());
          }
        }
      }
      jdkArities = m;
    }
    return jdkArities;
  }
}
