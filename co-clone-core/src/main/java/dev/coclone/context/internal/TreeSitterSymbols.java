package dev.coclone.context.internal;

import dev.coclone.context.CallSite;
import dev.coclone.context.Definition;
import dev.coclone.context.FileSymbols;
import dev.coclone.source.SourceFile;
import dev.coclone.source.SyntaxTrees;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

/**
 * Python, JavaScript and TypeScript through tree-sitter's grammars (native libraries shipped in
 * the jars): definitions with their containers and line ranges, imports, and call sites.
 * tree-sitter recovers from syntax errors, so half-typed code still yields what it can; if the
 * native library cannot load on this platform, the structural token scan takes over.
 */
public final class TreeSitterSymbols {
  private static final Logger LOG = Logger.getLogger(TreeSitterSymbols.class.getName());

  private TreeSitterSymbols() {}

  /** True for the languages tree-sitter reads here. */
  public static boolean handles(String language) {
    return SyntaxTrees.handles(language);
  }

  /**
   * Extracts a file's symbols.
   *
   * @param file a Python, JavaScript or TypeScript file
   * @return its symbols
   */
  public static FileSymbols extract(SourceFile file) {
    TSTree tree;
    try {
      tree = SyntaxTrees.parse(file);
    } catch (LinkageError | RuntimeException e) {
      LOG.fine(() -> "tree-sitter unavailable for " + file.path() + ": " + e);
      FileSymbols lexical = LexicalSymbols.extract(file);
      return new FileSymbols(file.path(), file.language(), lexical.definitions(), lexical.imports(), lexical.calls(),
          "lexical", "tree-sitter is not available here (" + e.getMessage() + ")");
    }
    TSNode root = tree.getRootNode();
    Walk w = new Walk(file, file.text().getBytes(StandardCharsets.UTF_8));
    w.visit(root);
    return new FileSymbols(file.path(), file.language(), w.defs, w.imports, w.calls, "tree-sitter",
        root.hasError() ? "syntax errors (tree-sitter recovered)" : null);
  }

  /** One walk over a tree, collecting definitions, imports and calls. */
  private static final class Walk {
    private final SourceFile file;
    private final byte[] utf8;
    private final List<Definition> defs = new ArrayList<>();
    private final List<String> imports = new ArrayList<>();
    private final List<CallSite> calls = new ArrayList<>();
    private final Deque<String> containers = new ArrayDeque<>();

    Walk(SourceFile file, byte[] utf8) {
      this.file = file;
      this.utf8 = utf8;
    }

    private String text(TSNode n) {
      if (n == null || n.isNull()) {
        return "";
      }
      return new String(utf8, n.getStartByte(), n.getEndByte() - n.getStartByte(), StandardCharsets.UTF_8);
    }

    private static TSNode field(TSNode n, String name) {
      TSNode f = n.getChildByFieldName(name);
      return f == null || f.isNull() ? null : f;
    }

    private void define(TSNode n, TSNode nameNode, String kind, String signature) {
      String container = containers.isEmpty() ? "" : containers.peek();
      defs.add(new Definition(text(nameNode), kind, container, file.path(), n.getStartPoint().getRow() + 1,
          n.getEndPoint().getRow() + 1, signature));
    }

    void visit(TSNode n) {
      String type = n.getType();
      boolean pushed = false;
      switch (type) {
        case "class_definition", "class_declaration", "abstract_class_declaration", "interface_declaration" -> {
          TSNode name = field(n, "name");
          if (name != null) {
            define(n, name, type.startsWith("interface") ? "interface" : "class",
                (type.startsWith("interface") ? "interface " : "class ") + text(name));
            containers.push(text(name));
            pushed = true;
          }
        }
        case "function_definition", "function_declaration", "method_definition", "method_signature",
            "generator_function_declaration" -> {
          TSNode name = field(n, "name");
          if (name != null) {
            String kind = type.equals("method_definition") || type.equals("method_signature")
                || (type.equals("function_definition") && !containers.isEmpty()) ? "method" : "function";
            if (kind.equals("method") && text(name).equals("constructor")) {
              kind = "constructor";
            }
            TSNode params = field(n, "parameters");
            String prefix = "python".equals(file.language()) ? "def " : type.startsWith("method") ? "" : "function ";
            define(n, name, kind, prefix + text(name) + (params == null ? "()" : oneLine(text(params))));
          }
        }
        case "variable_declarator" -> {
          TSNode name = field(n, "name");
          TSNode value = field(n, "value");
          if (name != null && value != null && (value.getType().equals("arrow_function")
              || value.getType().equals("function_expression") || value.getType().equals("function"))) {
            TSNode params = field(value, "parameters");
            define(n, name, "function", text(name) + " = " + (params == null ? "()" : oneLine(text(params))) + " =>");
          }
        }
        case "import_statement" -> {
          TSNode source = field(n, "source");
          if (source != null) {
            String s = text(source);
            imports.add(s.length() >= 2 ? s.substring(1, s.length() - 1) : s);
          } else {
            for (int i = 0; i < n.getNamedChildCount(); i++) {
              TSNode c = n.getNamedChild(i);
              imports.add(text(c.getType().equals("aliased_import") ? field(c, "name") : c));
            }
          }
        }
        case "import_from_statement" -> {
          TSNode module = field(n, "module_name");
          if (module != null) {
            imports.add(text(module));
          }
        }
        case "call", "call_expression", "new_expression" -> {
          TSNode fn = field(n, type.equals("new_expression") ? "constructor" : "function");
          TSNode name = fn;
          if (fn != null && (fn.getType().equals("attribute") || fn.getType().equals("member_expression"))) {
            name = field(fn, fn.getType().equals("attribute") ? "attribute" : "property");
          }
          if (name != null && (name.getType().equals("identifier") || name.getType().equals("property_identifier"))) {
            calls.add(new CallSite(text(name), name.getStartPoint().getRow() + 1, column(name)));
            if (text(name).equals("require") && n.getNamedChildCount() > 1) {
              TSNode args = field(n, "arguments");
              if (args != null && args.getNamedChildCount() > 0) {
                String s = text(args.getNamedChild(0));
                imports.add(s.length() >= 2 ? s.substring(1, s.length() - 1) : s);
              }
            }
          }
        }
        default -> { }
      }
      for (int i = 0; i < n.getNamedChildCount(); i++) {
        visit(n.getNamedChild(i));
      }
      if (pushed) {
        containers.pop();
      }
    }

    /** Column in characters (1-based), from the node's byte offset. */
    private int column(TSNode n) {
      int start = n.getStartByte();
      int lineStart = start;
      while (lineStart > 0 && utf8[lineStart - 1] != '\n') {
        lineStart--;
      }
      return new String(utf8, lineStart, start - lineStart, StandardCharsets.UTF_8).length() + 1;
    }

    private static String oneLine(String s) {
      return s.replaceAll("\\s+", " ");
    }
  }
}
