package dev.coclone.signature.internal;

import org.treesitter.TSNode;

/**
 * Reads import statements for {@link ScriptParser}: Python {@code from m import f [as g]} and
 * {@code import pkg.mod [as m]}, JavaScript/TypeScript {@code import} clauses and
 * {@code require('./m')} (bound to a name or destructured).
 */
final class ScriptImports {
  private final ScriptParser p;

  ScriptImports(ScriptParser p) {
    this.p = p;
  }

  void importFrom(TSNode n) {
    TSNode module = ScriptParser.field(n, "module_name");
    if (module == null) {
      return;
    }
    String mod = p.text(module);
    for (int i = 0; i < n.getNamedChildCount(); i++) {
      if (!"name".equals(n.getFieldNameForNamedChild(i))) {
        continue;
      }
      TSNode c = n.getNamedChild(i);
      TSNode nameNode = c.getType().equals("aliased_import") ? ScriptParser.field(c, "name") : c;
      TSNode alias = c.getType().equals("aliased_import") ? ScriptParser.field(c, "alias") : null;
      String imported = p.text(nameNode);
      p.addImport(new ScriptIndex.Import(alias != null ? p.text(alias) : imported, imported, mod));
      p.ref(nameNode, null, "import", mod);
    }
  }

  void importModule(TSNode n) {
    for (int i = 0; i < n.getNamedChildCount(); i++) {
      TSNode c = n.getNamedChild(i);
      if (c.getType().equals("aliased_import")) {
        p.addImport(new ScriptIndex.Import(p.text(ScriptParser.field(c, "alias")), null, p.text(ScriptParser.field(c, "name"))));
      } else if (c.getType().equals("dotted_name")) {
        String mod = p.text(c);
        p.addImport(new ScriptIndex.Import(mod, null, mod));
        int dot = mod.lastIndexOf('.');
        if (dot >= 0) {
          p.addImport(new ScriptIndex.Import(mod.substring(dot + 1), null, mod));
        }
      }
    }
  }

  void importJs(TSNode n) {
    TSNode source = ScriptParser.field(n, "source");
    if (source == null) {
      return;
    }
    String mod = unquote(p.text(source));
    for (int i = 0; i < n.getNamedChildCount(); i++) {
      TSNode clause = n.getNamedChild(i);
      if (!clause.getType().equals("import_clause")) {
        continue;
      }
      for (int k = 0; k < clause.getNamedChildCount(); k++) {
        TSNode c = clause.getNamedChild(k);
        switch (c.getType()) {
          case "identifier" -> p.addImport(new ScriptIndex.Import(p.text(c), "default", mod));
          case "namespace_import" -> {
            TSNode id = c.getNamedChild(c.getNamedChildCount() - 1);
            p.addImport(new ScriptIndex.Import(p.text(id), null, mod));
          }
          case "named_imports" -> {
            for (int j = 0; j < c.getNamedChildCount(); j++) {
              TSNode spec = c.getNamedChild(j);
              TSNode name = ScriptParser.field(spec, "name");
              if (name == null) {
                continue;
              }
              TSNode alias = ScriptParser.field(spec, "alias");
              p.addImport(new ScriptIndex.Import(alias != null ? p.text(alias) : p.text(name), p.text(name), mod));
              p.ref(name, null, "import", mod);
            }
          }
          default -> { }
        }
      }
    }
  }

  boolean isRequire(TSNode call) {
    TSNode fn = ScriptParser.field(call, "function");
    TSNode args = ScriptParser.field(call, "arguments");
    return fn != null && p.text(fn).equals("require") && args != null && args.getNamedChildCount() == 1
        && args.getNamedChild(0).getType().equals("string");
  }

  void requireBinding(TSNode name, TSNode call) {
    String mod = unquote(p.text(ScriptParser.field(call, "arguments").getNamedChild(0)));
    p.addImport(new ScriptIndex.Import(p.text(name), null, mod));
  }

  void requireDestructure(TSNode pattern, String mod) {
    for (int i = 0; i < pattern.getNamedChildCount(); i++) {
      TSNode c = pattern.getNamedChild(i);
      if (c.getType().equals("shorthand_property_identifier_pattern")) {
        p.addImport(new ScriptIndex.Import(p.text(c), p.text(c), mod));
        p.ref(c, null, "import", mod);
      } else if (c.getType().equals("pair_pattern")) {
        TSNode key = ScriptParser.field(c, "key");
        TSNode value = ScriptParser.field(c, "value");
        if (key != null && value != null) {
          p.addImport(new ScriptIndex.Import(p.text(value), p.text(key), mod));
          p.ref(key, null, "import", mod);
        }
      }
    }
  }

  static String unquote(String s) {
    return s.length() >= 2 ? s.substring(1, s.length() - 1) : s;
  }
}
