package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCache;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.completion.FinishReason;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An answer the embedded engine gave before it learned more (the app learns the JDK, the
 * dependencies and the standard library in the background after start) is not served from the
 * cache afterwards: the first request of a session must not fix "no suggestion" for good.
 */
class CacheAfterLearningTest {

  private static CompletionRequest request() {
    return CompletionRequest.builder().prefix("class A {\n  void f(int x) {\n    System.out.")
        .suffix("\n  }\n}\n").language("java").filePath("A.java").build();
  }

  @Test
  void whatTheEngineLearnsAfterAnEmptyAnswerIsUsedForTheSameRequest() throws Exception {
    EmbeddedEngine embedded = new EmbeddedEngine();
    try (CompletionEngine engine = CompletionEngine.builder().backend(new EmbeddedBackend(embedded))
        .cache(new CompletionCache(16)).build()) {
      Completion before = engine.newCall(request()).execute();
      assertTrue(!before.text().startsWith("println"), "an engine that never saw println cannot suggest it: "
          + before.text());
      assertEquals(FinishReason.CACHED, engine.newCall(request()).execute().finishReason(),
          "the same request, with nothing learned in between, comes from the cache");

      List<SourceFile> corpus = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        corpus.add(SourceFile.of("P" + i + ".java", "class P" + i + " {\n  void f(int x) {\n    System.out.println(x);\n"
            + "  }\n}\n"));
      }
      embedded.index(corpus, IndexProgress.NONE);

      Completion after = engine.newCall(request()).execute();
      assertNotEquals(FinishReason.CACHED, after.finishReason(), "the engine learned since: no cached answer");
      assertTrue(after.text().startsWith("println"), "learned: " + after.text() + " / " + after.noSuggestionReason());
    }
  }
}
