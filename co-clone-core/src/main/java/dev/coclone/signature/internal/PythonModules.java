package dev.coclone.signature.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link ScriptModules} misses in Python: re-exports and aliases. A module that imports the
 * function from its declaring file ({@code from .core import f} in a package's
 * {@code __init__.py}), or from a module that does, re-exports it: {@code from pkg import f} and
 * {@code import pkg; pkg.f(...)} then reach the function too. A module-level alias
 * ({@code g = f}, {@code g = mod.f}) calls it under another name.
 */
final class PythonModules {
  private PythonModules() {}

  /**
   * The files that re-export {@code symbol} declared in {@code declPath}, with the name each binds
   * it to (the declaring file itself included, under {@code symbol}).
   */
  static Map<String, String> reexports(Collection<ScriptIndex> files, String declPath, String symbol) {
    Map<String, String> out = new HashMap<>();
    out.put(declPath, symbol);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ScriptIndex idx : files) {
        if (!idx.python() || out.containsKey(idx.path())) {
          continue;
        }
        for (ScriptIndex.Import im : idx.imports()) {
          if (im.imported() != null && reaches(idx, im.module(), im.imported(), out)) {
            out.put(idx.path(), im.local());
            grew = true;
            break;
          }
        }
      }
    }
    return out;
  }

  /**
   * Adds to {@code mods} (made for the declaring file) what {@code importing} reaches through the
   * re-exporting files, and its module-level aliases of the function.
   */
  static void extend(ScriptModules mods, ScriptIndex importing, Map<String, String> reexports, String declPath,
      String symbol) {
    for (ScriptIndex.Import im : importing.imports()) {
      if (im.imported() != null && reaches(importing, im.module(), im.imported(), reexports)) {
        mods.symbols.add(im.local());
        mods.others.remove(im.local());
      } else if (im.imported() == null) {
        for (Map.Entry<String, String> e : reexports.entrySet()) {
          if (!e.getKey().equals(declPath) && e.getValue().equals(symbol)
              && ScriptModules.matches(importing, im.module(), e.getKey())) {
            mods.namespaces.add(im.local());
          }
        }
      }
    }
    boolean here = importing.path().equals(declPath);
    Matcher m = Pattern.compile("^([A-Za-z_]\\w*)[ \\t]*=[ \\t]*(?:([A-Za-z_]\\w*)\\.)?" + Pattern.quote(symbol)
        + "[ \\t]*(?:#.*)?$", Pattern.MULTILINE).matcher(importing.text());
    while (m.find()) {
      String qualifier = m.group(2);
      boolean direct = qualifier == null && (here || mods.symbols.contains(symbol));
      if (direct || qualifier != null && mods.namespaces.contains(qualifier)) {
        mods.symbols.add(m.group(1));
        mods.others.remove(m.group(1));
      }
    }
  }

  private static boolean reaches(ScriptIndex idx, String module, String imported, Map<String, String> reexports) {
    for (Map.Entry<String, String> e : reexports.entrySet()) {
      if (e.getValue().equals(imported) && ScriptModules.matches(idx, module, e.getKey())) {
        return true;
      }
    }
    return false;
  }
}
