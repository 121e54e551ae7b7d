package dev.coclone.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.model.GenerationRequest;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several suggestions for one request ({@code n}): distinct, the main one first, all canceled together. */
class CompletionAlternativesTest {
  private final ScriptedBackend backend = new ScriptedBackend();
  private final CompletionEngine engine = CompletionEngine.builder().backend(backend).cache(new CompletionCache(16))
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static CompletionRequest request(int n) {
    return CompletionRequest.builder().prefix("int x = ").suffix(";\n").n(n).build();
  }

  @Test
  void nSuggestionsAreDistinctWithTheMainOneFirst() throws Exception {
    backend.enqueue(ScriptedReply.tokens("compute()").build());
    backend.enqueue(ScriptedReply.tokens("compute()").build());
    backend.enqueue(ScriptedReply.tokens("other()").build());
    Completion c = engine.newCall(request(3)).execute();
    assertEquals("compute()", c.text());
    assertEquals(List.of("compute()", "other()"), c.alternatives());
    backend.takeRequest(Duration.ofSeconds(1));
    GenerationRequest second = backend.takeRequest(Duration.ofSeconds(1));
    GenerationRequest third = backend.takeRequest(Duration.ofSeconds(1));
    assertEquals(1L, second.seed().orElseThrow(), "each alternative samples with its own seed");
    assertEquals(2L, third.seed().orElseThrow());
    assertTrue(second.temperature() >= 0.6, "alternatives sample at a temperature that can differ");
  }

  @Test
  void oneSuggestionAsksTheModelOnce() throws Exception {
    backend.enqueue(ScriptedReply.tokens("compute()").build());
    Completion c = engine.newCall(request(1)).execute();
    assertEquals(List.of("compute()"), c.alternatives());
    backend.takeRequest(Duration.ofSeconds(1));
    assertEquals(0, backend.activeGenerations());
    assertTrue(backend.takeRequest(Duration.ZERO) == null, "no second generation for n = 1");
  }

  @Test
  void cancelingStopsTheAlternativeInProgress() throws Exception {
    backend.enqueue(ScriptedReply.tokens("compute()").build());
    backend.enqueue(ScriptedReply.tokens("a").endless().tokenDelay(Duration.ofMillis(20)).build());
    CompletionCall call = engine.newCall(request(2));
    CompletableFuture<Object> done = Outcomes.enqueue(call, new CountDownLatch(1));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)), "the alternative started");
    call.cancel(CancelReason.CLIENT);
    assertNotNull(backend.awaitCancellation(Duration.ofSeconds(5)), "the alternative's generation stopped");
    assertInstanceOf(CanceledException.class, done.get(5, TimeUnit.SECONDS));
  }

  @Test
  void theCacheKeepsTheAlternativesAndTellsNApart() throws Exception {
    backend.enqueue(ScriptedReply.tokens("compute()").build());
    backend.enqueue(ScriptedReply.tokens("other()").build());
    assertEquals(List.of("compute()", "other()"), engine.newCall(request(2)).execute().alternatives());
    Completion again = engine.newCall(request(2)).execute();
    assertTrue(again.cached());
    assertEquals(List.of("compute()", "other()"), again.alternatives());
    backend.enqueue(ScriptedReply.tokens("single()").build());
    Completion one = engine.newCall(request(1)).execute();
    assertEquals("single()", one.text(), "n is part of the cache key");
  }

  @Test
  void moreThanEightAlternativesIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompletionRequest.builder().n(9));
    assertTrue(e.getMessage().contains("between 1 and 8"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CompletionRequest.builder().n(0));
  }
}
