package dev.coclone.signature.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Import bindings of one file that resolve to a declaring file: the names it imports from it, the
 * names bound to the module itself, and names it imports from other modules (which shadow a
 * match by name). Python modules map to {@code pkg/mod.py} or {@code pkg/mod/__init__.py}
 * (relative to the workspace root, any source root below it, or the importing file for relative
 * imports); JavaScript/TypeScript specifiers starting with {@code .} map relative to the importing
 * file, with or without an extension or {@code /index}.
 */
final class ScriptModules {
  /** Local names bound to the imported symbol. */
  final Set<String> symbols = new HashSet<>();
  /** Local names bound to the declaring module. */
  final Set<String> namespaces = new HashSet<>();
  /** Local names imported from other modules. */
  final Set<String> others = new HashSet<>();

  ScriptModules(ScriptIndex importing, String declPath, String symbol) {
    for (ScriptIndex.Import im : importing.imports()) {
      boolean here = matches(importing, im.module(), declPath);
      if (im.imported() == null) {
        if (here) {
          namespaces.add(im.local());
        }
      } else if (here && im.imported().equals(symbol)) {
        symbols.add(im.local());
      } else if (importing.python() && matches(importing, join(im.module(), im.imported()), declPath)) {
        namespaces.add(im.local());
      } else {
        others.add(im.local());
      }
    }
  }

  private static String join(String module, String name) {
    return module.endsWith(".") ? module + name : module + "." + name;
  }

  /** True when a module as written in {@code importing} names the file {@code declPath}. */
  static boolean matches(ScriptIndex importing, String module, String declPath) {
    String dir = parent(importing.path());
    if (importing.python()) {
      int dots = 0;
      while (dots < module.length() && module.charAt(dots) == '.') {
        dots++;
      }
      String rel = module.substring(dots).replace('.', '/');
      String base;
      if (dots > 0) {
        base = dir;
        for (int i = 1; i < dots; i++) {
          base = parent(base);
        }
        base = rel.isEmpty() ? base : base.isEmpty() ? rel : base + "/" + rel;
        return declPath.equals(base + ".py") || declPath.equals(base + "/__init__.py")
            || rel.isEmpty() && declPath.equals((base.isEmpty() ? "" : base + "/") + "__init__.py");
      }
      return declPath.equals(rel + ".py") || declPath.equals(rel + "/__init__.py")
          || declPath.endsWith("/" + rel + ".py") || declPath.endsWith("/" + rel + "/__init__.py");
    }
    if (module.startsWith(".")) {
      return matchesScript(scriptPath(importing, module), declPath);
    }
    String rest = selfPath(module);
    int slash = declPath.indexOf('/');
    return rest != null && slash > 0 && matchesScript(declPath.substring(0, slash + 1) + rest, declPath);
  }

  /**
   * For a package specifier with a path of at least two segments ({@code @trpc/server/vendor/is-plain-object},
   * {@code pkg/a/b}), that path ({@code vendor/is-plain-object}); else null. A project that imports
   * its own files through its package's name maps it to its source folder (a tsconfig {@code paths}
   * entry such as {@code "@trpc/server/*": ["./src/*"]}): the path is then looked up under each
   * top-level folder of the workspace. One segment ({@code rxjs/operators}) is too likely another
   * package's entry point.
   */
  static String selfPath(String module) {
    if (module.startsWith(".") || module.startsWith("/") || module.contains(":")) {
      return null;
    }
    String[] parts = module.split("/");
    int skip = module.startsWith("@") ? 2 : 1;
    if (parts.length < skip + 2) {
      return null;
    }
    return String.join("/", java.util.Arrays.copyOfRange(parts, skip, parts.length));
  }

  /**
   * The workspace path a relative JavaScript/TypeScript specifier names from {@code importing}
   * ({@code ./a/../b} from {@code src/x.ts} is {@code src/b}), for {@link #matchesScript}.
   */
  static String scriptPath(ScriptIndex importing, String module) {
    String dir = parent(importing.path());
    return normalize(dir.isEmpty() ? module : dir + "/" + module);
  }

  /** True when the file {@code declPath} is what a specifier resolved by {@link #scriptPath} names. */
  static boolean matchesScript(String resolved, String declPath) {
    if (declPath.equals(resolved)) {
      return true;
    }
    String noExt = withoutExtension(declPath);
    return noExt.equals(resolved) || noExt.length() == resolved.length() + 6 && noExt.startsWith(resolved)
        && noExt.endsWith("/index") || noExt.equals(withoutExtension(resolved));
  }

  /** The path without a last extension of ASCII letters ({@code a/b.d.ts} is {@code a/b.d}). */
  static String withoutExtension(String path) {
    int i = path.length();
    while (i > 0 && isAsciiLetter(path.charAt(i - 1))) {
      i--;
    }
    return i > 0 && i < path.length() && path.charAt(i - 1) == '.' ? path.substring(0, i - 1) : path;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String normalize(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        }
      } else {
        parts.addLast(p);
      }
    }
    return String.join("/", parts);
  }
}
