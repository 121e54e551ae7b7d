package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.testing.ScriptedReply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /v1/cancel, /v1/info and /metrics all read the engine's one registry and event listener. */
class CompletionServiceTest {
  private ServiceFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ServiceFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static ScriptedReply stall() {
    return ScriptedReply.tokens("a").failAfter(0, ScriptedReply.Ending.STALL).build();
  }

  private CompletableFuture<HttpResponse<String>> stream(String requestId, String session) throws Exception {
    CompletableFuture<HttpResponse<String>> r = f.postAsync("/v1/complete", f.token, "{\"prefix\":\"x = \","
        + "\"stream\":\"sse\",\"request_id\":\"" + requestId + "\",\"session_id\":\"" + session + "\"}");
    assertNotNull(f.backend.takeRequest(Duration.ofSeconds(5)), "the model must get the call");
    return r;
  }

  private String cancel(String body) throws Exception {
    return f.post("/v1/cancel", f.token, body).body();
  }

  @Test
  void cancelBySessionStopsTheSessionsStreamAndIsCounted() throws Exception {
    f.backend.enqueue(stall());
    CompletableFuture<HttpResponse<String>> r = stream("r-1", "editor-1");
    assertEquals(1, f.read(f.get("/v1/info").body()).get("active_calls").asInt());
    assertTrue(f.get("/metrics").body().contains("coclone_active_streams 1\n"));
    assertEquals("{\"canceled\":false}", cancel("{\"session_id\":\"editor-2\"}"));
    assertEquals("{\"canceled\":true}", cancel("{\"session_id\":\"editor-1\"}"));
    // Canceled before its first token, the stream had not started: the answer is the error's status.
    HttpResponse<String> canceled = r.get(10, TimeUnit.SECONDS);
    assertEquals(499, canceled.statusCode(), canceled.body());
    assertEquals("{\"error\":{\"code\":\"canceled\",\"message\":\"the completion was canceled (client)\"}}",
        canceled.body());
    assertNotNull(f.backend.awaitCancellation(Duration.ofSeconds(5)));
    assertEquals(0, f.read(f.get("/v1/info").body()).get("active_calls").asInt());
    String metrics = f.get("/metrics").body();
    assertTrue(metrics.contains("coclone_cancellations_total{reason=\"client\"} 1\n"), metrics);
    assertTrue(metrics.contains("coclone_active_streams 0\n"), metrics);
  }

  @Test
  void theEndOfTheFirstCallWithAnIdDoesNotUnregisterASecondCallReusingIt() throws Exception {
    f.backend.enqueue(stall());
    f.backend.enqueue(stall());
    CompletableFuture<HttpResponse<String>> first = stream("same-id", "editor-1");
    CompletableFuture<HttpResponse<String>> second = stream("same-id", "editor-2");
    assertEquals("{\"canceled\":true}", cancel("{\"session_id\":\"editor-1\"}"));
    assertTrue(first.get(10, TimeUnit.SECONDS).body().contains("\"code\":\"canceled\""));
    assertEquals("{\"canceled\":true}", cancel("{\"id\":\"same-id\"}"), "the second call still holds the id");
    assertTrue(second.get(10, TimeUnit.SECONDS).body().contains("\"code\":\"canceled\""));
    assertEquals("{\"canceled\":false}", cancel("{\"id\":\"same-id\"}"));
  }

  @Test
  void aFullEngineAnswers503WithWhatToDoAndCountsIt() throws Exception {
    f.backend.enqueue(stall());
    f.backend.enqueue(stall());
    CompletableFuture<HttpResponse<String>> a = stream("a", "s-a");
    CompletableFuture<HttpResponse<String>> b = stream("b", "s-b");
    HttpResponse<String> busy = f.post("/v1/complete", f.token, "{\"prefix\":\"y = \"}");
    assertEquals(503, busy.statusCode(), busy.body());
    assertEquals("engine_busy", f.read(busy.body()).at("/error/code").asText());
    assertEquals("the completion engine is busy: 2 calls running and 0 queued; retry shortly or raise maxRequests",
        f.read(busy.body()).at("/error/message").asText());
    assertTrue(f.get("/metrics").body().contains("coclone_engine_busy_total 1\n"));
    cancel("{\"id\":\"a\"}");
    cancel("{\"id\":\"b\"}");
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
  }

  @Test
  void trailingDataAndFieldsOfTheWrongTypeAreRefusedNotCoerced() throws Exception {
    for (String body : new String[] {"{\"prefix\":\"x\"} xyz", "{\"prefix\":\"x\"}{\"prefix\":\"y\"}"}) {
      HttpResponse<String> r = f.post("/v1/complete", f.token, body);
      assertEquals(400, r.statusCode(), body + " -> " + r.body());
      assertTrue(r.body().contains("invalid_json"), r.body());
    }
    for (String field : new String[] {"session_id", "language", "file_path", "mode"}) {
      HttpResponse<String> r = f.post("/v1/complete", f.token, "{\"prefix\":\"x\",\"" + field + "\":{}}");
      assertEquals(400, r.statusCode(), field + " -> " + r.body());
      assertTrue(r.body().contains("'" + field + "' must be a string"), r.body());
    }
  }
}
