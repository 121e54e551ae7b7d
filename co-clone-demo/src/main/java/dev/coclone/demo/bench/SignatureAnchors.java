package dev.coclone.demo.bench;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.TryStmt;
import dev.coclone.signature.Dependent;
import java.util.HashMap;
import java.util.Map;

/**
 * Where javac may put its error for a site the tracker reported, from re-parsing the site's file
 * (cached per file): the lines of a call, a method reference, or an overriding declaration and
 * the head of the type that declares it.
 */
final class SignatureAnchors implements SignatureBench.TryLocator {
  private final Map<String, String> texts;
  private final Map<String, CompilationUnit> units = new HashMap<>();
  private final JavaParser parser = new JavaParser(new ParserConfiguration()
      .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

  SignatureAnchors(Map<String, String> texts) {
    this.texts = texts;
  }

  private CompilationUnit unit(String path) {
    return units.computeIfAbsent(path, p -> {
      ParseResult<CompilationUnit> r = parser.parse(texts.getOrDefault(p, ""));
      return r.getResult().orElse(null);
    });
  }

  @Override
  public long tryStart(String path, long line) {
    CompilationUnit cu = unit(path);
    if (cu == null) {
      return -1;
    }
    for (CatchClause c : cu.findAll(CatchClause.class)) {
      if (c.getBegin().filter(p -> p.line == line).isPresent() || c.getParameter().getBegin()
          .filter(p -> p.line == line).isPresent()) {
        return c.findAncestor(TryStmt.class).flatMap(Node::getBegin).map(p -> (long) p.line).orElse(-1L);
      }
    }
    return -1;
  }

  /** The lines of a call site: from the end of its receiver to its name; a method reference's own lines. */
  int[] span(Dependent d) {
    CompilationUnit cu = unit(d.path());
    int[] fallback = {d.line(), d.line()};
    if (cu == null) {
      return fallback;
    }
    for (MethodCallExpr c : cu.findAll(MethodCallExpr.class)) {
      if (at(c.getName(), d.line(), d.column())) {
        int from = c.getScope().flatMap(Node::getEnd).map(p -> p.line).orElse(d.line());
        return new int[] {Math.min(from, d.line()), d.line()};
      }
    }
    for (MethodReferenceExpr r : cu.findAll(MethodReferenceExpr.class)) {
      if (at(r, d.line(), d.column())) {
        return new int[] {d.line(), r.getEnd().map(p -> p.line).orElse(d.line())};
      }
    }
    return fallback;
  }

  /**
   * The lines of an overriding or overridden declaration: from its first annotation to its name
   * (javac reports {@code @Override} mismatches at the annotation), and the head of the type that
   * declares it (javac reports a class that no longer implements an abstract method at its
   * {@code class} keyword, an anonymous class at {@code new}, an enum constant's body at the
   * constant): {@code {from, to, headFrom, headTo}}.
   */
  int[] declarationSpan(String path, int line, int column) {
    CompilationUnit cu = unit(path);
    int[] fallback = {line, line, line, line};
    if (cu == null) {
      return fallback;
    }
    for (MethodDeclaration m : cu.findAll(MethodDeclaration.class)) {
      if (at(m.getName(), line, column)) {
        int from = m.getBegin().map(p -> p.line).orElse(line);
        int[] head = head(m.getParentNode().orElse(null));
        return new int[] {Math.min(from, line), line, head == null ? line : head[0], head == null ? line : head[1]};
      }
    }
    return fallback;
  }

  /**
   * Whether the type whose head is on (path, line) declares a method of that name itself (a
   * class that only inherits it gets javac's "is not abstract" error because of a supertype).
   */
  boolean declaresMethod(String path, long line, String name) {
    CompilationUnit cu = unit(path);
    if (cu == null) {
      return true;
    }
    for (TypeDeclaration<?> t : cu.findAll(TypeDeclaration.class)) {
      int[] head = head(t);
      if (head[0] <= line && line <= head[1]) {
        return !t.getMethodsByName(name).isEmpty();
      }
    }
    return true;
  }

  private static int[] head(Node owner) {
    if (owner instanceof TypeDeclaration<?> t) {
      int from = t.getBegin().map(p -> p.line).orElse(0);
      return new int[] {from, t.getName().getBegin().map(p -> p.line).orElse(from)};
    }
    if (owner instanceof ObjectCreationExpr o) {
      int from = o.getBegin().map(p -> p.line).orElse(0);
      return new int[] {from, o.getType().getEnd().map(p -> p.line).orElse(from)};
    }
    if (owner instanceof EnumConstantDeclaration c) {
      int from = c.getBegin().map(p -> p.line).orElse(0);
      return new int[] {from, c.getName().getBegin().map(p -> p.line).orElse(from)};
    }
    return null;
  }

  private static boolean at(Node n, int line, int column) {
    return n.getBegin().filter(p -> p.line == line && p.column == column).isPresent();
  }
}
