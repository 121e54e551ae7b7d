package dev.coclone.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.CompletionRequest;
import dev.coclone.source.ContextSnippet;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.prompt.PromptBuilder;
import dev.coclone.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextRetrieverTest {
  private static String example(String name) throws Exception {
    Path p = Path.of("..", "examples", name);
    return Files.readString(p);
  }

  @Test
  void theSeedsTodoExampleBringsTheTodoClassIntoThePrompt() throws Exception {
    ContextIndex index = new ContextIndex();
    index.changed(SourceFile.of("examples/javascript_example.js", example("javascript_example.js")));
    ContextRetriever retriever = new ContextRetriever(index, List::of);
    CompletionRequest request = CompletionRequest.builder().filePath("app.js").language("javascript")
        .prefix("const list = new TodoList();\nlist.add('write tests');\n\n"
            + "// filter todos based on their completed status\nfunction filterTodos(todos, completed) {\n  ")
        .suffix("\n}\n").build();
    ContextResult r = retriever.retrieve(request, 1024, FimTemplate.DEEPSEEK_CODER);
    assertTrue(r.prompt().contains("class Todo {"), r.prompt());
    assertTrue(r.prompt().contains("this.completed = completed;"), r.prompt());
    assertTrue(r.prompt().contains("toggle()"), r.prompt());
    assertTrue(r.snippets().stream().anyMatch(s -> s.reason().contains("class TodoList")), r.snippets().toString());
    assertTrue(r.prompt().endsWith(request.prefix()), "the code before the cursor comes last");
  }

  @Test
  void aRequestWithoutAPathDoesNotGetItsOwnFileBackAsContext() throws Exception {
    ContextIndex index = new ContextIndex();
    String file = example("javascript_example.js");
    index.changed(SourceFile.of("javascript_example.js", file));
    index.changed(SourceFile.of("store.js", "class Store {\n  constructor() {\n    this.todos = [];\n  }\n"
        + "  save(todos) {\n    this.todos = todos.filter(todo => todo.title);\n  }\n}\n"));
    ContextRetriever retriever = new ContextRetriever(index, List::of);
    int at = file.indexOf('\n', file.indexOf("  // filter todos based on their completed status")) + 1;
    // As an Ollama or OpenAI client sends it: the file's text, no path.
    CompletionRequest request = CompletionRequest.builder().language("javascript")
        .prefix(file.substring(0, at) + "  filterTodos(completed) {\n    return this.todos.filter(")
        .suffix("\n  }\n" + file.substring(at)).build();
    ContextResult r = retriever.retrieve(request, 1024, FimTemplate.DEEPSEEK_CODER);
    assertTrue(r.snippets().stream().noneMatch(s -> s.path().startsWith("javascript_example.js")),
        "the file is in the request already: " + r.snippets());
    assertTrue(r.snippets().stream().anyMatch(s -> s.path().startsWith("store.js")), r.snippets().toString());
  }

  @Test
  void codeInAnotherLanguageIsNotContext() throws Exception {
    ContextIndex index = new ContextIndex();
    index.changed(SourceFile.of("examples/python_example.py", example("python_example.py")));
    // Java that shares the Python function's words: similar by identifiers, useless as context.
    index.changed(SourceFile.of("src/Items.java", "class Items {\n  java.util.List<String> items;\n"
        + "  int sort_by_frequency(java.util.List<String> items) {\n    return items.size();\n  }\n}\n"));
    index.changed(SourceFile.of("web/app.ts", "export function itemsOf(items: string[]): string[] {\n"
        + "  return items;\n}\n"));
    ContextRetriever retriever = new ContextRetriever(index, () -> List.of("src/Items.java", "web/app.ts"));
    ContextResult py = retriever.retrieve(CompletionRequest.builder().filePath("main.py").language("python")
        .prefix("from python_example import sort_by_frequency\n\nitems = ['a', 'b']\nprint(sort_by_frequency(items))\n")
        .build(), 1024, FimTemplate.DEEPSEEK_CODER);
    assertTrue(py.snippets().stream().anyMatch(x -> x.path().startsWith("examples/python_example.py")),
        py.snippets().toString());
    assertTrue(py.snippets().stream().noneMatch(x -> x.path().startsWith("src/Items.java")
        || x.path().startsWith("web/app.ts")), py.snippets().toString());
    ContextResult js = retriever.retrieve(CompletionRequest.builder().filePath("web/main.js").language("javascript")
        .prefix("const all = itemsOf(items);\n").build(), 1024, FimTemplate.DEEPSEEK_CODER);
    assertTrue(js.snippets().stream().anyMatch(x -> x.path().startsWith("web/app.ts")),
        "TypeScript helps JavaScript: " + js.snippets());
  }

  @Test
  void javaDefinitionsComeWithSignaturesAndLongTypesAsOutlines() throws Exception {
    ContextIndex index = new ContextIndex();
    index.changed(SourceFile.of("shop/PriceCalculator.java",
        example("java-project/src/com/example/shop/PriceCalculator.java")));
    StringBuilder big = new StringBuilder("package shop;\npublic class Inventory {\n");
    for (int i = 0; i < 30; i++) {
      big.append("  public int count").append(i).append("(String sku) {\n    return ").append(i).append(";\n  }\n");
    }
    big.append("}\n");
    index.changed(SourceFile.of("shop/Inventory.java", big.toString()));
    FileSymbols s = index.symbols("shop/PriceCalculator.java").orElseThrow();
    assertEquals("javaparser", s.parser());
    assertTrue(s.definitions().stream().anyMatch(d -> d.signature().equals("public double total(double net, int quantity)")),
        s.definitions().toString());
    ContextRetriever retriever = new ContextRetriever(index, List::of);
    ContextResult r = retriever.retrieve(CompletionRequest.builder().filePath("shop/Checkout.java").language("java")
        .prefix("class Checkout {\n  PriceCalculator calc;\n  Inventory inventory;\n  double f() {\n    return calc.")
        .build(), 2048, FimTemplate.DEEPSEEK_CODER);
    ContextSnippet calc = r.snippets().stream().filter(x -> x.path().startsWith("shop/PriceCalculator.java"))
        .findFirst().orElseThrow();
    assertTrue(calc.text().contains("public double total(double net, int quantity)"), calc.text());
    ContextSnippet inv = r.snippets().stream().filter(x -> x.reason().contains("Inventory")).findFirst().orElseThrow();
    assertTrue(inv.reason().contains("outline"), inv.reason());
    assertTrue(inv.text().contains("public int count29(String sku) { ... }"), inv.text());
  }

  @Test
  void pythonAndTypeScriptDefinitionsAreFound() {
    ContextIndex index = new ContextIndex();
    index.changed(SourceFile.of("stats.py", "import math\nfrom collections import Counter\n\nclass Stats:\n"
        + "    def mean(self, xs):\n        return sum(xs) / len(xs)\n\n    def spread(self, xs):\n"
        + "        return max(xs) - min(xs)\n\ndef median(xs):\n    return sorted(xs)[len(xs) // 2]\n"));
    index.changed(SourceFile.of("api.ts", "import { get } from './http';\nexport class Api {\n"
        + "  fetchUser(id: number): Promise<User> {\n    return get(`/users/${id}`);\n  }\n}\n"
        + "export const toJson = (x: unknown) => JSON.stringify(x);\nfunction helper(a, b) { return a + b; }\n"));
    FileSymbols py = index.symbols("stats.py").orElseThrow();
    assertEquals("tree-sitter", py.parser());
    assertEquals(List.of("math", "collections"), py.imports());
    assertTrue(py.calls().contains(new CallSite("sorted", 12, 12)), py.calls().toString());
    Definition mean = py.definitions().stream().filter(d -> d.name().equals("mean")).findFirst().orElseThrow();
    assertEquals("method", mean.kind());
    assertEquals("Stats", mean.container());
    assertEquals(5, mean.startLine());
    Definition median = index.definitions("median").get(0);
    assertEquals("function", median.kind());
    FileSymbols ts = index.symbols("api.ts").orElseThrow();
    assertEquals("tree-sitter", ts.parser());
    assertEquals(List.of("./http"), ts.imports());
    assertTrue(ts.calls().stream().anyMatch(c -> c.name().equals("get") && c.line() == 4), ts.calls().toString());
    assertTrue(ts.calls().stream().anyMatch(c -> c.name().equals("stringify")), ts.calls().toString());
    assertTrue(ts.definitions().stream().anyMatch(d -> d.name().equals("fetchUser") && d.kind().equals("method")
        && d.container().equals("Api")), ts.definitions().toString());
    assertTrue(ts.definitions().stream().anyMatch(d -> d.name().equals("toJson") && d.kind().equals("function")));
    assertTrue(ts.definitions().stream().anyMatch(d -> d.name().equals("helper")));
  }

  @Test
  void halfTypedJavaFallsBackToTheTokenScanAndSaysWhere() {
    ContextIndex index = new ContextIndex();
    index.changed(SourceFile.of("Broken.java", "class Broken {\n  void ok() { }\n  void half(int a {\n"));
    FileSymbols s = index.symbols("Broken.java").orElseThrow();
    assertEquals("lexical", s.parser());
    assertNotNull(s.problem());
    assertTrue(s.definitions().stream().anyMatch(d -> d.name().equals("ok")), s.definitions().toString());
  }

  @Test
  void halfTypedPythonIsRecoveredByTreeSitter() {
    ContextIndex index = new ContextIndex();
    index.changed(SourceFile.of("half.py", "def complete(a, b):\n    return a +\n\ndef later(x):\n    return x\n"));
    FileSymbols s = index.symbols("half.py").orElseThrow();
    assertEquals("tree-sitter", s.parser());
    assertTrue(s.problem().contains("recovered"));
    assertTrue(s.definitions().stream().anyMatch(d -> d.name().equals("later")), s.definitions().toString());
  }

  @Test
  void javaCallSitesAndConstructorsAreRecorded() {
    ContextIndex index = new ContextIndex();
    index.changed(SourceFile.of("A.java", "class A {\n  void f() {\n    B b = new B();\n    b.run(1);\n  }\n}\n"));
    FileSymbols s = index.symbols("A.java").orElseThrow();
    assertTrue(s.calls().contains(new CallSite("B", 3, 15)), s.calls().toString());
    assertTrue(s.calls().contains(new CallSite("run", 4, 7)), s.calls().toString());
  }

  @Test
  void theBudgetIsRespectedAndTheMostRelevantComesLast() {
    ContextIndex index = new ContextIndex();
    for (int i = 0; i < 20; i++) {
      index.changed(SourceFile.of("lib" + i + ".py", "def helper" + i + "(order, customer):\n"
          + "    total = order.amount * customer.discount\n    return round(total, 2)\n"));
    }
    ContextRetriever retriever = new ContextRetriever(index, List::of);
    CompletionRequest req = CompletionRequest.builder().filePath("main.py").language("python")
        .prefix("def checkout(order, customer):\n    total = order.amount * customer.discount\n    x = helper3(")
        .build();
    ContextResult r = retriever.retrieve(req, 60, FimTemplate.DEEPSEEK_CODER);
    int tokens = r.snippets().stream().mapToInt(s -> PromptBuilder.estimateTokens(s.text()) + 8).sum();
    assertTrue(tokens <= 60, "used " + tokens);
    assertTrue(r.snippets().get(r.snippets().size() - 1).reason().contains("helper3"), r.snippets().toString());
  }

  @Test
  void anEditReplacesWhatTheIndexKnew() {
    ContextIndex index = new ContextIndex();
    index.changed(SourceFile.of("a.py", "def old_name():\n    pass\n"));
    index.changed(SourceFile.of("a.py", "def new_name():\n    pass\n"));
    assertTrue(index.definitions("old_name").isEmpty());
    assertEquals(1, index.definitions("new_name").size());
    index.removed("a.py");
    assertTrue(index.definitions("new_name").isEmpty());
  }
}
