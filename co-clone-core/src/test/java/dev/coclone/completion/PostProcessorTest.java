package dev.coclone.completion;

import dev.coclone.source.CompletionMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PostProcessorTest {
  private static CompletionRequest req(String prefix, String suffix, String language) {
    return CompletionRequest.builder().prefix(prefix).suffix(suffix).language(language).build();
  }

  /** Streams the text through a gate in small pieces, then finishes it. */
  private static String run(CompletionRequest r, String modelOutput) {
    CompletionMode mode = PostProcessor.resolveMode(r);
    StreamGate gate = PostProcessor.newGate(r, mode);
    for (int i = 0; i < modelOutput.length() && !gate.stopped(); i += 3) {
      gate.offer(modelOutput.substring(i, Math.min(modelOutput.length(), i + 3)));
    }
    return PostProcessor.finish(gate.accepted(), r, mode);
  }

  @Test
  void midLineCursorIsSingleLine() {
    assertEquals(CompletionMode.SINGLE_LINE, PostProcessor.resolveMode(req("int x = foo(", ");\n", "java")));
  }

  @Test
  void cursorAfterOpeningBraceOfEmptyBlockIsMultiLine() {
    CompletionRequest r = req("class A {\n  int add(int a, int b) {", "\n}\n", "java");
    assertEquals(CompletionMode.MULTI_LINE, PostProcessor.resolveMode(r));
  }

  @Test
  void blankLineInsideEmptyPythonFunctionIsMultiLine() {
    CompletionRequest r = req("def sort_by_frequency(items):\n    \"\"\"Doc.\"\"\"\n    ", "\n", "python");
    // A body that is only a docstring is still empty: the seed's sort_by_frequency stub.
    assertEquals(CompletionMode.MULTI_LINE, PostProcessor.resolveMode(r));
    CompletionRequest multiDoc = req("def f(items):\n    \"\"\"Sort.\n\n    More.\n    \"\"\"\n    ", "\n", "python");
    assertEquals(CompletionMode.MULTI_LINE, PostProcessor.resolveMode(multiDoc));
    CompletionRequest afterStatement = req("def f(items):\n    x = 1\n    ", "\n", "python");
    assertEquals(CompletionMode.SINGLE_LINE, PostProcessor.resolveMode(afterStatement));
    CompletionRequest open = req("def sort_by_frequency(items):\n    ", "\n", "python");
    assertEquals(CompletionMode.MULTI_LINE, PostProcessor.resolveMode(open));
  }

  @Test
  void blankLineAfterADescribingCommentIsMultiLine() {
    CompletionRequest r = req("class TodoList {\n  add(t) {}\n\n  // filter todos based on their completed status\n  ",
        "\n}\n", "javascript");
    assertEquals(CompletionMode.MULTI_LINE, PostProcessor.resolveMode(r));
  }

  @Test
  void blockWithExistingBodyIsSingleLine() {
    CompletionRequest r = req("void f() {", "\n  return;\n}\n", "java");
    assertEquals(CompletionMode.SINGLE_LINE, PostProcessor.resolveMode(r));
  }

  @Test
  void singleLineStopsAtEndOfLine() {
    CompletionRequest r = req("int total = ", "\n", "java");
    assertEquals("price * count;", run(r, "price * count;\nreturn total;\n}"));
  }

  @Test
  void singleLineThatStartsWithLineBreakIsEmpty() {
    CompletionRequest r = req("int total = price;", "\n", "java");
    assertEquals("", run(r, "\n    return total;"));
  }

  @Test
  void multiLineStopsWhereTheEnclosingBlockCloses() {
    CompletionRequest r = req("int add(int a, int b) {\n", "\n}\n", "java");
    String out = run(r, "    int sum = a + b;\n    return sum;\n}\n\nint sub(int a, int b) {");
    assertEquals("    int sum = a + b;\n    return sum;", out);
  }

  @Test
  void multiLineKeepsNestedBlocks() {
    CompletionRequest r = req("void f(List<String> xs) {\n", "\n}", "java");
    String out = run(r, "    for (String x : xs) {\n        System.out.println(x);\n    }\n}\n");
    assertEquals("    for (String x : xs) {\n        System.out.println(x);\n    }", out);
  }

  @Test
  void bracesInsideStringsDoNotEndTheBlock() {
    CompletionRequest r = req("void f() {\n", "\n}", "java");
    String out = run(r, "    log(\"}\");\n    done();\n}");
    assertEquals("    log(\"}\");\n    done();", out);
  }

  @Test
  void pythonBlockStopsAtDedent() {
    CompletionRequest r = req("def sort_by_frequency(items):\n", "\n", "python");
    String out = run(r, "    counts = Counter(items)\n    return sorted(counts, key=counts.get)\n\ndef other():\n    pass\n");
    assertEquals("    counts = Counter(items)\n    return sorted(counts, key=counts.get)", out);
  }

  @Test
  void dropsClosingTextTheLineAlreadyHas() {
    CompletionRequest r = req("print(", ")\n", "python");
    assertEquals("x", run(r, "x)"));
    CompletionRequest call = req("total = compute(", ");\n", "java");
    assertEquals("a, b", run(call, "a, b);"));
  }

  @Test
  void keepsBracketsTheCompletionNeedsItself() {
    CompletionRequest r = req("print(", ")\n", "python");
    assertEquals("foo(a, b)", run(r, "foo(a, b)"));
  }

  @Test
  void neverReturnsOnlyWhatFollowsTheCursor() {
    CompletionRequest r = req("foo(", "bar);\n", "java");
    assertEquals("", run(r, "bar"));
  }

  @Test
  void dropsTrailingLinesThatRepeatTheSuffix() {
    String out = PostProcessor.dropRepeatedSuffixLines("    a();\n    b();\n    return x;", "\n    return x;\n}\n");
    assertEquals("    a();\n    b();", out);
  }

  @Test
  void stripsTrailingWhitespace() {
    CompletionRequest r = req("int x = ", "", "java");
    assertEquals("1;", run(r, "1;   "));
  }

  @Test
  void multiLineIsCappedAtMaxLines() {
    CompletionRequest r = req("void f() {\n", "\n}", "java");
    String out = run(r, "    a();\n".repeat(100));
    assertTrue(out.split("\n").length <= PostProcessor.MAX_LINES, out.split("\n").length + " lines");
  }
}
