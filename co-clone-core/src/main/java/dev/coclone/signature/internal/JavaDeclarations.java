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
import dev.coclone.source.SourceFile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Reads Java declarations with JavaParser. One instance per thread (JavaParser is not thread-safe). */
final class JavaDeclarations {
  private final JavaParser parser = new JavaParser(new ParserConfiguration()
      .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17).setAttributeComments(false));

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

  /**
   * Reads a new version of a file that was accepted before, parsing only the one method or
   * constructor the edit is confined to (when it is: the changed lines lie inside a single
   * declaration that contains no other, and that declaration alone parses); otherwise the whole
   * file. The declarations outside it are the old ones, moved by the lines added or removed.
   * JavaParser reads a 9,000-line file in about 100 ms; one method in well under a millisecond.
   * The result has no tree: it is for comparing signatures, not for accepting.
   *
   * @param accepted the file's accepted version (with its tree)
   * @param file     the new version
   * @return the new version's declarations, or its parse problem
   */
  ParsedFile parseChanged(ParsedFile accepted, SourceFile file) {
    if (!(accepted.tree() instanceof CompilationUnit cu)) {
      return parse(file);
    }
    String[] a = accepted.file().text().split("\n", -1);
    String[] b = file.text().split("\n", -1);
    int prefix = 0;
    while (prefix < a.length && prefix < b.length && a[prefix].equals(b[prefix])) {
      prefix++;
    }
    if (prefix == a.length && prefix == b.length) {
      return new ParsedFile(file, accepted.signatures(), null, null);
    }
    int suffix = 0;
    while (suffix < a.length - prefix && suffix < b.length - prefix
        && a[a.length - 1 - suffix].equals(b[b.length - 1 - suffix])) {
      suffix++;
    }
    int firstChanged = prefix + 1;
    int lastChangedOld = a.length - suffix;
    int delta = b.length - a.length;
    CallableDeclaration<?> member = null;
    for (CallableDeclaration<?> c : cu.findAll(CallableDeclaration.class)) {
      int begin = c.getBegin().map(p -> p.line).orElse(-1);
      int end = c.getEnd().map(p -> p.line).orElse(-1);
      if (begin <= firstChanged && lastChangedOld <= end && begin > 0) {
        if (member == null || c.isDescendantOf(member)) {
          member = c;
        }
      }
    }
    if (member == null || member.findAll(CallableDeclaration.class).size() != 1
        || member.getBegin().get().column != firstNonBlank(a[member.getBegin().get().line - 1])) {
      return parse(file);
    }
    int begin = member.getBegin().get().line;
    int newEnd = member.getEnd().get().line + delta;
    if (newEnd < begin || newEnd > b.length) {
      return parse(file);
    }
    String snippet = String.join("\n", java.util.Arrays.asList(b).subList(begin - 1, newEnd));
    ParseResult<com.github.javaparser.ast.body.BodyDeclaration<?>> r = parser.parseBodyDeclaration(snippet);
    if (!r.isSuccessful() || r.getResult().isEmpty() || !(r.getResult().get() instanceof CallableDeclaration<?> parsed)
        || parsed.findAll(CallableDeclaration.class).size() != 1
        || parsed.getEnd().map(p -> p.line).orElse(-1) != newEnd - begin + 1
        || !snippet.substring(lastLineStart(snippet)).substring(parsed.getEnd().get().column).isBlank()) {
      return parse(file); // not a clean one-declaration edit: read the whole file
    }
    FunctionSignature oldOne = null;
    int memberLine = member.getName().getBegin().map(p -> p.line).orElse(-1);
    int memberColumn = member.getName().getBegin().map(p -> p.column).orElse(-1);
    List<FunctionSignature> out = new ArrayList<>();
    for (FunctionSignature f : accepted.signatures()) {
      if (f.line() == memberLine && f.column() == memberColumn) {
        oldOne = f;
        FunctionSignature fresh = signature(file, parsed);
        out.add(new FunctionSignature(fresh.language(), fresh.path(), f.container(), fresh.name(), fresh.kind(),
            fresh.parameters(), fresh.returnType(), fresh.modifiers(), fresh.line() + begin - 1, fresh.column(),
            fresh.endLine() + begin - 1, fresh.text()));
      } else if (f.line() > lastChangedOld) {
        out.add(new FunctionSignature(f.language(), f.path(), f.container(), f.name(), f.kind(), f.parameters(),
            f.returnType(), f.modifiers(), f.line() + delta, f.column(), f.endLine() + delta, f.text()));
      } else if (f.endLine() >= lastChangedOld) {
        out.add(new FunctionSignature(f.language(), f.path(), f.container(), f.name(), f.kind(), f.parameters(),
            f.returnType(), f.modifiers(), f.line(), f.column(), f.endLine() + delta, f.text()));
      } else {
        out.add(f);
      }
    }
    return oldOne == null ? parse(file) : new ParsedFile(file, out, null, null);
  }

  private static int firstNonBlank(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i + 1;
  }

  private static int lastLineStart(String s) {
    return s.lastIndexOf('\n') + 1;
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
