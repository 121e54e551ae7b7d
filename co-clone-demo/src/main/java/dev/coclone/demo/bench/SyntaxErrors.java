package dev.coclone.demo.bench;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import dev.coclone.source.SourceFile;
import dev.coclone.source.SyntaxTrees;

/**
 * Counts the syntax errors of a source text with the parsers the project already has: JavaParser
 * for Java, tree-sitter for Python, JavaScript and TypeScript. Used to tell whether inserting a
 * suggestion made a file worse.
 */
final class SyntaxErrors {
  private final JavaParser java = new JavaParser(
      new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

  /** True if the language has a parser here. */
  static boolean handles(String language) {
    return "java".equals(language) || SyntaxTrees.handles(language);
  }

  /**
   * The number of syntax errors of a text: JavaParser's problems, or tree-sitter's error and
   * missing nodes.
   *
   * @param path     the file's path (its extension picks the grammar)
   * @param language the language id
   * @param text     the text
   * @return the count; 0 for a language without a parser
   */
  int count(String path, String language, String text) {
    if ("java".equals(language)) {
      return java.parse(text).getProblems().size();
    }
    if (!SyntaxTrees.handles(language)) {
      return 0;
    }
    return SyntaxTrees.errorCount(new SourceFile(path, language, text));
  }
}
