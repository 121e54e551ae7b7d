package dev.coclone.signature.internal;

import com.github.javaparser.ast.AccessSpecifier;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.resolution.declarations.ResolvedMethodDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.logic.MethodResolutionLogic;
import com.github.javaparser.resolution.types.ResolvedReferenceType;
import com.github.javaparser.resolution.types.ResolvedType;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Overload applicability as javac decides it, over the symbol solver's types: whether a method
 * accepts arguments of given types, and whether another method of the owner (declared or
 * inherited) accepts them too, so that a call compiles without an edit but binds to that method
 * instead of the changed one.
 */
final class JavaOverloads {
  private JavaOverloads() {}

  /** The types of the arguments, or null when one cannot be typed on its own (a lambda, a method reference, a failure). */
  static List<ResolvedType> argumentTypes(JavaParserFacade facade, List<Expression> args) {
    List<ResolvedType> out = new ArrayList<>();
    for (Expression a : args) {
      if (a instanceof LambdaExpr || a instanceof MethodReferenceExpr) {
        return null;
      }
      try {
        out.add(facade.getType(a));
      } catch (RuntimeException | StackOverflowError e) {
        return null;
      }
    }
    return out;
  }

  /**
   * Another method of the owner (declared or inherited, including the one the changed method
   * overrides) that accepts the same arguments: javac then binds the call to it without an error.
   * Returns its signature, or null.
   */
  static String otherApplicable(JavaParserFacade facade, MethodDeclaration md,
      ResolvedReferenceTypeDeclaration owner, List<ResolvedType> args, Boolean receiverConcrete) {
    if (owner == null) {
      return null;
    }
    List<ResolvedReferenceTypeDeclaration> types = new ArrayList<>();
    types.add(owner);
    try {
      for (ResolvedReferenceType a : owner.getAllAncestors()) {
        a.getTypeDeclaration().ifPresent(types::add);
      }
    } catch (RuntimeException | StackOverflowError e) {
      // the declared methods are still worth checking
    }
    String found = null;
    boolean foundStrict = false;
    boolean strictMisfit = false;
    for (ResolvedReferenceTypeDeclaration t : types) {
      Set<ResolvedMethodDeclaration> methods;
      try {
        methods = t.getDeclaredMethods();
      } catch (RuntimeException | StackOverflowError e) {
        continue;
      }
      for (ResolvedMethodDeclaration m : methods) {
        if (!m.getName().equals(md.getNameAsString()) || m.toAst().filter(n -> n == md).isPresent()) {
          continue;
        }
        // Not inherited: private methods and static interface methods of supertypes.
        if (t != owner && (m.accessSpecifier() == AccessSpecifier.PRIVATE || t.isInterface() && m.isStatic())) {
          continue;
        }
        boolean ownerConcrete = receiverConcrete != null ? receiverConcrete
            : md.findAncestor(ClassOrInterfaceDeclaration.class).map(c -> !c.isInterface() && !c.isAbstract())
                .orElse(false);
        if (ownerConcrete && t != owner && m.isAbstract()) {
          continue; // a concrete class that no longer implements it does not compile either; javac rejects the call
        }
        if (!applicable(facade, m, args)) {
          continue;
        }
        boolean strict = strictlyApplicable(m, args);
        boolean fits = returnFits(md, m) && !inferenceShifts(md, m);
        if (strict && !fits) {
          strictMisfit = true; // javac prefers it (no boxing needed) and then fails on its result
        }
        if (fits && found == null) {
          try {
            found = m.getQualifiedSignature();
          } catch (RuntimeException e) {
            found = m.getName();
          }
          foundStrict = strict;
          if (strict) {
            return found; // fits without boxing: javac's first phase finds it
          }
        }
      }
    }
    return strictMisfit && !foundStrict ? null : found;
  }

