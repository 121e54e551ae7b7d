package dev.coclone.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coclone.source.ContextSnippet;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cached answer says what the fresh one said: its reason when empty, and the context it used. */
class CachedAnswerTest {
  private static final ContextSnippet SNIPPET = new ContextSnippet("util/Counter.java",
      "class Counter { int count; }", 0.9, "same names");
  private final ScriptedBackend backend = new ScriptedBackend();
  private final CompletionEngine engine = CompletionEngine.builder().backend(backend)
      .contextProvider((request, budget) -> List.of(SNIPPET)).cache(new CompletionCache(16)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static CompletionRequest request() {
    return CompletionRequest.builder().prefix("int x = ").suffix(";\n").build();
  }

  @Test
  void aCachedEmptyAnswerKeepsItsReasonAndContext() throws Exception {
    backend.enqueue(ScriptedReply.tokens(new String[0]).build());
    Completion fresh = engine.newCall(request()).execute();
    assertEquals("", fresh.text());
    assertEquals("the model suggested nothing here", fresh.noSuggestionReason());
    assertNotNull(backend.takeRequest(Duration.ofSeconds(1)));

    Completion cached = engine.newCall(request()).execute();
    assertEquals(FinishReason.CACHED, cached.finishReason());
    assertNull(backend.takeRequest(Duration.ZERO), "the cache answered without the model");
    assertEquals(fresh.noSuggestionReason(), cached.noSuggestionReason());
    assertEquals(List.of(SNIPPET), cached.context());
  }

  @Test
  void aCachedSuggestionKeepsItsContextAndTypingThroughKeepsItToo() throws Exception {
    backend.enqueue(ScriptedReply.tokens("count", "()").build());
    engine.newCall(request()).execute();
    Completion cached = engine.newCall(request()).execute();
    assertEquals(FinishReason.CACHED, cached.finishReason());
    assertEquals("count()", cached.text());
    assertEquals("", cached.noSuggestionReason());
    assertEquals(List.of(SNIPPET), cached.context());

    Completion typed = engine.newCall(CompletionRequest.builder().prefix("int x = cou").suffix(";\n").build())
        .execute();
    assertEquals(FinishReason.CACHED, typed.finishReason());
    assertEquals("nt()", typed.text());
    assertEquals(List.of(SNIPPET), typed.context());
    backend.takeRequest(Duration.ofSeconds(1));
    assertNull(backend.takeRequest(Duration.ZERO), "no model request after the first");
  }
}
