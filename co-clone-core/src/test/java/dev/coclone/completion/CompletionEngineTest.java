package dev.coclone.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CompletionEngineTest {
  private final ScriptedBackend backend = new ScriptedBackend();
  private final CompletionEngine engine = CompletionEngine.builder().backend(backend).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static CompletionRequest line(String prefix) {
    return CompletionRequest.builder().prefix(prefix).suffix("\n").language("java").sessionId("editor-1").build();
  }

  private static CompletableFuture<Object> enqueue(CompletionCall call, CountDownLatch firstToken) {
    return Outcomes.enqueue(call, firstToken);
  }

  @Test
  void executingTwiceIsAnError() throws Exception {
    backend.enqueue(ScriptedReply.tokens("1;").build());
    CompletionCall call = engine.newCall(line("int x = "));
    assertEquals("1;", call.execute().text());
    IllegalStateException e = assertThrows(IllegalStateException.class, call::execute);
    assertTrue(e.getMessage().contains("newCall"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> call.enqueue(new CompletionListener() {}));
  }

  @Test
  void aNewerCallFromTheSameSessionSupersedesTheOlder() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a").tokenDelay(Duration.ofMillis(20)).endless().build());
    backend.enqueue(ScriptedReply.tokens("2;").build());
    CountDownLatch first = new CountDownLatch(1);
    CompletableFuture<Object> older = enqueue(engine.newCall(line("int x = ")), first);
    assertTrue(first.await(5, TimeUnit.SECONDS));
    Completion newer = engine.newCall(line("int y = ")).execute();
    assertEquals("2;", newer.text());
    Object outcome = older.get(5, TimeUnit.SECONDS);
    assertTrue(outcome instanceof CanceledException, String.valueOf(outcome));
    assertEquals(CancelReason.SUPERSEDED, ((CanceledException) outcome).reason());
    assertNotNull(backend.awaitCancellation(Duration.ofSeconds(5)));
  }

  @Test
  void cancelIsIdempotentAndTheFirstReasonCounts() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a").tokenDelay(Duration.ofMillis(20)).endless().build());
    CompletionCall call = engine.newCall(line("int x = "));
    CountDownLatch first = new CountDownLatch(1);
    CompletableFuture<Object> outcome = enqueue(call, first);
    assertTrue(first.await(5, TimeUnit.SECONDS));
    call.cancel(CancelReason.DISCONNECTED);
    call.cancel();
    call.cancel(CancelReason.TIMEOUT);
    Object o = outcome.get(5, TimeUnit.SECONDS);
    assertEquals(CancelReason.DISCONNECTED, ((CanceledException) o).reason());
    assertTrue(engine.runningCalls().isEmpty());
  }

  @Test
  void theGateStopsTheBackendAtTheEndOfTheLine() throws Exception {
    backend.enqueue(ScriptedReply.tokens("compute", "();", "\n", "junk", "junk", "junk").build());
    Completion c = engine.newCall(line("int x = ")).execute();
    assertEquals("compute();", c.text());
    assertEquals(3, backend.tokensSent(), "the backend must stop handing out tokens after the newline");
  }

  @Test
  void theSameContextIsAnsweredFromTheCache() throws Exception {
    backend.enqueue(ScriptedReply.tokens("compute();").build());
    engine.newCall(line("int x = ")).execute();
    Completion again = engine.newCall(line("int x = ")).execute();
    assertEquals("compute();", again.text());
    assertTrue(again.cached());
    Completion typedThrough = engine.newCall(line("int x = comp")).execute();
    assertEquals("ute();", typedThrough.text());
    assertEquals(1, backend.tokensSent());
  }

  @Test
  void aClosedEngineRefusesNewCallsAndCancelsRunningOnes() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a").tokenDelay(Duration.ofMillis(20)).endless().build());
    CountDownLatch first = new CountDownLatch(1);
    CompletableFuture<Object> outcome = enqueue(engine.newCall(line("int x = ")), first);
    assertTrue(first.await(5, TimeUnit.SECONDS));
    engine.close();
    assertEquals(CancelReason.SHUTDOWN, ((CanceledException) outcome.get(5, TimeUnit.SECONDS)).reason());
    assertThrows(IllegalStateException.class, () -> engine.newCall(line("y")));
  }

  @Test
  void backendFailureEndsWithOneFailureCallback() throws Exception {
    backend.enqueue(ScriptedReply.httpError(500, "boom"));
    CompletableFuture<Object> outcome = enqueue(engine.newCall(line("int x = ")), new CountDownLatch(1));
    Object o = outcome.get(5, TimeUnit.SECONDS);
    assertTrue(o instanceof dev.coclone.model.ModelException, String.valueOf(o));
  }
}
