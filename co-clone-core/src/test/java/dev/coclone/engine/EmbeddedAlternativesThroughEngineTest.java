package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.source.SourceFile;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API's {@code n} reaches the embedded engine's own ranked alternatives. */
class EmbeddedAlternativesThroughEngineTest {
  private static final String CODE = """
      class Cart {
        int count;
        int total;
        void add(int price) {
          count = count + 1;
          total = total + price;
        }
        void remove(int price) {
          count = count - 1;
          total = total - price;
        }
        void clear() {
          count = 0;
          total = 0;
        }
      }
      """;

  @Test
  void severalSuggestionsAreDistinctAndStartWithTheMainOne() throws Exception {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(List.of(SourceFile.of("Cart.java", CODE)), IndexProgress.NONE);
    try (CompletionEngine completions = CompletionEngine.builder().backend(new EmbeddedBackend(engine)).build()) {
      Completion c = completions.newCall(CompletionRequest.builder().prefix(CODE.substring(0, CODE.indexOf("  void clear"))
          + "  void reset(int price) {\n    ").suffix("\n  }\n}\n").language("java").n(3).build()).execute();
      assertTrue(c.alternatives().size() >= 1 && c.alternatives().size() <= 3, c.alternatives().toString());
      assertEquals(c.text(), c.alternatives().get(0));
      assertEquals(c.alternatives().size(), new HashSet<>(c.alternatives()).size(), "distinct: " + c.alternatives());
      assertTrue(c.text().isEmpty() == !c.noSuggestionReason().isEmpty(), c.text() + " / " + c.noSuggestionReason());
    }
  }
}
