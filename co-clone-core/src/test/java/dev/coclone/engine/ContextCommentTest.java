package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.source.ContextSnippet;
import dev.coclone.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A context snippet is a window of another file, often cut inside a Javadoc: its open comment must
 * not run on into the file being edited, where the engine then read the cursor as in a comment and
 * said nothing ("the cursor is in a comment").
 */
class ContextCommentTest {
  private static final String LEARNED = "class A {\n  void f(java.io.BufferedReader reader) throws Exception {\n"
      + "    String line;\n    while ((line = reader.readLine()) != null) {\n      System.out.println(line);\n"
      + "    }\n  }\n}\n";
  private static final String PREFIX = "class B {\n  void g(java.io.BufferedReader reader) throws Exception {\n"
      + "    String line;\n    while ((line = reader.";

  private static Completion complete(CompletionEngine engine, String snippet) throws java.io.IOException {
    CompletionRequest.Builder b = CompletionRequest.builder().prefix(PREFIX).suffix("\n  }\n}\n").language("java")
        .filePath("B.java");
    if (snippet != null) {
      b.addContext(new ContextSnippet("C.java:1-1", snippet, 1, "similar code"));
    }
    return engine.newCall(b.build()).execute();
  }

  @Test
  void aSnippetCutInsideABlockCommentDoesNotSilenceTheEngine() throws Exception {
    EmbeddedEngine learned = new EmbeddedEngine();
    learned.index(List.of(SourceFile.of("A.java", LEARNED)), IndexProgress.NONE);
    try (CompletionEngine engine = CompletionEngine.builder().backend(new EmbeddedBackend(learned)).cache(null)
        .build()) {
      String alone = complete(engine, null).text();
      assertEquals("readLine()) != null) {", alone);
      Completion withJavadoc = complete(engine, "/** Reads the lines of a reader, one");
      assertEquals(alone, withJavadoc.text(), withJavadoc.noSuggestionReason());
    }
  }
}
