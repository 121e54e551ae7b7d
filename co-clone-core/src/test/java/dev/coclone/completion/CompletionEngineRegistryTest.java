package dev.coclone.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.model.ModelException;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's one registry of calls, its bounded executor and its event listener. */
class CompletionEngineRegistryTest {
  private final ScriptedBackend backend = new ScriptedBackend();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private CompletionEngine engine = engine(64, 256);

  private CompletionEngine engine(int maxRequests, int maxQueued) {
    return CompletionEngine.builder().backend(backend).cache(null).maxRequests(maxRequests)
        .maxQueuedRequests(maxQueued).eventListenerFactory(call -> new Recorder(call.request().requestId())).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  /** Records each call's events as "id event". */
  private final class Recorder implements CompletionEventListener {
    private final String id;

    Recorder(String id) {
      this.id = id;
    }

    @Override
    public void callStart(CompletionCall call) {
      events.add(id + " start");
    }

    @Override
    public void firstToken(CompletionCall call) {
      events.add(id + " first");
    }

    @Override
    public void callEnd(CompletionCall call, Completion completion) {
      events.add(id + " end");
    }

    @Override
    public void callCanceled(CompletionCall call, CancelReason reason) {
      events.add(id + " canceled " + reason);
    }

    @Override
    public void callFailed(CompletionCall call, IOException error) {
      events.add(id + " failed " + error.getClass().getSimpleName());
    }
  }

  private static CompletionRequest request(String id, String session) {
    return CompletionRequest.builder().prefix("int x = ").suffix("\n").language("java").requestId(id)
        .sessionId(session).build();
  }

  private static ScriptedReply stall() {
    return ScriptedReply.tokens("a").failAfter(0, ScriptedReply.Ending.STALL).build();
  }

  private static CompletableFuture<Object> enqueue(CompletionCall call) {
    return Outcomes.enqueue(call, new CountDownLatch(1));
  }

  private static CancelReason canceled(CompletableFuture<Object> outcome) throws Exception {
    Object o = outcome.get(5, TimeUnit.SECONDS);
    assertTrue(o instanceof CanceledException, String.valueOf(o));
    return ((CanceledException) o).reason();
  }

  @Test
  void theEndOfACallDoesNotUnregisterANewerCallThatReusedItsId() throws Exception {
    backend.enqueue(stall());
    backend.enqueue(stall());
    CompletionCall first = engine.newCall(request("same", null));
    CompletableFuture<Object> firstDone = enqueue(first);
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    CompletableFuture<Object> secondDone = enqueue(engine.newCall(request("same", null)));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    first.cancel(CancelReason.DISCONNECTED);
    assertEquals(CancelReason.DISCONNECTED, canceled(firstDone));
    assertTrue(engine.cancel("same", CancelReason.CLIENT), "the second call is still registered under the id");
    assertEquals(CancelReason.CLIENT, canceled(secondDone));
    assertTrue(engine.runningCalls().isEmpty());
  }

  @Test
  void cancelBySessionStopsTheSessionsCallAndSupersessionStillWorks() throws Exception {
    backend.enqueue(stall());
    backend.enqueue(stall());
    CompletableFuture<Object> older = enqueue(engine.newCall(request("a", "editor-1")));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    CompletableFuture<Object> newer = enqueue(engine.newCall(request("b", "editor-1")));
    assertEquals(CancelReason.SUPERSEDED, canceled(older));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    assertFalse(engine.cancelSession("editor-2", CancelReason.CLIENT));
    assertTrue(engine.cancelSession("editor-1", CancelReason.CLIENT));
    assertEquals(CancelReason.CLIENT, canceled(newer));
    assertFalse(engine.cancelSession("editor-1", CancelReason.CLIENT), "nothing left in that session");
    assertNotNull(backend.awaitCancellation(Duration.ofSeconds(5)));
  }

  @Test
  void aFullEngineRefusesEnqueueAndExecuteWithAClearError() throws Exception {
    engine.close();
    engine = engine(1, 1);
    backend.enqueue(stall());
    backend.enqueue(ScriptedReply.tokens("queued;").build());
    CompletableFuture<Object> running = enqueue(engine.newCall(request("run", null)));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    CompletableFuture<Object> queued = enqueue(engine.newCall(request("wait", null)));
    assertEquals(1, engine.queuedCallsCount());

    Object refused = enqueue(engine.newCall(request("over", null))).get(5, TimeUnit.SECONDS);
    assertTrue(refused instanceof CompletionEngineBusyException, String.valueOf(refused));
    assertEquals("the completion engine is busy: 1 calls running and 1 queued; retry shortly or raise maxRequests",
        ((IOException) refused).getMessage());
    CompletionEngineBusyException thrown = assertThrows(CompletionEngineBusyException.class,
        () -> engine.newCall(request("sync", null)).execute());
    assertEquals(1, thrown.running());
    assertTrue(events.contains("over failed CompletionEngineBusyException"), events.toString());
    assertTrue(events.contains("sync failed CompletionEngineBusyException"), events.toString());

    assertTrue(engine.cancel("run", CancelReason.CLIENT));
    assertEquals(CancelReason.CLIENT, canceled(running));
    Object next = queued.get(5, TimeUnit.SECONDS);
    assertTrue(next instanceof Completion, "the queued call runs once a thread frees up: " + next);
  }

  @Test
  void aQueuedCallCanceledEndsAtOnceWithoutRunning() throws Exception {
    engine.close();
    engine = engine(1, 4);
    backend.enqueue(stall());
    CompletableFuture<Object> running = enqueue(engine.newCall(request("run", null)));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    CompletableFuture<Object> queued = enqueue(engine.newCall(request("wait", null)));
    assertTrue(engine.cancel("wait", CancelReason.CLIENT));
    assertEquals(CancelReason.CLIENT, canceled(queued));
    assertEquals(0, engine.queuedCallsCount());
    assertFalse(running.isDone());
    assertEquals(List.of("wait start", "wait canceled CLIENT"), events.stream().filter(e -> e.startsWith("wait"))
        .toList());
  }

  @Test
  void theListenerSeesExactlyOneTerminalEventPerCall() throws Exception {
    backend.enqueue(ScriptedReply.tokens("done();").build());
    backend.enqueue(stall());
    backend.enqueue(ScriptedReply.httpError(500, "boom"));
    assertTrue(enqueue(engine.newCall(request("ok", null))).get(5, TimeUnit.SECONDS) instanceof Completion);
    CompletableFuture<Object> stalled = enqueue(engine.newCall(request("cancel", null)));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    assertTrue(engine.cancel("cancel", CancelReason.CLIENT));
    canceled(stalled);
    CompletionCall failing = engine.newCall(request("fail", null));
    assertThrows(ModelException.class, failing::execute);
    assertEquals(List.of("ok start", "ok first", "ok end"), only("ok"));
    assertEquals(List.of("cancel start", "cancel canceled CLIENT"), only("cancel"));
    assertEquals(List.of("fail start", "fail failed ModelException"), only("fail"));
  }

  private List<String> only(String id) {
    return events.stream().filter(e -> e.startsWith(id + " ")).toList();
  }

  @Test
  void anObservedEngineSharesTheRegistryAndAddsItsListener() throws Exception {
    List<String> extra = new CopyOnWriteArrayList<>();
    CompletionEngine observed = engine.withEventListener(call -> new CompletionEventListener() {
      @Override
      public void callEnd(CompletionCall c, Completion completion) {
        extra.add(c.request().requestId() + " end");
      }
    });
    backend.enqueue(stall());
    CompletableFuture<Object> outcome = enqueue(observed.newCall(request("seen", null)));
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    assertEquals(1, engine.runningCalls().size(), "the origin's registry holds the observed engine's call");
    observed.close();
    assertTrue(engine.cancel("seen", CancelReason.CLIENT), "closing the observed engine stops nothing");
    canceled(outcome);
    backend.enqueue(ScriptedReply.tokens("x;").build());
    observed.newCall(request("both", null)).execute();
    assertEquals(List.of("both end"), extra);
    assertTrue(events.contains("both end"), "the origin's listener hears it too: " + events);
  }
}
