package dev.coclone.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The seed's examples (examples/ at the project root) through the whole tracker. */
class SeedExamplesSignatureTest {
  private static String read(String name) throws Exception {
    return Files.readString(Path.of("..", "examples", name));
  }

  @Test
  void scanListsTheExamplesFunctions() throws Exception {
    SignatureTracker t = new SignatureTracker();
    t.changed(SourceFile.of("python_example.py", read("python_example.py")));
    t.changed(SourceFile.of("javascript_example.js", read("javascript_example.js")));
    assertEquals(List.of("def count_words(text)", "def sort_by_frequency(items)"),
        t.signatures().get("python_example.py").stream().map(FunctionSignature::text).collect(Collectors.toList()));
    List<String> js = t.signatures().get("javascript_example.js").stream().map(FunctionSignature::qualifiedName)
        .collect(Collectors.toList());
    assertEquals(List.of("Todo.Todo", "Todo.toggle", "TodoList.TodoList", "TodoList.add", "TodoList.remove"), js);
  }

  @Test
  void todoConstructorChangeUpdatesTheNewExpression() throws Exception {
    SignatureTracker t = new SignatureTracker();
    String js = read("javascript_example.js");
    t.changed(SourceFile.of("javascript_example.js", js));
    String changed = js.replace("constructor(id, title, completed = false) {",
        "constructor(id, title, due, completed = false) {");
    Detection d = t.detect(SourceFile.of("javascript_example.js", changed));
    assertNull(d.problem());
    ChangeReport r = d.reports().get(0);
    assertTrue(r.change().is(ChangeKind.PARAMETER_ADDED), r.change().summary());
    Dependent site = r.dependents().stream().filter(x -> x.kind() == DependentKind.CONSTRUCTOR_CALL).findFirst()
        .orElseThrow();
    assertEquals(22, site.line());
    String applied = FileEdits.apply(changed, r.fileEdits().get(0));
    assertTrue(applied.contains("new Todo(this.nextId++, title, undefined /* TODO: due */)"), applied);
  }

  @Test
  void pastedJavaScriptConstructorIsComparedWithTheTodoConstructor() throws Exception {
    SignatureTracker t = new SignatureTracker();
    t.changed(SourceFile.of("javascript_example.js", read("javascript_example.js")));
    Detection d = t.detectFunction("javascript", "constructor(id, title, due, completed = false) {\n  this.id = id;\n}");
    assertNull(d.problem(), String.valueOf(d.problem()));
    ChangeReport r = d.reports().get(0);
    assertEquals("Todo", r.change().before().name());
    assertTrue(r.fileEdits().get(0).diff().contains("+    const todo = new Todo(this.nextId++, title, undefined /* TODO: due */);"),
        r.fileEdits().get(0).diff());
  }

  @Test
  void pastedPythonFunctionIsComparedWithTheExample() throws Exception {
    SignatureTracker t = new SignatureTracker();
    t.changed(SourceFile.of("python_example.py", read("python_example.py")));
    t.changed(SourceFile.of("report.py", "from python_example import count_words\n\n"
        + "def top(text):\n    return count_words(text).most_common(3)\n"));
    Detection d = t.detectFunction("python", "def count_words(text, lower):\n    return None\n");
    assertNull(d.problem());
    ChangeReport r = d.reports().get(0);
    assertEquals(List.of(ChangeKind.PARAMETER_ADDED), r.change().kinds());
    Dependent call = r.dependents().stream().filter(x -> x.kind() == DependentKind.CALL).findFirst().orElseThrow();
    assertEquals("report.py", call.path());
    assertEquals(0.9, call.confidence());
    assertTrue(r.fileEdits().get(0).diff().contains("+    return count_words(text, None).most_common(3)"),
        r.fileEdits().get(0).diff());
    Detection broken = t.detectFunction("python", "def count_words(text:\n");
    assertTrue(broken.problem() != null && broken.reports().isEmpty());
  }
}
