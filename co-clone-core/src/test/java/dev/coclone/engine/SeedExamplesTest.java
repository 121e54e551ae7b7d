package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seed's examples and the cases quoted in the issue, completed by an engine that learned only
 * the examples folder (what a newcomer has): each gives a correct suggestion or none with a
 * reason, never one of the quoted bad outputs.
 */
class SeedExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  /** A suggestion and why there is none. */
  record Result(String text, EmbeddedEngine.Generation generation) {
    void assertShownOrExplained() {
      assertTrue(!text.isBlank() || !generation.reason().isEmpty(), "an empty suggestion must say why");
    }
  }

  private static EmbeddedEngine workspace() throws IOException {
    List<SourceFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(EXAMPLES)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(".py") || name.endsWith(".js") || name.endsWith(".java")) {
          files.add(SourceFile.of(EXAMPLES.relativize(p).toString().replace('\\', '/'), Files.readString(p)));
        }
      }
    }
    assertTrue(files.size() >= 4, "the examples folder is next to co-clone-core");
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    return engine;
  }

  private static Result complete(EmbeddedEngine engine, String path, String prefix, String suffix, String language,
      CompletionMode mode) {
    StringBuilder out = new StringBuilder();
    EmbeddedEngine.Generation g = engine.complete(prefix, suffix, language, path, mode, 64,
        p -> out.append(p) != null, new Cancellation());
    System.out.println("[" + path + "] " + mode + " -> '" + out + "' " + g.reason());
    return new Result(out.toString(), g);
  }

  private static String example(String name) throws IOException {
    return Files.readString(EXAMPLES.resolve(name));
  }

  @Test
  void pythonBodyAfterADocstringDoesNotStartWithACloserOrReopenTheFunction() throws IOException {
    EmbeddedEngine engine = workspace();
    String prefix = "def sort_by_frequency(arr):\n"
        + "    \"\"\"Return the elements of arr sorted by how often they occur, most frequent first.\"\"\"\n    ";
    for (CompletionMode mode : CompletionMode.values()) {
      if (mode == CompletionMode.AUTO) {
        continue;
      }
      Result r = complete(engine, "scratch.py", prefix, "\n", "python", mode);
      r.assertShownOrExplained();
      assertFalse(r.text().strip().startsWith(")"), r.text());
      assertFalse(r.text().contains("def sort_by_frequency"), r.text());
      assertFalse(r.text().contains("\"\"\"Return the distinct items"), r.text());
    }
  }

  @Test
  void theSeedPythonExampleGetsABodyOrAReasonNeverACopiedDefinition() throws IOException {
    EmbeddedEngine engine = workspace();
    String file = example("python_example.py");
    Result r = complete(engine, "python_example.py", file, "\n", "python", CompletionMode.MULTI_LINE);
    r.assertShownOrExplained();
    assertFalse(r.text().contains("def sort_by_frequency"), r.text());
    assertFalse(r.text().strip().startsWith(")"), r.text());
  }

  @Test
  void aPalindromeWithADocstringGetsNoCopiedDocstringNorRepeatedDefinitions() throws IOException {
    EmbeddedEngine engine = workspace();
    String prefix = example("python_example.py") + "\n\n\ndef is_palindrome(s):\n"
        + "    \"\"\"Return True if s reads the same forwards and backwards.\"\"\"\n    ";
    Result r = complete(engine, "python_example.py", prefix, "\n", "python", CompletionMode.MULTI_LINE);
    r.assertShownOrExplained();
    assertFalse(r.text().contains("\"\"\""), r.text());
    assertFalse(Pattern.compile("def sort_by_frequency").matcher(r.text()).find(), r.text());
  }

  private static String todoPrefix(String bodyStart) throws IOException {
    String file = example("javascript_example.js");
    int at = file.indexOf("  // filter todos based on their completed status");
    at = file.indexOf('\n', at) + 1;
    return file.substring(0, at) + "  filterTodos(completed) {\n    " + bodyStart;
  }

  private static String todoSuffix() throws IOException {
    String file = example("javascript_example.js");
    int at = file.indexOf("  // filter todos based on their completed status");
    at = file.indexOf('\n', at) + 1;
    return "\n  }\n" + file.substring(at);
  }

  @Test
  void filterInsideFilterTodosDoesNotUseTheIdOfRemove() throws IOException {
    EmbeddedEngine engine = workspace();
    Result r = complete(engine, "javascript_example.js", todoPrefix("return this.todos.filter("), todoSuffix(),
        "javascript", CompletionMode.SINGLE_LINE);
    r.assertShownOrExplained();
    assertFalse(r.text().contains("todo.id !== id"), r.text());
    assertFalse(Pattern.compile("[^.\\w]id\\b").matcher(" " + r.text()).find(), "uses id: " + r.text());
  }

  @Test
  void todosMemberInsideFilterTodosIsNotPushOfAnOutOfScopeTodo() throws IOException {
    EmbeddedEngine engine = workspace();
    Result r = complete(engine, "javascript_example.js", todoPrefix("return this.todos."), todoSuffix(),
        "javascript", CompletionMode.SINGLE_LINE);
    r.assertShownOrExplained();
    assertFalse(r.text().contains("push(todo)"), r.text());
  }

  @Test
  void underTheTodoCommentItSuggestsOrSaysWhyNot() throws IOException {
    EmbeddedEngine engine = workspace();
    String file = example("javascript_example.js");
    int at = file.indexOf("  // filter todos based on their completed status");
    at = file.indexOf('\n', at) + 1;
    Result r = complete(engine, "javascript_example.js", file.substring(0, at) + "  ", file.substring(at),
        "javascript", CompletionMode.MULTI_LINE);
    r.assertShownOrExplained();
    assertFalse(r.text().contains("todo.id !== id"), r.text());
  }

  @Test
  void debounceSuggestsOrSaysWhyNot() throws IOException {
    EmbeddedEngine engine = workspace();
    Result r = complete(engine, "debounce.js", "function debounce(fn, wait) {\n  ", "\n}\n", "javascript",
        CompletionMode.MULTI_LINE);
    r.assertShownOrExplained();
  }

  @Test
  void aNewJavaMethodBodyUsesOnlyWhatIsInScope() throws IOException {
    EmbeddedEngine engine = workspace();
    String file = example("java-project/src/com/example/shop/Checkout.java");
    int end = file.lastIndexOf('}');
    String prefix = file.substring(0, end) + "\n  public double discounted(double price, double rate) {\n    return ";
    Result r = complete(engine, "java-project/src/com/example/shop/Checkout.java", prefix, ";\n  }\n}\n", "java",
        CompletionMode.SINGLE_LINE);
    r.assertShownOrExplained();
    assertFalse(Pattern.compile("\\b(net|quantity|count|amount)\\b").matcher(r.text()).find(),
        "uses a parameter of another method: " + r.text());
    Result body = complete(engine, "java-project/src/com/example/shop/Checkout.java",
        file.substring(0, end) + "\n  public double average(List<Double> prices) {\n", "\n  }\n}\n", "java",
        CompletionMode.MULTI_LINE);
    body.assertShownOrExplained();
    assertFalse(Pattern.compile("\\b(net|quantity|count|amount)\\b").matcher(body.text()).find(),
        "uses a parameter of another method: " + body.text());
  }

  @Test
  void aNewListIsNotTheOnlyClassTheWorkspaceConstructs() throws IOException {
    EmbeddedEngine engine = workspace();
    String file = example("java-project/src/com/example/shop/Checkout.java");
    int end = file.lastIndexOf('}');
    String prefix = file.substring(0, end) + "\n  public List<String> names() {\n    List<String> names = new ";
    Result r = complete(engine, "java-project/src/com/example/shop/Checkout.java", prefix,
        "\n    return names;\n  }\n}\n", "java", CompletionMode.SINGLE_LINE);
    r.assertShownOrExplained();
    assertFalse(r.text().contains("PriceCalculator"), "a PriceCalculator is no List: " + r.text());
    Result fits = complete(engine, "java-project/src/com/example/shop/Checkout.java",
        file.substring(0, end) + "\n  public double twice(double price) {\n    PriceCalculator other = new ",
        "\n    return other.total(price, 2);\n  }\n}\n", "java", CompletionMode.SINGLE_LINE);
    assertTrue(fits.text().startsWith("PriceCalculator"), "the declared class itself: " + fits.text());
  }

  @Test
  void anEmptyCompletionCarriesTheEnginesReason() throws IOException {
    EmbeddedEngine engine = workspace();
    try (dev.coclone.completion.CompletionEngine completions = dev.coclone.completion.CompletionEngine.builder()
        .backend(new EmbeddedBackend(engine)).build()) {
      dev.coclone.completion.Completion c = completions.newCall(dev.coclone.completion.CompletionRequest.builder()
          .prefix("def sort_by_frequency(arr):\n    \"\"\"Return the elements of arr sorted by how often they occur,"
              + " most frequent first.\"\"\"\n    ").suffix("\n").language("python").filePath("scratch.py").build())
          .execute();
      assertEquals("", c.text());
      assertTrue(c.noSuggestionReason().startsWith("the suggestion"), c.noSuggestionReason());
    }
  }

  @Test
  void theReasonReadsAsASentence() {
    assertEquals("", new EmbeddedEngine.Generation(3, false, null, "").reason());
    assertEquals("the suggestion used a name that is not in scope: it uses id, which is not in scope here",
        EmbeddedEngine.Generation.silent(NoSuggestion.OUT_OF_SCOPE, "it uses id, which is not in scope here").reason());
  }
}
