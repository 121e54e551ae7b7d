package dev.coclone.signature.internal;

import java.util.Collection;

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

  static void extend(ScriptModules mods, ScriptIndex importing, String declPath, String symbol,
      Collection<ScriptIndex> files) {
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
      Collection<ScriptIndex> files, int depth) {
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

  private static ScriptIndex resolve(ScriptIndex importing, String module, Collection<ScriptIndex> files) {
    if (module == null || !module.startsWith(".")) {
      return null;
    }
    if (importing.python()) {
      for (ScriptIndex f : files) {
        if (ScriptModules.matches(importing, module, f.path())) {
          return f;
        }
      }
      return null;
    }
    String resolved = ScriptModules.scriptPath(importing, module);   // once, not once per file
    for (ScriptIndex f : files) {
      if (ScriptModules.matchesScript(resolved, f.path())) {
        return f;
      }
    }
    return null;
  }
}