  /** True when the arguments fit without boxing or unboxing (javac's first phase of overload resolution). */
  private static boolean strictlyApplicable(ResolvedMethodDeclaration m, List<ResolvedType> args) {
    try {
      for (int i = 0; i < args.size() && i < m.getNumberOfParams(); i++) {
        if (args.get(i).isPrimitive() != m.getParam(i).getType().isPrimitive()) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  /** Whether a method accepts arguments of these types (primitive array components must match exactly). */
  static boolean applicable(JavaParserFacade facade, MethodDeclaration md, List<ResolvedType> args) {
    try {
      return applicable(facade, md.resolve(), args);
    } catch (RuntimeException | StackOverflowError e) {
      return true;
    }
  }

  private static boolean applicable(JavaParserFacade facade, ResolvedMethodDeclaration m, List<ResolvedType> args) {
    try {
      int n = m.getNumberOfParams();
      boolean variadic = m.hasVariadicParameter();
      if (variadic ? args.size() < n - 1 : args.size() != n) {
        return false;
      }
      for (int i = 0; i < args.size() && i < n; i++) {
        ResolvedType p = m.getParam(i).getType();
        ResolvedType a = args.get(i);
        if (p.isArray() && a.isArray() && !(variadic && i == n - 1) && !sameArrayShape(p, a)) {
          return false;
        }
      }
      return MethodResolutionLogic.isApplicable(m, m.getName(), args, facade.getTypeSolver());
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  /**
   * True when the other method takes a bare type variable where the changed one took a concrete
   * type, and returns something built from that variable: the call then infers another type
   * ({@code failableStream(T value)} instead of {@code failableStream(Stream<T> stream)}) and its
   * result no longer fits where it is used.
   */
  private static boolean inferenceShifts(MethodDeclaration md, ResolvedMethodDeclaration other) {
    try {
      String returned = other.getReturnType().describe();
      Set<String> own = new HashSet<>();
      md.getTypeParameters().forEach(t -> own.add(t.getNameAsString()));
      md.findAncestor(ClassOrInterfaceDeclaration.class).ifPresent(c -> c.getTypeParameters()
          .forEach(t -> own.add(t.getNameAsString())));
      for (int i = 0; i < other.getNumberOfParams() && i < md.getParameters().size(); i++) {
        ResolvedType p = other.getParam(i).getType();
        ResolvedType base = p.isArray() ? p.asArrayType().getComponentType() : p;
        String was = md.getParameter(i).getType().asString();
        if (base.isTypeVariable() && returned.matches(".*\\b" + Pattern.quote(base.describe()) + "\\b.*")
            && !own.contains(was)) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  /** Whether what the other method returns can stand where the changed one's result was used. */
  private static boolean returnFits(MethodDeclaration md, ResolvedMethodDeclaration other) {
    try {
      ResolvedType was = md.resolve().getReturnType();
      ResolvedType now = other.getReturnType();
      if (now.isTypeVariable() && !was.isPrimitive() && !was.isVoid()) {
        return true; // a generic supertype's method (Map.Entry<K, V>.getValue() for R getValue()): V is bound to it
      }
      return was.isVoid() || was.describe().equals(now.describe()) || !now.isVoid() && was.isAssignableBy(now)
          && !(was.isArray() && now.isArray() && !sameArrayShape(was, now));
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  /** An array of a primitive type is only assignable to the same array type; the solver widens the components. */
  private static boolean sameArrayShape(ResolvedType p, ResolvedType a) {
    while (p.isArray() && a.isArray()) {
      p = p.asArrayType().getComponentType();
      a = a.asArrayType().getComponentType();
    }
    if (p.isPrimitive() || a.isPrimitive()) {
      return p.isPrimitive() && a.isPrimitive() && p.describe().equals(a.describe());
    }
    return !p.isArray() && !a.isArray() || p.isTypeVariable() || a.isTypeVariable()
        || "java.lang.Object".equals(p.describe());
  }
}
