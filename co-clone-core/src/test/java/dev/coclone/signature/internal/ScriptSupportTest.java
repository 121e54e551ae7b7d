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
import dev.coclone.workspace.SourceFile;
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
}
