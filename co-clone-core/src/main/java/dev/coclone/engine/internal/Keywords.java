package dev.coclone.engine.internal;

import java.util.Set;

/** Keywords and always-visible names per language: never out of scope. */
final class Keywords {
  static final Set<String> JAVA_PRIMITIVES = Set.of("int", "long", "double", "float", "boolean", "char", "byte",
      "short", "void", "var");
  static final Set<String> JAVA = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch", "char",
      "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
      "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package",
      "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized",
      "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var",
      "record", "yield", "sealed", "permits", "non", "length");
  static final Set<String> JS = Set.of("break", "case", "catch", "class", "const", "continue", "debugger", "default",
      "delete", "do", "else", "export", "extends", "finally", "for", "function", "if", "import", "in", "instanceof",
      "new", "return", "super", "switch", "this", "throw", "try", "typeof", "var", "void", "while", "with", "yield",
      "let", "static", "async", "await", "of", "get", "set", "true", "false", "null", "undefined", "from", "as",
      "constructor", "interface", "type", "implements", "private", "public", "protected", "readonly", "enum",
      "declare", "namespace", "abstract", "keyof", "any", "number", "string", "boolean", "never", "unknown", "object",
      "arguments", "NaN", "Infinity");
  static final Set<String> JS_GLOBALS = Set.of("console", "window", "document", "globalThis", "module", "exports",
      "require", "process", "Buffer", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate",
      "queueMicrotask", "fetch", "navigator", "location", "localStorage", "sessionStorage", "alert", "parseInt",
      "parseFloat", "isNaN", "isFinite", "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI",
      "structuredClone", "__dirname", "__filename", "performance", "crypto", "history", "event");
  static final Set<String> PYTHON = Set.of("False", "None", "True", "and", "as", "assert", "async", "await", "break",
      "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
      "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "_",
      "case", "match", "self", "cls", "__debug__", "__doc__", "__import__", "__name__", "__file__",
      "__class__", "__dict__", "__all__", "__spec__", "__builtins__", "__package__", "__loader__", "__path__",
      "__qualname__", "__module__", "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint",
      "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits", "delattr",
      "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset",
      "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter",
      "len", "license", "list", "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord",
      "pow", "print", "property", "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted",
      "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip", "reveal_type");

  private Keywords() {}

  /** True for a keyword of the language (for Python also a builtin name; for JavaScript a global). */
  static boolean reserved(String language, String name) {
    return switch (language) {
      case "python" -> PYTHON.contains(name);
      case "java" -> JAVA.contains(name);
      default -> JS.contains(name) || JS_GLOBALS.contains(name);
    };
  }

  /**
   * True for a name that is visible everywhere in the language: a keyword, a builtin, a global of
   * the platform, or (by convention) a type or constant name, which comes from imports the reader
   * does not resolve.
   */
  static boolean always(String language, String name) {
    if (Character.isUpperCase(name.charAt(0))) {
      return true;
    }
    return switch (language) {
      case "python" -> PYTHON.contains(name);
      case "java" -> JAVA.contains(name);
      default -> JS.contains(name) || JS_GLOBALS.contains(name);
    };
  }
}
