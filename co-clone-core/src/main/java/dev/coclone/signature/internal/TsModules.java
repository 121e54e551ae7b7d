package dev.coclone.signature.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * JavaScript/TypeScript imports followed through re-exports: {@code export * from './m'},
 * {@code export {f as g} from './m'}, {@code export * as ns from './m'}, a local
 * {@code export {f as g}}, and {@code export default f}. Adds to a {@link ScriptModules} the
 * names an importing file binds to the changed function (or to its module) through another file.
 */
final class TsModules {
  private static final int MAX_DEPTH = 8;

  private enum Export { SYMBOL, NAMESPACE }

  private TsModules() {}

  /**
   * The workspace's files by the paths a relative specifier resolves to ({@link ScriptModules#scriptPath}):
   * by their path, their path without its extension, and, for an {@code index} file, its folder.
   * Built once per detection, so that following an import is a few map lookups instead of a walk over
   * every file. Where several files fit one specifier, the first in path order is taken, as the walk
   * over the workspace's sorted files did.
   */
  static final class Paths {
    private final Map<String, ScriptIndex> files;
    private final Map<String, String> bare = new HashMap<>();
    private final Map<String, String> folders = new HashMap<>();
    /** The workspace's top-level folders ({@code src}), where a package's own name may point. */
    private final java.util.Set<String> tops = new java.util.TreeSet<>();

    /** The index of {@code files}, by path in the order their map iterates (the workspace's: sorted). */
    Paths(Map<String, ScriptIndex> files) {
      this.files = files;
      for (String path : files.keySet()) {
        String noExt = ScriptModules.withoutExtension(path);
        if (path.indexOf('/') > 0) {
          tops.add(path.substring(0, path.indexOf('/')));
        }
        bare.putIfAbsent(noExt, path);
        if (noExt.endsWith("/index")) {
          folders.putIfAbsent(noExt.substring(0, noExt.length() - 6), path);
        }
      }
    }

    /** The file a resolved specifier names, or null. */
    ScriptIndex find(String resolved) {
      String best = files.containsKey(resolved) ? resolved : null;
      best = first(best, bare.get(resolved));
      best = first(best, folders.get(resolved));
      best = first(best, bare.get(ScriptModules.withoutExtension(resolved)));
      return best == null ? null : files.get(best);
    }

    private String first(String a, String b) {
      if (a == null || b == null) {
        return a == null ? b : a;
      }
      // the map's own order (a TreeMap's comparator, natural for the workspace's)
      java.util.Comparator<? super String> order = files instanceof java.util.SortedMap<String, ScriptIndex> sm
          && sm.comparator() != null ? sm.comparator() : java.util.Comparator.naturalOrder();
      return order.compare(a, b) <= 0 ? a : b;
    }
  }

  static void extend(ScriptModules mods, ScriptIndex importing, String declPath, String symbol,
      Paths files) {
    for (ScriptIndex.Import im : importing.imports()) {
      ScriptIndex target = resolve(importing, im.module(), files);
      if (target == null) {
        continue;
      }
      if (target.path().equals(declPath)) {
        if ("default".equals(im.imported()) && exportOf(target, "default", declPath, symbol, files, 0) == Export.SYMBOL) {
          mods.symbols.add(im.local());
        }
        continue;
      }
      if (im.imported() == null) {
        if (exportOf(target, symbol, declPath, symbol, files, 0) == Export.SYMBOL) {
          mods.namespaces.add(im.local());
        }
        continue;
      }
      Export e = exportOf(target, im.imported(), declPath, symbol, files, 0);
      if (e == Export.SYMBOL) {
        mods.symbols.add(im.local());
      } else if (e == Export.NAMESPACE) {
        mods.namespaces.add(im.local());
      }
    }
  }

  /** What the export {@code name} of {@code file} is: the changed function, its module, or neither (null). */
  private static Export exportOf(ScriptIndex file, String name, String declPath, String symbol,
      Paths files, int depth) {
    if (depth > MAX_DEPTH || file.facts() == null) {
      return null;
    }
    boolean decl = file.path().equals(declPath);
    if (decl && name.equals(symbol)) {
      return Export.SYMBOL;
    }
    for (TsFacts.ReExport e : file.facts().reExports()) {
      if (e.module() == null) {
        if (decl && e.exported().equals(name) && e.original().equals(symbol)) {
          return Export.SYMBOL;
        }
        continue;
      }
      ScriptIndex sub = resolve(file, e.module(), files);
      if (sub == null) {
        continue;
      }
      if (e.exported().equals("*")) {
        Export x = name.equals("default") ? null : exportOf(sub, name, declPath, symbol, files, depth + 1);
        if (x != null) {
          return x;
        }
      } else if (e.exported().equals(name)) {
        if (e.original().equals("*ns")) {
          return sub.path().equals(declPath) ? Export.NAMESPACE : null;
        }
        return exportOf(sub, e.original(), declPath, symbol, files, depth + 1);
      }
    }
    return null;
  }

  private static ScriptIndex resolve(ScriptIndex importing, String module, Paths files) {
    if (module == null || importing.python() && !module.startsWith(".")) {
      return null;
    }
    if (importing.python()) {
      for (ScriptIndex f : files.files.values()) {
        if (ScriptModules.matches(importing, module, f.path())) {
          return f;
        }
      }
      return null;
    }
    if (module.startsWith(".")) {
      return files.find(ScriptModules.scriptPath(importing, module));
    }
    String rest = ScriptModules.selfPath(module);
    ScriptIndex found = null;
    for (String top : rest == null ? java.util.Set.<String>of() : files.tops) {
      ScriptIndex f = files.find(top + "/" + rest);
      if (f != null && (found == null || f.path().compareTo(found.path()) < 0)) {
        found = f;
      }
    }
    return found;
  }
}
