package dev.coclone.signature.internal;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import dev.coclone.signature.ParseProblem;
import dev.coclone.workspace.SourceFile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Reads Java declarations with JavaParser. One instance per thread (JavaParser is not thread-safe). */
final class JavaDeclarations {
  private final JavaParser parser = new JavaParser(new ParserConfiguration()
      .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

  /** Parses a file; the tree is the {@link CompilationUnit}. */
  ParsedFile parse(SourceFile file) {
    ParseResult<CompilationUnit> result = parser.parse(file.text());
    if (!result.isSuccessful() || result.getResult().isEmpty()) {
      Problem p = result.getProblems().isEmpty() ? null : result.getProblems().get(0);
      int line = 1;
      int column = 1;
      if (p != null && p.getLocation().isPresent() && p.getLocation().get().getBegin().getRange().isPresent()) {
        line = p.getLocation().get().getBegin().getRange().get().begin.line;
        column = p.getLocation().get().getBegin().getRange().get().begin.column;
      }
      String message = p == null ? "does not parse" : firstLine(p.getMessage());
      return new ParsedFile(file, List.of(), new ParseProblem(file.path(), line, column, message), null);
    }
    CompilationUnit cu = result.getResult().get();
    List<FunctionSignature> out = new ArrayList<>();
    for (CallableDeclaration<?> c : cu.findAll(CallableDeclaration.class)) {
      out.add(signature(file, c));
    }
    out.sort(java.util.Comparator.comparingInt(FunctionSignature::line).thenComparingInt(FunctionSignature::column));
    return new ParsedFile(file, out, null, cu);
  }

  /** The signature of one declaration. */
  static FunctionSignature signature(SourceFile file, CallableDeclaration<?> c) {
    List<Parameter> params = new ArrayList<>();
    for (com.github.javaparser.ast.body.Parameter p : c.getParameters()) {
      params.add(new Parameter(p.getNameAsString(), p.getType().asString(), null, p.isVarArgs()));
    }
    List<String> modifiers = new ArrayList<>();
    for (Modifier m : c.getModifiers()) {
      modifiers.add(m.getKeyword().asString());
    }
    String returnType = c instanceof MethodDeclaration m ? m.getType().asString() : "";
    FunctionSignature.Kind kind = c instanceof ConstructorDeclaration ? FunctionSignature.Kind.CONSTRUCTOR
        : FunctionSignature.Kind.METHOD;
    int line = c.getName().getBegin().map(p -> p.line).orElse(0);
    int column = c.getName().getBegin().map(p -> p.column).orElse(0);
    int endLine = c.getEnd().map(p -> p.line).orElse(line);
    String text = c.getDeclarationAsString(true, false, true).replaceAll("\\s+", " ").trim();
    return new FunctionSignature("java", file.path(), container(c), c.getNameAsString(), kind, params, returnType,
        modifiers, line, column, endLine, text);
  }

  /** Enclosing types, outermost first, dotted; anonymous classes as {@code new Type}. */
  static String container(Node n) {
    Deque<String> names = new ArrayDeque<>();
    Node cur = n.getParentNode().orElse(null);
    while (cur != null) {
      if (cur instanceof TypeDeclaration<?> t) {
        names.push(t.getNameAsString());
      } else if (cur instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
        names.push("new " + o.getType().getNameAsString());
      }
      cur = cur.getParentNode().orElse(null);
    }
    return String.join(".", names);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) : line;
  }
}
