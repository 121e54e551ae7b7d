package dev.coclone.signature.internal;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.printer.lexicalpreservation.LexicalPreservingPrinter;
import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import dev.coclone.signature.SignatureChange;
import dev.coclone.signature.TextEdit;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deterministic Java edits for a mechanical change. Call sites are rewritten from the source text
 * of their arguments (each argument keeps its exact text, the separators keep the call's layout);
 * overriding and overridden declarations are rewritten with JavaParser's lexical-preserving
 * printer, which keeps comments, annotations and formatting. An added parameter gets a marked
 * placeholder: {@code /* TODO: name *&#47; 0} (the type's zero value, or {@code null}), which
 * compiles and is easy to find. Every edit is the smallest replacement that makes the change, so
 * edits of nested calls ({@code f(f(1))}) do not overlap.
 */
final class JavaEdits {
  private final SignatureChange change;
  private final FunctionSignature after;
  private final Map<String, int[]> lineStarts = new HashMap<>();

  JavaEdits(SignatureChange change) {
    this.change = change;
    this.after = change.after();
  }

  private boolean changesCalls() {
    return change.mechanical() && after != null && (change.is(ChangeKind.RENAMED)
        || change.is(ChangeKind.PARAMETER_ADDED) || change.is(ChangeKind.PARAMETER_REMOVED)
        || change.is(ChangeKind.PARAMETERS_REORDERED));
  }

  /** The edit for a call, or null. */
  TextEdit call(SourceFile file, Node call) {
    if (!changesCalls() || change.is(ChangeKind.OVERLOAD_ADDED)) {
      return null;
    }
    String text = file.text();
    NodeList<Expression> args;
    if (call instanceof MethodCallExpr m) {
      args = m.getArguments();
    } else if (call instanceof ObjectCreationExpr o) {
      args = o.getArguments();
    } else if (call instanceof ExplicitConstructorInvocationStmt s) {
      args = s.getArguments();
    } else {
      return null;
    }
    int regionStart;
    int regionEnd;
    if (!args.isEmpty()) {
      regionStart = begin(file, args.get(0));
      regionEnd = end(file, args.get(args.size() - 1));
    } else {
      int close = emptyArgsClose(file, call);
      if (close < 0) {
        return null;
      }
      int open = text.lastIndexOf('(', close);
      regionStart = open + 1;
      regionEnd = close;
    }
    String newArgs = arguments(file, args);
    if (newArgs == null) {
      return null;
    }
    int start = regionStart;
    String replacement = newArgs;
    if (change.is(ChangeKind.RENAMED) && call instanceof MethodCallExpr m) {
      int nameStart = begin(file, m.getName());
      int nameEnd = end(file, m.getName());
      replacement = after.name() + text.substring(nameEnd, regionStart) + newArgs;
      start = nameStart;
    }
    return minimal(text, start, regionEnd, replacement);
  }

  /**
   * The edit for a lambda implementing the changed functional interface method: its parameters
   * follow the new signature (a new parameter takes the new name, and the new type when the
   * lambda's parameters are typed), or null.
   */
  TextEdit lambda(SourceFile file, com.github.javaparser.ast.expr.LambdaExpr l) {
    if (!changesCalls() || change.is(ChangeKind.OVERLOAD_ADDED)) {
      return null;
    }
    List<com.github.javaparser.ast.body.Parameter> params = l.getParameters();
    if (params.size() != change.before().parameters().size()) {
      return null;
    }
    boolean typed = !params.isEmpty() && !(params.get(0).getType() instanceof com.github.javaparser.ast.type.UnknownType);
    List<String> out = new ArrayList<>();
    List<Integer> map = change.argumentMap();
    for (int i = 0; i < map.size(); i++) {
      if (map.get(i) >= 0) {
        com.github.javaparser.ast.body.Parameter p = params.get(map.get(i));
        out.add(file.text().substring(begin(file, p), end(file, p)));
      } else {
        Parameter p = after.parameters().get(i);
        out.add(typed ? p.type() + " " + p.name() : p.name());
      }
    }
    String text = file.text();
    int start = begin(file, l);
    int arrow = text.indexOf("->", start);
    if (arrow < 0) {
      return null;
    }
    int end = arrow;
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return minimal(text, start, end, "(" + String.join(", ", out) + ")");
  }

  /** The edit for a method reference (only a rename can be made mechanically), or null. */
  TextEdit reference(SourceFile file, MethodReferenceExpr ref) {
    if (!change.mechanical() || after == null || !change.is(ChangeKind.RENAMED)
        || change.is(ChangeKind.PARAMETER_ADDED) || change.is(ChangeKind.PARAMETER_REMOVED)
        || change.is(ChangeKind.PARAMETERS_REORDERED)) {
      return null;
    }
    int end = end(file, ref);
    int start = end - ref.getIdentifier().length();
    if (!file.text().startsWith(ref.getIdentifier(), start)) {
      return null;
    }
    return minimal(file.text(), start, end, after.name());
  }

  /** The edit for an overriding or overridden declaration, made with the lexical-preserving printer. */
  TextEdit declaration(SourceFile file, MethodDeclaration target) {
    if (!changesCalls() || change.is(ChangeKind.OVERLOAD_ADDED)) {
      return null;
    }
    JavaParser parser = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    // Only the declaration is parsed and printed again (a whole 9,000-line file per overriding
    // method would take tens of milliseconds each); its edit is placed at the declaration's offset.
    int from = begin(file, target);
    int to = end(file, target);
    String original = file.text().substring(from, to);
    ParseResult<com.github.javaparser.ast.body.BodyDeclaration<?>> r = parser.parseBodyDeclaration(original);
    if (r.getResult().isEmpty() || !r.isSuccessful() || !(r.getResult().get() instanceof MethodDeclaration parsed)) {
      return null;
    }
    MethodDeclaration m = LexicalPreservingPrinter.setup(parsed);
    List<Integer> map = change.argumentMap();
    List<com.github.javaparser.ast.body.Parameter> old = new ArrayList<>(m.getParameters());
    boolean inOrder = !change.is(ChangeKind.PARAMETERS_REORDERED);
    if (inOrder) {
      java.util.Set<Integer> kept = new java.util.HashSet<>(map);
      for (int j = old.size() - 1; j >= 0; j--) {
        if (!kept.contains(j)) {
          m.getParameters().remove(j);
        }
      }
      for (int i = 0; i < map.size(); i++) {
        if (map.get(i) < 0) {
          com.github.javaparser.ast.body.Parameter p = newParameter(parser, after.parameters().get(i));
          if (p == null) {
            return null;
          }
          m.getParameters().add(i, p);
        }
      }
    } else {
      NodeList<com.github.javaparser.ast.body.Parameter> list = new NodeList<>();
      for (int i = 0; i < map.size(); i++) {
        com.github.javaparser.ast.body.Parameter p = map.get(i) >= 0 ? old.get(map.get(i)).clone()
            : newParameter(parser, after.parameters().get(i));
        if (p == null) {
          return null;
        }
        list.add(p);
      }
      m.setParameters(list);
    }
    if (change.is(ChangeKind.RENAMED)) {
      m.setName(after.name());
    }
    return minimal(file.text(), from, to, LexicalPreservingPrinter.print(m));
  }

  /**
   * The edit that keeps a supertype's contract when a method overriding it changes: the old
   * signature stays, as a method that delegates to the new one (a {@code default} method in an
   * interface), and takes over the changed method's {@code @Override}. It replaces that annotation
   * or, without one, goes before the declaration (and its comment). Null when the change is not
   * mechanical.
   */
  TextEdit delegate(SourceFile file, MethodDeclaration old) {
    if (!changesCalls() || change.is(ChangeKind.OVERLOAD_ADDED)) {
      return null;
    }
    String text = file.text();
    String nl = newline(text);
    String indent = indentOf(text, begin(file, old));
    String method = JavaDelegates.text(old, change, nl, indent, unit(file, old));
    if (method == null) {
      return null;
    }
    Optional<AnnotationExpr> override = old.getAnnotationByName("Override");
    if (override.isPresent()) {
      // From the first annotation to @Override: the delegate (which has the annotations), then the
      // annotations that stood before @Override, which stay on the changed method.
      int first = begin(file, old.getAnnotation(0));
      int at = begin(file, override.get());
      String kept = text.substring(first, at).strip();
      return TextEdit.of(text, first, end(file, override.get()),
          method + nl + (kept.isEmpty() ? "" : nl + indent + kept));
    }
    int first = old.getComment().filter(c -> c.getBegin().isPresent()).map(c -> begin(file, c))
        .orElse(begin(file, old));
    int lineStart = first;
    while (lineStart > 0 && text.charAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    if (lineStart == 0) {
      return null;
    }
    int at = text.charAt(lineStart - 1) == '\n' && lineStart >= 2 && text.charAt(lineStart - 2) == '\r'
        ? lineStart - 2 : lineStart - 1;
    return TextEdit.of(text, at, at, nl + indent + method + nl);
  }

  private static com.github.javaparser.ast.body.Parameter newParameter(JavaParser parser, Parameter p) {
    String type = p.type().endsWith("...") ? p.type().substring(0, p.type().length() - 3) : p.type();
    ParseResult<Type> t = parser.parseType(type);
    if (t.getResult().isEmpty()) {
      return null;
    }
    com.github.javaparser.ast.body.Parameter out = new com.github.javaparser.ast.body.Parameter(t.getResult().get(),
        p.name());
    out.setVarArgs(p.variadic());
    return out;
  }

  /**
   * The edit for a constructor that calls the changed one implicitly: an explicit
   * {@code super(..)} with the new arguments as its first statement, or null.
   */
  TextEdit implicitSuper(SourceFile file, ConstructorDeclaration ctor) {
    String call = superCall(file);
    if (call == null) {
      return null;
    }
    String text = file.text();
    String nl = newline(text);
    BlockStmt body = ctor.getBody();
    int open = begin(file, body);
    String indent = indentOf(text, open);
    if (body.getStatements().isEmpty()) {
      return TextEdit.of(text, open, end(file, body), "{" + nl + indent + unit(file, ctor) + call + nl + indent + "}");
    }
    Node first = body.getStatement(0);
    if (first.getBegin().orElseThrow().line == body.getBegin().orElseThrow().line) {
      return TextEdit.of(text, open + 1, open + 1, " " + call);
    }
    return TextEdit.of(text, open + 1, open + 1, nl + indentOf(text, begin(file, first)) + call);
  }

  /**
   * The edit for a subclass that declares no constructor (its default constructor called the
   * changed one): a constructor, as visible as the class, that calls {@code super(..)} with the
   * new arguments; or null.
   */
  TextEdit defaultConstructor(SourceFile file, ClassOrInterfaceDeclaration cls) {
    String call = superCall(file);
    if (call == null) {
      return null;
    }
    String text = file.text();
    String nl = newline(text);
    Node last = cls.getName();
    for (Node n : cls.getExtendedTypes()) {
      last = n;
    }
    for (Node n : cls.getImplementedTypes()) {
      last = n;
    }
    int open = text.indexOf('{', end(file, last));
    if (open < 0) {
      return null;
    }
    String step = unit(file, cls);
    String member = cls.getMembers().isEmpty() ? indentOf(text, begin(file, cls)) + step
        : indentOf(text, begin(file, cls.getMember(0)));
    String visibility = cls.isPublic() ? "public " : cls.isProtected() ? "protected " : cls.isPrivate() ? "private " : "";
    // A blank line separates it from the members that follow; an empty class gets none.
    return TextEdit.of(text, open + 1, open + 1, nl + member + visibility + cls.getNameAsString() + "() {" + nl
        + member + step + call + nl + member + "}" + (cls.getMembers().isEmpty() ? "" : nl));
  }

  /** {@code super(..)} with the new signature's arguments (placeholders for new parameters), or null. */
  private String superCall(SourceFile file) {
    String args = changesCalls() ? arguments(file, new NodeList<>()) : null;
    return args == null ? null : "super(" + args + ");";
  }

  private static String newline(String text) {
    return text.contains("\r\n") ? "\r\n" : "\n";
  }

  /** The whitespace that starts the line holding an offset. */
  private static String indentOf(String text, int offset) {
    int start = offset;
    while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
      start--;
    }
    int end = start;
    while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
      end++;
    }
    return text.substring(start, end);
  }

  /**
   * One level of indentation as this file writes it: the step from a declaration's enclosing type
   * to the declaration (or to the type's first member), four spaces when that cannot be told.
   */
  private String unit(SourceFile file, Node declaration) {
    String text = file.text();
    Node inner = declaration instanceof ClassOrInterfaceDeclaration c && !c.getMembers().isEmpty() ? c.getMember(0)
        : declaration;
    Node outer = inner == declaration ? declaration.getParentNode().orElse(null) : declaration;
    if (outer != null && outer.getBegin().isPresent() && inner.getBegin().isPresent()) {
      String a = indentOf(text, begin(file, outer));
      String b = indentOf(text, begin(file, inner));
      if (b.startsWith(a) && b.length() > a.length()) {
        return b.substring(a.length());
      }
    }
    return text.contains("\n\t") ? "\t" : "    ";
  }

  /** The new argument list's text, or null when the call does not fit the old signature. */
  private String arguments(SourceFile file, NodeList<Expression> args) {
    FunctionSignature before = change.before();
    int n = before.parameters().size();
    boolean variadic = n > 0 && before.parameters().get(n - 1).variadic();
    List<List<String>> groups = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      groups.add(new ArrayList<>());
    }
    for (int k = 0; k < args.size(); k++) {
      int j = variadic ? Math.min(k, n - 1) : k;
      if (j >= n) {
        return null;
      }
      groups.get(j).add(file.text().substring(begin(file, args.get(k)), end(file, args.get(k))));
    }
    if (!variadic && args.size() != n) {
      return null;
    }
    String separator = ", ";
    if (args.size() >= 2) {
      separator = file.text().substring(end(file, args.get(0)), begin(file, args.get(1)));
    }
    List<String> out = new ArrayList<>();
    List<Integer> map = change.argumentMap();
    for (int i = 0; i < map.size(); i++) {
      if (map.get(i) >= 0) {
        out.addAll(groups.get(map.get(i)));
      } else {
        Parameter p = after.parameters().get(i);
        if (!p.variadic()) {
          out.add("/* TODO: " + p.name() + " */ " + zero(p.type()));
        }
      }
    }
    return String.join(separator, out);
  }

  /** A value of the type that compiles: the primitive's zero, or null. */
  static String zero(String type) {
    switch (type) {
      case "boolean":
        return "false";
      case "long":
        return "0L";
      case "float":
        return "0f";
      case "double":
        return "0.0";
      case "char":
        return "'\\0'";
      case "byte":
        return "(byte) 0";
      case "short":
        return "(short) 0";
      case "int":
        return "0";
      default:
        return "null";
    }
  }

  private int emptyArgsClose(SourceFile file, Node call) {
    String text = file.text();
    if (call instanceof MethodCallExpr) {
      return end(file, call) - 1;
    }
    if (call instanceof ObjectCreationExpr o) {
      int i = text.indexOf('(', end(file, o.getType()));
      return i < 0 ? -1 : text.indexOf(')', i);
    }
    int semi = end(file, call) - 1;
    return text.lastIndexOf(')', semi);
  }

  private static TextEdit minimal(String text, int start, int end, String replacement) {
    String old = text.substring(start, end);
    int p = 0;
    int max = Math.min(old.length(), replacement.length());
    while (p < max && old.charAt(p) == replacement.charAt(p)) {
      p++;
    }
    int s = 0;
    while (s < max - p && old.charAt(old.length() - 1 - s) == replacement.charAt(replacement.length() - 1 - s)) {
      s++;
    }
    if (p == old.length() && p == replacement.length()) {
      return null;
    }
    return TextEdit.of(text, start + p, end - s, replacement.substring(p, replacement.length() - s));
  }

  /** Offset of a node's first character. */
  private int begin(SourceFile file, Node n) {
    return offset(file, n.getBegin().orElseThrow().line, n.getBegin().orElseThrow().column);
  }

  /** Offset just after a node's last character. */
  private int end(SourceFile file, Node n) {
    return offset(file, n.getEnd().orElseThrow().line, n.getEnd().orElseThrow().column) + 1;
  }

  private int offset(SourceFile file, int line, int column) {
    int[] starts = lineStarts.computeIfAbsent(file.path(), k -> starts(file.text()));
    return starts[line - 1] + column - 1;
  }

  /** Line starts as JavaParser counts lines: a lone '\r' ends a line too (unlike {@code LineIndex}). */
  private static int[] starts(String text) {
    List<Integer> s = new ArrayList<>();
    s.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
        s.add(i + 1);
      }
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }
}
