package dev.coclone.source;

import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterTypescript;

/**
 * The one tree-sitter entry point: parses Python, JavaScript and TypeScript with their grammars,
 * for the context index and signature tracking alike.
 */
public final class SyntaxTrees {
  private SyntaxTrees() {}

  /** True for the languages tree-sitter reads here: {@code python}, {@code javascript}, {@code typescript}. */
  public static boolean handles(String language) {
    return "python".equals(language) || "javascript".equals(language) || "typescript".equals(language);
  }

  /**
   * Parses a Python, JavaScript or TypeScript file with its grammar.
   *
   * @param file the file
   * @return the syntax tree (with error nodes where the text does not parse)
   * @throws LinkageError if the native library cannot load on this platform
   */
  public static TSTree parse(SourceFile file) {
    TSParser parser = new TSParser();
    parser.setLanguage(language(file.language()));
    return parser.parseString(null, file.text());
  }

  /**
   * How many syntax errors tree-sitter finds in a file: error and missing nodes, each counted once
   * with what lies under it.
   *
   * @param file a Python, JavaScript or TypeScript file
   * @return the count
   * @throws LinkageError if the native library cannot load on this platform
   */
  public static int errorCount(SourceFile file) {
    return errors(parse(file).getRootNode());
  }

  /**
   * Counts the syntax errors under a node: its error and missing nodes, each counted once with what
   * lies under it.
   *
   * @param node a node of a tree {@link #parse} made, usually its root
   * @return the count
   */
  public static int errorCount(TSNode node) {
    return errors(node);
  }

  private static int errors(TSNode node) {
    if (node.isError() || node.isMissing()) {
      return 1;
    }
    if (!node.hasError()) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < node.getChildCount(); i++) {
      n += errors(node.getChild(i));
    }
    return n;
  }

  private static TSLanguage language(String id) {
    switch (id) {
      case "python":
        return new TreeSitterPython();
      case "typescript":
        return new TreeSitterTypescript();
      default:
        return new TreeSitterJavascript();
    }
  }
}
