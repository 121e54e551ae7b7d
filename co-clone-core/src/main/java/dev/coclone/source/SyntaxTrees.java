package dev.coclone.source;

import org.treesitter.TSInputEdit;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSPoint;
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

  /**
   * Parses a text once so that the same text with something inserted at one place can be parsed
   * again cheaply: tree-sitter's incremental parsing reuses every part of the first tree the
   * insertion leaves alone. Checking many candidate insertions at one cursor costs a full parse once
   * and a small one per candidate.
   *
   * @param language a language {@link #handles} accepts
   * @param before   the text before the place of the insertions
   * @param after    the text after it
   * @return the parsed text
   * @throws LinkageError if the native library cannot load on this platform
   */
  public static Insertions insertions(String language, String before, String after) {
    return new Insertions(language, before, after);
  }

  /** A text parsed once, to be parsed again with insertions at one place ({@link #insertions}). */
  public static final class Insertions {
    private final TSParser parser = new TSParser();
    private final String before;
    private final String after;
    /** Where the insertions go, in the bytes the parser reads (modified UTF-8, as JNI hands strings over). */
    private final int at;
    private final TSPoint point;
    private final TSTree tree;
    private final int errors;

    private Insertions(String language, String before, String after) {
      this.before = before;
      this.after = after;
      parser.setLanguage(language(language));
      int nl = before.lastIndexOf('\n');
      at = bytes(before, 0, before.length());
      point = new TSPoint(lines(before), bytes(before, nl + 1, before.length()));
      tree = parser.parseString(null, before + after);
      errors = SyntaxTrees.errors(tree.getRootNode());
    }

    /** The syntax errors of the text without an insertion, counted as {@link #errorCount(TSNode)} does. */
    public int errors() {
      return errors;
    }

    /**
     * The syntax errors of the text with something inserted, the same count a fresh parse of it gives.
     *
     * @param inserted the text inserted
     * @return the count
     */
    public int errorsWith(String inserted) {
      if (inserted.isEmpty()) {
        return errors;
      }
      int nl = inserted.lastIndexOf('\n');
      TSPoint end = nl < 0 ? new TSPoint(point.getRow(), point.getColumn() + bytes(inserted, 0, inserted.length()))
          : new TSPoint(point.getRow() + lines(inserted), bytes(inserted, nl + 1, inserted.length()));
      TSTree edited = tree.copy();
      try {
        edited.edit(new TSInputEdit(at, at, at + bytes(inserted, 0, inserted.length()), point, point, end));
        TSTree again = parser.parseString(edited, before + inserted + after);
        try {
          return SyntaxTrees.errors(again.getRootNode());
        } finally {
          again.close();
        }
      } finally {
        edited.close();
      }
    }

    /** Bytes of a part of a string in modified UTF-8 (a NUL takes two, each UTF-16 unit of a pair three). */
    private static int bytes(String s, int from, int to) {
      int n = 0;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        n += c != 0 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
      return n;
    }

    private static int lines(String s) {
      int n = 0;
      for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
        n++;
      }
      return n;
    }
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
