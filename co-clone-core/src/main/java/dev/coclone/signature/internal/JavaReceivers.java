package dev.coclone.signature.internal;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithTypeParameters;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * What can be told about a call's receiver from the source alone, before (and instead of) the
 * symbol solver: the receiver's declared type when it is a local variable, parameter, field,
 * literal, {@code new T()} or type name (see {@link JavaDeclaredTypes}). The solver takes
 * milliseconds per call; a method with a common name ({@code append}, {@code equals}) has hundreds
 * of calls, most of them on types that cannot reach the changed method. Only rejections are
 * decided here; everything else is resolved.
 */
final class JavaReceivers {
  /** JDK types whose methods share names with workspace methods most often. */
  private static final List<Class<?>> COMMON_JDK = List.of(Object.class, String.class, StringBuilder.class,
      StringBuffer.class, CharSequence.class, Appendable.class, Iterable.class, Collection.class, List.class,
      Set.class, Map.class, Deque.class, Iterator.class, Optional.class, Stream.class, IntStream.class,
      LongStream.class, DoubleStream.class, Comparable.class, Comparator.class, Class.class, Method.class,
      Field.class, Constructor.class, Enum.class, Number.class, Integer.class, Long.class, Double.class,
      Character.class, Boolean.class, Throwable.class, Thread.class, Writer.class, PrintStream.class,
      Reader.class, InputStream.class, OutputStream.class, Function.class, BiFunction.class, Consumer.class,
      BiConsumer.class, Supplier.class, Predicate.class, Runnable.class, Callable.class, Future.class);

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
    List<String> out = new ArrayList<>();
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
    String type = JavaDeclaredTypes.declaredType(scope.get(), typeNames);
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
          || !ownerName.equals(JavaDeclaredTypes.declaredType(n, typeNames))) {
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
    List<String> argTypes = new ArrayList<>();
    for (Expression a : call.getArguments()) {
      argTypes.add(JavaDeclaredTypes.declaredType(a, typeNames));
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

  /**
   * Types whose simple name says exactly which type it is and that have no type arguments: the
   * primitives and these final {@code java.lang} classes (and arrays of them), when the workspace
   * declares no type of that name.
   */
  private static final Set<String> EXACT = Set.of("boolean", "byte", "char", "short", "int", "long", "float",
      "double", "String", "StringBuffer", "StringBuilder", "Boolean", "Byte", "Character", "Short", "Integer",
      "Long", "Float", "Double", "Object");

  /**
   * True when another method of the changed method's type takes exactly the call's argument types
   * (each known from the source and in {@link #EXACT}) while the changed one does not: whatever
   * the receiver, if the call can reach the changed method it also reaches that one, and javac
   * then picks it, the most specific. The symbol solver is spared a call it can get wrong (it
   * lets {@code long[]} fit {@code float[]} and {@code Object[]} and then picks among them).
   */
  static boolean exactlyFitsAnother(MethodCallExpr call, MethodDeclaration md, Set<String> typeNames) {
    Optional<TypeDeclaration> owner = md.findAncestor(TypeDeclaration.class);
    if (owner.isEmpty()) {
      return false;
    }
    List<String> argTypes = new ArrayList<>();
    for (Expression a : call.getArguments()) {
      String t = JavaDeclaredTypes.declaredType(a, typeNames);
      String base = t == null ? null : t.replace("[]", "");
      if (base == null || !EXACT.contains(base) || typeNames.contains(base)) {
        return false;
      }
      argTypes.add(t);
    }
    if (exactly(md, argTypes)) {
      return false;
    }
    boolean inside = call.findAncestor(TypeDeclaration.class).filter(t -> t == owner.get()).isPresent();
    for (Object o : owner.get().getMethodsByName(md.getNameAsString())) {
      MethodDeclaration m = (MethodDeclaration) o;
      // A static import brings in the static methods of that name only.
      boolean imported = md.isStatic() && !m.isStatic() && call.getScope().isEmpty() && !inside;
      if (m != md && (inside || !m.isPrivate()) && !imported && exactly(m, argTypes)) {
        return true;
      }
    }
    return false;
  }

  /** The method takes exactly these types, none of them generic, varargs or a type variable. */
  private static boolean exactly(MethodDeclaration m, List<String> argTypes) {
    if (m.getParameters().size() != argTypes.size() || !m.getTypeParameters().isEmpty()) {
      return false;
    }
    for (int i = 0; i < argTypes.size(); i++) {
      Parameter p = m.getParameter(i);
      Type t = p.getType();
      Type element = t.getElementType();
      if (p.isVarArgs() || element instanceof ClassOrInterfaceType c && c.getTypeArguments().isPresent()
          || !JavaDeclaredTypes.simple(t).equals(argTypes.get(i))) {
        return false;
      }
    }
    return true;
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
      Parameter p = m.getParameter(Math.min(i, n - 1));
      String element = JavaDeclaredTypes.simple(p.getType());
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
    List<String> argTypes = new ArrayList<>();
    for (Expression a : call.getArguments()) {
      argTypes.add(JavaDeclaredTypes.declaredType(a, typeNames));
    }
    return fits(md, argTypes, typeNames);
  }

  private static final List<String> WIDENING = List.of("byte", "short", "int", "long", "float", "double");

  /** The non-array types an array type is a subtype of. */
  private static final Set<String> ARRAY_SUPERTYPES = Set.of("Object", "Cloneable", "Serializable",
      "java.lang.Object", "java.lang.Cloneable", "java.io.Serializable");

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
    if (argPrimArray && param.endsWith("[]") || paramPrimArray && arg.endsWith("[]")) {
      return false; // int[] is never an Object[] or a T[], and only an int[] is an int[]
    }
    if (arg.endsWith("[]") && !param.endsWith("[]") && !ARRAY_SUPERTYPES.contains(param)) {
      return false; // an array converts only to Object, Cloneable and Serializable (JLS 4.10.3)
    }
    boolean argWorkspace = typeNames.contains(arg);
    boolean paramWorkspace = typeNames.contains(param);
    if (paramWorkspace && !argWorkspace && (argPrim || argPrimArray || JavaDeclaredTypes.isJavaLang(arg))) {
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
