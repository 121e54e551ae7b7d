package dev.coclone.context.internal;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.visitor.VoidVisitorAdapter;
import dev.coclone.context.CallSite;
import dev.coclone.context.Definition;
import dev.coclone.context.FileSymbols;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.List;

/** Java definitions through JavaParser; files that do not parse fall back to the token scan. */
public final class JavaSymbols {
  private final JavaParser parser = new JavaParser(new ParserConfiguration()
      .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17).setAttributeComments(false));

  /**
   * Extracts a file's symbols.
   *
   * @param file a Java file
   * @return its symbols
   */
  public FileSymbols extract(SourceFile file) {
    ParseResult<CompilationUnit> result = parser.parse(file.text());
    if (!result.isSuccessful() || result.getResult().isEmpty()) {
      String problem = result.getProblems().isEmpty() ? "does not parse"
          : result.getProblems().get(0).getVerboseMessage();
      FileSymbols lexical = LexicalSymbols.extract(file);
      return new FileSymbols(file.path(), file.language(), lexical.definitions(), lexical.imports(), lexical.calls(),
          "lexical", problem.length() > 300 ? problem.substring(0, 300) : problem);
    }
    CompilationUnit cu = result.getResult().get();
    List<Definition> defs = new ArrayList<>();
    List<String> imports = new ArrayList<>();
    cu.getImports().forEach(i -> imports.add(i.getNameAsString()));
    new DefinitionVisitor(file.path()).visit(cu, defs);
    List<CallSite> calls = new ArrayList<>();
    cu.findAll(com.github.javaparser.ast.expr.MethodCallExpr.class).forEach(c -> c.getName().getBegin()
        .ifPresent(p -> calls.add(new CallSite(c.getNameAsString(), p.line, p.column))));
    cu.findAll(com.github.javaparser.ast.expr.ObjectCreationExpr.class).forEach(c -> c.getType().getBegin()
        .ifPresent(p -> calls.add(new CallSite(c.getType().getNameAsString(), p.line, p.column))));
    return new FileSymbols(file.path(), file.language(), defs, imports, calls, "javaparser", null);
  }

  /** One visitor for definitions: types, methods, constructors, fields. */
  private static final class DefinitionVisitor extends VoidVisitorAdapter<List<Definition>> {
    private final String path;

    DefinitionVisitor(String path) {
      this.path = path;
    }

    private static String container(com.github.javaparser.ast.Node n) {
      return n.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("");
    }

    private static int line(com.github.javaparser.ast.Node n, boolean end) {
      return n.getRange().map(r -> end ? r.end.line : r.begin.line).orElse(0);
    }

    private void type(TypeDeclaration<?> t, String kind, List<Definition> out) {
      out.add(new Definition(t.getNameAsString(), kind, container(t), path, line(t, false), line(t, true),
          kind + " " + t.getNameAsString()));
    }

    @Override
    public void visit(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration n, List<Definition> out) {
      type(n, n.isInterface() ? "interface" : "class", out);
      super.visit(n, out);
    }

    @Override
    public void visit(com.github.javaparser.ast.body.EnumDeclaration n, List<Definition> out) {
      type(n, "enum", out);
      super.visit(n, out);
    }

    @Override
    public void visit(com.github.javaparser.ast.body.RecordDeclaration n, List<Definition> out) {
      type(n, "record", out);
      super.visit(n, out);
    }

    private void callable(CallableDeclaration<?> c, String kind, List<Definition> out) {
      String sig = c.getDeclarationAsString(true, false, true);
      out.add(new Definition(c.getNameAsString(), kind, container(c), path, line(c, false), line(c, true), sig));
    }

    @Override
    public void visit(MethodDeclaration n, List<Definition> out) {
      callable(n, "method", out);
      super.visit(n, out);
    }

    @Override
    public void visit(ConstructorDeclaration n, List<Definition> out) {
      callable(n, "constructor", out);
      super.visit(n, out);
    }

    @Override
    public void visit(FieldDeclaration n, List<Definition> out) {
      for (VariableDeclarator v : n.getVariables()) {
        out.add(new Definition(v.getNameAsString(), "field", container(n), path, line(n, false), line(n, true),
            n.getModifiers().toString().replace("[", "").replace("]", "").replace(",", "").trim()
                + (n.getModifiers().isEmpty() ? "" : " ") + v.getTypeAsString() + " " + v.getNameAsString()));
      }
      super.visit(n, out);
    }
  }
}
