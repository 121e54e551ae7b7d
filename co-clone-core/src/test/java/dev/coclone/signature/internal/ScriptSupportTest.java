package dev.coclone.signature.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.Dependent;
import dev.coclone.signature.DependentKind;
import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import dev.coclone.signature.SignatureChange;
import dev.coclone.signature.TextEdit;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSupportTest {
  private final ScriptSupport support = new ScriptSupport();

  private ParsedFile accept(String path, String text) {
    ParsedFile p = support.parse(SourceFile.of(path, text));
    assertNull(p.problem(), () -> "parse problem: " + p.problem());
    support.accept(p);
    return p;
  }

  private FunctionSignature sig(String path, String text, String qualifiedName) {
    ParsedFile p = support.parse(SourceFile.of(path, text));
    assertNull(p.problem(), () -> "parse problem: " + p.problem());
    return p.signatures().stream().filter(s -> s.qualifiedName().equals(qualifiedName)).findFirst().orElseThrow();
  }

  private static SignatureChange change(FunctionSignature before, FunctionSignature after, List<Integer> map,
      ChangeKind... kinds) {
    return new SignatureChange(List.of(kinds), before, after, map, "test change");
  }

  /** Applies edits of one file in reverse offset order, checking each old text. */
  private static String apply(String text, List<Dependent> deps, String path) {
    List<TextEdit> edits = new ArrayList<>();
    for (Dependent d : deps) {
      if (d.path().equals(path) && d.edit() != null) {
        edits.add(d.edit());
      }
    }
    edits.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::end));
    for (int i = 1; i < edits.size(); i++) {
      assertTrue(edits.get(i - 1).end() <= edits.get(i).start(), "edits overlap: " + edits);
    }
    StringBuilder sb = new StringBuilder(text);
    for (int i = edits.size() - 1; i >= 0; i--) {
      TextEdit e = edits.get(i);
      assertEquals(e.oldText(), text.substring(e.start(), e.end()));
      sb.replace(e.start(), e.end(), e.newText());
    }
    return sb.toString();
  }

  // ---- parsing

  @Test
  void parsesPythonClassesDecoratorsDefaultsVarargsHintsAndAsync() {
    String py = """
        class Cart(Base):
            def __init__(self, owner: str, items=None):
                self.owner = owner

            @staticmethod
            def total(prices: list[float], *extra, **opts) -> float:
                return 0.0

            async def load(self, url, timeout: int = 30):
                def helper(x):
                    return x
                return helper(url)

        def add(a, b=2) -> int:
            return a + b
        """;
    List<FunctionSignature> sigs = support.parse(SourceFile.of("shop/cart.py", py)).signatures();
    assertEquals(List.of("Cart.Cart", "Cart.total", "Cart.load", "Cart.load.helper", "add"),
        sigs.stream().map(FunctionSignature::qualifiedName).toList());
    FunctionSignature init = sigs.get(0);
    assertEquals(FunctionSignature.Kind.CONSTRUCTOR, init.kind());
    assertEquals(List.of(new Parameter("owner", "str", null, false), new Parameter("items", "", "None", false)),
        init.parameters());
    FunctionSignature total = sigs.get(1);
    assertEquals(FunctionSignature.Kind.METHOD, total.kind());
    assertEquals(List.of("@staticmethod"), total.modifiers());
    assertEquals(List.of(new Parameter("prices", "list[float]", null, false), new Parameter("extra", "", null, true),
        new Parameter("opts", "", null, true)), total.parameters());
    assertEquals("float", total.returnType());
    assertEquals(6, total.line());
    assertEquals(9, total.column());
    FunctionSignature load = sigs.get(2);
    assertEquals(List.of("async"), load.modifiers());
    assertEquals(List.of(new Parameter("url", "", null, false), new Parameter("timeout", "int", "30", false)),
        load.parameters());
    assertEquals("async def load(self, url, timeout: int = 30)", load.text());
    assertEquals(FunctionSignature.Kind.FUNCTION, sigs.get(3).kind());
    assertEquals("Cart.load", sigs.get(3).container());
    FunctionSignature add = sigs.get(4);
    assertEquals("", add.container());
    assertEquals("def add(a, b=2) -> int", add.text());
    assertEquals("int", add.returnType());
    assertEquals(14, add.line());
    assertEquals(15, add.endLine());
  }

  @Test
  void parsesJavaScriptClassesAndArrowFunctions() {
    String js = """
        export class Todo {
          constructor(title, done = false) {
            this.title = title;
          }
          static async fetchAll(url, ...filters) {
            return [];
          }
        }
        const render = (todo, el) => {
          el.textContent = todo.title;
        };
        const check = function (todo) { return todo.done; };
        export async function load(url, opts = {}) {}
        """;
    List<FunctionSignature> sigs = support.parse(SourceFile.of("app/todo.js", js)).signatures();
    assertEquals(List.of("Todo.Todo", "Todo.fetchAll", "render", "check", "load"),
        sigs.stream().map(FunctionSignature::qualifiedName).toList());
    assertEquals(FunctionSignature.Kind.CONSTRUCTOR, sigs.get(0).kind());
    assertEquals(List.of(new Parameter("title", "", null, false), new Parameter("done", "", "false", false)),
        sigs.get(0).parameters());
    assertEquals(List.of("static", "async"), sigs.get(1).modifiers());
    assertTrue(sigs.get(1).parameters().get(1).variadic());
    assertEquals("const render = (todo, el) =>", sigs.get(2).text());
    assertEquals(FunctionSignature.Kind.FUNCTION, sigs.get(2).kind());
    assertEquals(1, sigs.get(3).parameters().size());
    assertEquals("async function load(url, opts = {})", sigs.get(4).text());
    assertEquals(List.of("export", "async"), sigs.get(4).modifiers());
  }

  @Test
  void parsesTypeScriptTypesOptionalsAndReturnTypes() {
    String ts = """
        export class Calc {
          public add(a: number, b?: number): number {
            return a + (b ?? 0);
          }
          private static scale(x: number, factor: number = 2): Promise<number> {
            return Promise.resolve(x * factor);
          }
        }
        """;
    List<FunctionSignature> sigs = support.parse(SourceFile.of("src/calc.ts", ts)).signatures();
    FunctionSignature add = sigs.get(0);
    assertEquals("Calc", add.container());
    assertEquals(List.of(new Parameter("a", "number", null, false), new Parameter("b", "number", "undefined", false)),
        add.parameters());
    assertEquals("number", add.returnType());
    assertEquals(List.of("public"), add.modifiers());
    assertEquals("public add(a: number, b?: number): number", add.text());
    assertEquals(1, add.minArity());
    FunctionSignature scale = sigs.get(1);
    assertEquals(List.of("private", "static"), scale.modifiers());
    assertEquals("Promise<number>", scale.returnType());
    assertEquals("2", scale.parameters().get(1).defaultValue());
  }

  @Test
  void syntaxErrorReportsPositionAndNoSignatures() {
    ParsedFile p = support.parse(SourceFile.of("bad.py", "def ok():\n    pass\n\ndef f(a, b:\n    pass\n"));
    assertTrue(p.signatures().isEmpty());
    assertNotNull(p.problem());
    assertEquals(4, p.problem().line());
    assertTrue(p.problem().message().startsWith("syntax error") || p.problem().message().startsWith("missing"),
        p.problem().message());
    ParsedFile js = support.parse(SourceFile.of("bad.js", "function g(a {\n}\n"));
    assertTrue(js.signatures().isEmpty());
    assertNotNull(js.problem());
    assertEquals(1, js.problem().line());
  }

  // ---- dependents

  private static final String UTIL = """
      def add(a, b):
          return a + b

      def double(x):
          return add(x, x)
      """;

  private static final String MAIN = """
      from shop.util import add

      label = "café"; total = add(label, 1)
      add(1)
      add(1, 2, 3)
      """;

  @Test
  void pythonDependentsAcrossFilesAndInTheSameFileWithArityAndNonAscii() {
    accept("shop/util.py", UTIL);
    accept("shop/main.py", MAIN);
    FunctionSignature before = sig("shop/util.py", UTIL, "add");
    FunctionSignature after = sig("shop/util.py", UTIL.replace("def add(a, b)", "def add(a, b, c)"), "add");
    List<Dependent> deps = support.dependents(change(before, after, List.of(0, 1, -1), ChangeKind.PARAMETER_ADDED));

    List<Dependent> calls = deps.stream().filter(d -> d.kind() == DependentKind.CALL).toList();
    assertEquals(2, calls.size(), deps::toString);
    Dependent same = calls.stream().filter(d -> d.path().equals("shop/util.py")).findFirst().orElseThrow();
    assertEquals(1.0, same.confidence());
    assertEquals(5, same.line());
    assertEquals(12, same.column());
    assertTrue(same.breaks());
    Dependent other = calls.stream().filter(d -> d.path().equals("shop/main.py")).findFirst().orElseThrow();
    assertEquals(0.9, other.confidence());
    assertEquals(3, other.line());
    assertEquals(25, other.column());
    assertEquals("add(label, 1)", other.text());
    assertTrue(other.reason().contains("placeholder None passed for c"), other.reason());
    assertEquals(MAIN.replace("add(label, 1)", "add(label, 1, None)"), apply(MAIN, deps, "shop/main.py"));
    assertEquals(UTIL.replace("add(x, x)", "add(x, x, None)"), apply(UTIL, deps, "shop/util.py"));

    Dependent imp = deps.stream().filter(d -> d.kind() == DependentKind.REFERENCE).findFirst().orElseThrow();
    assertEquals("shop/main.py", imp.path());
    assertEquals(1, imp.line());
    assertFalse(imp.breaks());
    assertNull(imp.edit());
  }

  @Test
  void nameOnlyMatchWithoutImportHasLowConfidence() {
    accept("shop/util.py", UTIL);
    String other = "import math\n\nadd(2, 3)\ncalc.add(4, 5)\n";
    accept("misc/other.py", other);
    FunctionSignature before = sig("shop/util.py", UTIL, "add");
    FunctionSignature after = sig("shop/util.py", UTIL.replace("def add(", "def plus("), "plus");
    List<Dependent> deps = support.dependents(change(before, after, List.of(0, 1), ChangeKind.RENAMED));
    List<Dependent> inOther = deps.stream().filter(d -> d.path().equals("misc/other.py")).toList();
    assertEquals(2, inOther.size(), deps::toString);
    inOther.forEach(d -> assertEquals(0.6, d.confidence()));
    assertEquals("import math\n\nplus(2, 3)\ncalc.plus(4, 5)\n", apply(other, deps, "misc/other.py"));
  }

  private static final String LIB = """
      def area(w, h, scale=1):
          return w * h * scale
      """;

  private List<Dependent> libChange(String newDef, List<Integer> map, String caller, ChangeKind... kinds) {
    accept("geo/lib.py", LIB);
    accept("geo/use.py", caller);
    FunctionSignature before = sig("geo/lib.py", LIB, "area");
    String renamed = newDef.substring(4, newDef.indexOf('('));
    FunctionSignature after = sig("geo/lib.py", LIB.replace("def area(w, h, scale=1)", newDef), renamed);
    return support.dependents(change(before, after, map, kinds));
  }

  @Test
  void renameEditsCallsAndImports() {
    String use = "from geo.lib import area\nprint(area(1, 2))\n";
    List<Dependent> deps = libChange("def surface(w, h, scale=1)", List.of(0, 1, 2), use, ChangeKind.RENAMED);
    assertEquals("from geo.lib import surface\nprint(surface(1, 2))\n", apply(use, deps, "geo/use.py"));
    assertTrue(deps.stream().allMatch(Dependent::breaks));
  }

  @Test
  void renameThroughAnAliasEditsOnlyTheImport() {
    String use = "from geo.lib import area as a\nprint(a(1, 2))\n";
    List<Dependent> deps = libChange("def surface(w, h, scale=1)", List.of(0, 1, 2), use, ChangeKind.RENAMED);
    assertEquals("from geo.lib import surface as a\nprint(a(1, 2))\n", apply(use, deps, "geo/use.py"));
  }

  @Test
  void moduleImportCallsCount() {
    String use = "import geo.lib\nfrom geo import lib as g\nlib.area(1, 2)\ng.area(3, 4)\n";
    List<Dependent> deps = libChange("def surface(w, h, scale=1)", List.of(0, 1, 2), use, ChangeKind.RENAMED);
    List<Dependent> calls = deps.stream().filter(d -> d.path().equals("geo/use.py")).toList();
    assertEquals(2, calls.size(), deps::toString);
    calls.forEach(d -> assertEquals(0.9, d.confidence()));
  }

  @Test
  void removedParameterDeletesPositionalAndKeywordArguments() {
    String use = "from geo.lib import area\narea(1, 2, 3)\narea(1, 2, scale=3)\narea(1, 2)\n";
    List<Dependent> deps = libChange("def area(w, h)", List.of(0, 1), use, ChangeKind.PARAMETER_REMOVED);
    assertEquals("from geo.lib import area\narea(1, 2)\narea(1, 2)\narea(1, 2)\n", apply(use, deps, "geo/use.py"));
    Dependent untouched = deps.stream().filter(d -> d.line() == 4).findFirst().orElseThrow();
    assertFalse(untouched.breaks());
    assertNull(untouched.edit());

    String first = "from geo.lib import area\narea(1, 2, 3)\narea(w=1, h=2)\n";
    List<Dependent> deps2 = libChange("def area(h, scale=1)", List.of(1, 2), first, ChangeKind.PARAMETER_REMOVED);
    assertEquals("from geo.lib import area\narea(2, 3)\narea(h=2)\n", apply(first, deps2, "geo/use.py"));
  }

  @Test
  void reorderedParametersReorderPositionalArgumentsAndKeepKeywords() {
    String use = "from geo.lib import area\narea(1, 2, scale=3)\narea(w, h, 4)\n";
    List<Dependent> deps = libChange("def area(h, w, scale=1)", List.of(1, 0, 2), use,
        ChangeKind.PARAMETERS_REORDERED);
    assertEquals("from geo.lib import area\narea(2, 1, scale=3)\narea(h, w, 4)\n", apply(use, deps, "geo/use.py"));
  }

  @Test
  void renamedParameterRewritesKeywordsOnly() {
    String use = "from geo.lib import area\narea(1, 2, scale=3)\narea(1, 2, 3)\n";
    List<Dependent> deps = libChange("def area(w, h, factor=1)", List.of(0, 1, 2), use,
        ChangeKind.PARAMETER_RENAMED);
    assertEquals("from geo.lib import area\narea(1, 2, factor=3)\narea(1, 2, 3)\n", apply(use, deps, "geo/use.py"));
    Dependent positional = deps.stream().filter(d -> d.line() == 3).findFirst().orElseThrow();
    assertFalse(positional.breaks());
    TextEdit kw = deps.stream().filter(d -> d.line() == 2).findFirst().orElseThrow().edit();
    assertEquals("scale", kw.oldText());
  }

  @Test
  void addedParametersWithAndWithoutDefaults() {
    String use = "from geo.lib import area\narea(1, 2)\narea(1, 2, 3)\n";
    List<Dependent> middle = libChange("def area(w, unit='m', h=0, scale=1)", List.of(0, -1, 1, 2), use,
        ChangeKind.PARAMETER_ADDED);
    assertEquals("from geo.lib import area\narea(1, 'm', 2)\narea(1, 'm', 2, 3)\n", apply(use, middle, "geo/use.py"));

    List<Dependent> trailing = libChange("def area(w, h, scale=1, unit='m')", List.of(0, 1, 2, -1), use,
        ChangeKind.PARAMETER_ADDED);
    assertEquals(use, apply(use, trailing, "geo/use.py"));
    assertTrue(trailing.stream().noneMatch(Dependent::breaks));

    List<Dependent> required = libChange("def area(w, h, scale=1, *, unit)", List.of(0, 1, 2, -1), use,
        ChangeKind.PARAMETER_ADDED);
    assertEquals("from geo.lib import area\narea(1, 2, unit=None)\narea(1, 2, 3, None)\n",
        apply(use, required, "geo/use.py"));
  }

  @Test
  void nestedCallEditsDoNotOverlap() {
    String use = "from geo.lib import area\nx = area(area(1, 2), 3)\ny = area(1, area(2, 3))\n";
    List<Dependent> added = libChange("def area(w, h, d, scale=1)", List.of(0, 1, -1, 2), use,
        ChangeKind.PARAMETER_ADDED);
    assertEquals("from geo.lib import area\nx = area(area(1, 2, None), 3, None)\ny = area(1, area(2, 3, None), None)\n",
        apply(use, added, "geo/use.py"));

    List<Dependent> swapped = libChange("def area(h, w, scale=1)", List.of(1, 0, 2), use,
        ChangeKind.PARAMETERS_REORDERED);
    assertEquals("from geo.lib import area\nx = area(3, area(2, 1))\ny = area(area(3, 2), 1)\n",
        apply(use, swapped, "geo/use.py"));

    List<Dependent> removed = libChange("def area(w, scale=1)", List.of(0, 2), use, ChangeKind.PARAMETER_REMOVED);
    assertEquals("from geo.lib import area\nx = area(area(1))\ny = area(1)\n", apply(use, removed, "geo/use.py"));
  }

  @Test
  void nonMechanicalChangesListDependentsWithoutEdits() {
    String use = "from geo.lib import area\narea(1, 2)\n";
    accept("geo/lib.py", LIB);
    accept("geo/use.py", use);
    FunctionSignature before = sig("geo/lib.py", LIB, "area");
    List<Dependent> deps = support.dependents(new SignatureChange(List.of(ChangeKind.DELETED), before, null, List.of(),
        "area deleted"));
    assertEquals(2, deps.size(), deps::toString);
    assertTrue(deps.stream().allMatch(d -> d.edit() == null && d.breaks()));
  }

  @Test
  void javaScriptConstructorChangeEditsNewExpressions() {
    String todo = """
        export class Todo {
          constructor(title) {
            this.title = title;
          }
        }
        """;
    String app = """
        import { Todo } from './model/todo.js';
        const list = [new Todo("milk"), new Todo("eggs", 1, 2)];
        """;
    accept("src/model/todo.js", todo);
    accept("src/app.js", app);
    FunctionSignature before = sig("src/model/todo.js", todo, "Todo.Todo");
    FunctionSignature after = sig("src/model/todo.js", todo.replace("constructor(title)",
        "constructor(title, due)"), "Todo.Todo");
    List<Dependent> deps = support.dependents(change(before, after, List.of(0, -1), ChangeKind.PARAMETER_ADDED));
    List<Dependent> ctorCalls = deps.stream().filter(d -> d.kind() == DependentKind.CONSTRUCTOR_CALL).toList();
    assertEquals(1, ctorCalls.size(), deps::toString);
    assertEquals(0.9, ctorCalls.get(0).confidence());
    assertEquals(app.replace("new Todo(\"milk\")", "new Todo(\"milk\", undefined /* TODO: due */)"),
        apply(app, deps, "src/app.js"));
  }

  @Test
  void pythonInitChangeEditsClassCallsSuperCallsAndOverrides() {
    String base = """
        class Shape:
            def __init__(self, name):
                self.name = name

            def area(self, scale):
                return 0

            def show(self):
                return self.area(1)
        """;
    String sq = """
        from geo.shape import Shape

        class Square(Shape):
            def __init__(self, side):
                super().__init__("square")
                self.side = side

            def area(self, scale):
                return super().area(scale) + self.side * scale

        s = Shape("blob")
        """;
    accept("geo/shape.py", base);
    accept("geo/square.py", sq);
    FunctionSignature init = sig("geo/shape.py", base, "Shape.Shape");
    FunctionSignature init2 = sig("geo/shape.py", base.replace("(self, name)", "(self, name, color)"), "Shape.Shape");
    List<Dependent> deps = support.dependents(change(init, init2, List.of(0, -1), ChangeKind.PARAMETER_ADDED));
    assertEquals(sq.replace("(\"square\")", "(\"square\", None)").replace("Shape(\"blob\")", "Shape(\"blob\", None)"),
        apply(sq, deps, "geo/square.py"));

    FunctionSignature area = sig("geo/shape.py", base, "Shape.area");
    FunctionSignature area2 = sig("geo/shape.py", base.replace("area(self, scale)", "area(self, unit, scale)"),
        "Shape.area");
    List<Dependent> deps2 = support.dependents(change(area, area2, List.of(-1, 0), ChangeKind.PARAMETER_ADDED));
    assertTrue(deps2.stream().anyMatch(d -> d.kind() == DependentKind.OVERRIDE && d.path().equals("geo/square.py")));
    assertTrue(deps2.stream().anyMatch(d -> d.kind() == DependentKind.SUPER_CALL));
    assertEquals(sq.replace("def area(self, scale)", "def area(self, unit, scale)")
        .replace("super().area(scale)", "super().area(None, scale)"), apply(sq, deps2, "geo/square.py"));
    assertEquals(base.replace("self.area(1)", "self.area(None, 1)"), apply(base, deps2, "geo/shape.py"));
  }

  @Test
  void typeScriptSubclassOverrideAndThisCalls() {
    String ts = """
        export class Repo {
          save(item: string): void {}
          saveAll(items: string[]): void { items.forEach(i => this.save(i)); }
        }
        export class CachedRepo extends Repo {
          save(item: string): void { super.save(item); }
        }
        """;
    accept("src/repo.ts", ts);
    FunctionSignature before = sig("src/repo.ts", ts, "Repo.save");
    FunctionSignature after = sig("src/repo.ts", ts.replace("  save(item: string): void {}",
        "  save(item: string, force?: boolean): void {}"), "Repo.save");
    List<Dependent> deps = support.dependents(change(before, after, List.of(0, -1), ChangeKind.PARAMETER_ADDED));
    assertEquals(1, deps.stream().filter(d -> d.kind() == DependentKind.OVERRIDE).count(), deps::toString);
    assertEquals(ts.replace("  save(item: string): void { super", "  save(item: string, force?: boolean): void { super"),
        apply(ts, deps, "src/repo.ts"));
    assertTrue(deps.stream().filter(d -> d.kind() == DependentKind.CALL).allMatch(d -> !d.breaks()));
  }

  @Test
  void javaScriptRequireExportsAndReferencesOnRename() {
    String fmt = """
        const format = (value, unit) => value + unit;
        const callback = format;
        module.exports = { format };
        export { format };
        """;
    String view = """
        const { format } = require('./fmt');
        const lib = require('./fmt');
        const ü = 1; format(ü, "m");
        lib.format(2, "m");
        """;
    accept("web/fmt.js", fmt);
    accept("web/view.js", view);
    FunctionSignature before = sig("web/fmt.js", fmt, "format");
    FunctionSignature after = sig("web/fmt.js", fmt.replace("const format =", "const render ="), "render");
    List<Dependent> deps = support.dependents(change(before, after, List.of(0, 1), ChangeKind.RENAMED));
    assertEquals(view.replace("format", "render"), apply(view, deps, "web/view.js"));
    Dependent call = deps.stream().filter(d -> d.path().equals("web/view.js") && d.line() == 3).findFirst()
        .orElseThrow();
    assertEquals(14, call.column());
    assertEquals(0.9, call.confidence());
    assertTrue(deps.stream().anyMatch(d -> d.kind() == DependentKind.REFERENCE && d.path().equals("web/fmt.js")
        && d.line() == 2 && d.breaks()));
    assertTrue(deps.stream().anyMatch(d -> d.kind() == DependentKind.REFERENCE && d.line() == 4));
  }
}
