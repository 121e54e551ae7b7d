package dev.coclone.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntaxTreesTest {
  private static int fresh(String language, String text) {
    return SyntaxTrees.errorCount(new SourceFile("t", language, text));
  }

  /** Every insertion is counted as a fresh parse of the whole text counts it. */
  private static void sameAsFresh(String language, String before, String after, List<String> insertions) {
    SyntaxTrees.Insertions parsed = SyntaxTrees.insertions(language, before, after);
    assertEquals(fresh(language, before + after), parsed.errors());
    for (String x : insertions) {
      assertEquals(fresh(language, before + x + after), parsed.errorsWith(x), "inserting <" + x + ">");
    }
  }

  @Test
  void pythonInsertionsCountAsAFreshParse() {
    String before = "class Shelf:\n    def __init__(self, books):\n        self.books = books\n\n"
        + "    def titles(self):\n        return [b.title for b in self.";
    String after = "\n\n    def count(self):\n        return len(self.books)\n";
    List<String> xs = List.of("books]", "books", "books]]", "books) if (", "b\u00e9cher]",
        "books]  # caf\u00e9 \u2615", "books]\n        x = (", "books] + [\ud83d\ude00", ")", "books]\n\n    def more(self):\n        pass");
    SyntaxTrees.Insertions parsed = SyntaxTrees.insertions("python", before, after);
    // The cursor's text is unfinished: without an insertion it has errors, with the right one none.
    assertTrue(parsed.errors() > 0);
    assertEquals(0, parsed.errorsWith("books]"));
    assertTrue(parsed.errorsWith("books]]") > 0);
    sameAsFresh("python", before, after, xs);
  }

  @Test
  void javascriptAndTypescriptInsertionsCountAsAFreshParse() {
    String before = "// \u00fcber\nfunction filterTodos(todos, completed) {\n  return todos.filter(";
    String after = "\n}\n\nconst s = '\u00e9t\u00e9';\nexport { filterTodos };\n";
    sameAsFresh("javascript", before, after, List.of("t => t.completed === completed);", "t => {", ");", "t =>",
        "t => t.done)\n  .map(x => x);", "\u00e9 => \u00e9);"));
    String ts = "interface Todo { id: number; done: boolean }\nexport function open(todos: Todo[]): Todo[] {\n  return ";
    sameAsFresh("typescript", ts, "\n}\n", List.of("todos.filter((t: Todo) => !t.done);", "todos.filter((t: Todo => ;",
        "<Todo[]>todos;", "todos as Todo[]"));
  }
}
