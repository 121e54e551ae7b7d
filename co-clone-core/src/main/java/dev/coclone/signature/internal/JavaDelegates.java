package dev.coclone.signature.internal;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import dev.coclone.signature.SignatureChange;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of a method that keeps an old signature and delegates to the new one:
 * {@code @Override public String toString() { return toString(/* TODO: x *&#47; 0); }}. Used
 * when the changed method overrides a supertype's method whose contract does not change.
 */
final class JavaDelegates {
  private JavaDelegates() {}

  /**
   * The delegating method, written on lines joined by {@code nl + indent}, or null when the old
   * declaration cannot be written again.
   *
   * @param old    the changed method's old declaration
   * @param change the change
   * @param unit   one level of indentation
   */
  static String text(MethodDeclaration old, SignatureChange change, String nl, String indent, String unit) {
    FunctionSignature after = change.after();
    if (after == null) {
      return null;
    }
    boolean inInterface = old.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration c && c.isInterface();
    StringBuilder s = new StringBuilder();
    for (AnnotationExpr a : old.getAnnotations()) {
      s.append(a).append(nl).append(indent);
    }
    List<String> modifiers = new ArrayList<>();
    for (Modifier m : old.getModifiers()) {
      if (m.getKeyword() != Modifier.Keyword.ABSTRACT) {
        modifiers.add(m.getKeyword().asString());
      }
    }
    if (inInterface && old.getBody().isEmpty()) {
      modifiers.add("default");
    }
    modifiers.forEach(m -> s.append(m).append(' '));
    if (!old.getTypeParameters().isEmpty()) {
      s.append('<').append(old.getTypeParameters().stream().map(Node::toString).collect(Collectors.joining(", ")))
          .append("> ");
    }
    s.append(old.getType()).append(' ').append(old.getNameAsString()).append('(')
        .append(old.getParameters().stream().map(Node::toString).collect(Collectors.joining(", "))).append(')');
    if (!old.getThrownExceptions().isEmpty()) {
      s.append(" throws ").append(old.getThrownExceptions().stream().map(Node::toString)
          .collect(Collectors.joining(", ")));
    }
    List<String> args = new ArrayList<>();
    List<Integer> map = change.argumentMap();
    for (int i = 0; i < map.size(); i++) {
      if (map.get(i) >= 0) {
        if (map.get(i) >= old.getParameters().size()) {
          return null;
        }
        args.add(old.getParameter(map.get(i)).getNameAsString());
      } else {
        Parameter p = after.parameters().get(i);
        if (!p.variadic()) {
          args.add("/* TODO: " + p.name() + " */ " + JavaEdits.zero(p.type()));
        }
      }
    }
    String call = after.name() + "(" + String.join(", ", args) + ");";
    s.append(" {").append(nl).append(indent).append(unit).append(old.getType().isVoidType() ? "" : "return ")
        .append(call).append(nl).append(indent).append('}');
    return s.toString();
  }
}
