package dev.coclone.source;

import org.treesitter.TSLanguage;
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
