package dev.coclone.netty;

import dev.coclone.netty.service.StandardServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.PromptStyle;
import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /v1/info tells the truth about the model server: down after it stops, up again once it is back. */
@Timeout(60)
class ModelAvailabilityTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();
  private final BlockingQueue<BackendStatus> events = new LinkedBlockingQueue<>();
  private MockModelServer model;
  private OllamaBackend backend;
  private CompletionEngine engine;
  private StandardServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (backend != null) {
      backend.close();
    }
    if (model != null) {
      model.close();
    }
  }

  private StandardServer start(Duration interval) throws Exception {
    model = MockModelServer.start();
    backend = OllamaBackend.builder().baseUrl(model.url()).model("deepseek-coder:6.7b-base")
        .promptStyle(PromptStyle.RAW_FIM).connectTimeout(Duration.ofSeconds(1))
        .firstTokenTimeout(Duration.ofSeconds(2)).idleTimeout(Duration.ofSeconds(2)).build();
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    server = StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).port(0)
        .backendHealth(interval, Duration.ofSeconds(2)).build().start();
    server.backendHealth().addListener(events::add);
    return server;
  }

  private JsonNode info() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/v1/info")).header("Authorization", "Bearer " + server.issueToken()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body()).path("status");
  }

  private HttpResponse<String> complete() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/complete"))
        .header("Authorization", "Bearer " + server.issueToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\":\"int x = \",\"max_tokens\":8}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void await(Predicate<BackendStatus> wanted, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    BackendStatus s;
    do {
      s = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (s == null) {
        throw new AssertionError("no status " + what + " within 20 s");
      }
    } while (!wanted.test(s));
  }

  @Test
  void aFailedCompletionMakesInfoSayTheModelIsUnavailable() throws Exception {
    start(Duration.ofMinutes(10));
    assertTrue(info().path("available").asBoolean(), info().toString());
    model.close();
    HttpResponse<String> failed = complete();
    assertTrue(failed.statusCode() >= 500, failed.statusCode() + " " + failed.body());
    await(s -> !s.available(), "unavailable after the failed completion");
    JsonNode status = info();
    assertFalse(status.path("available").asBoolean(), "a model server that is down must not be reported available: "
        + status);
    assertTrue(status.path("message").asText().contains("127.0.0.1:" + model.port()), status.toString());
  }

  @Test
  void infoSaysTheModelIsAvailableAgainByItselfOnceTheServerIsBack() throws Exception {
    start(Duration.ofMillis(300));
    int port = model.port();
    model.close();
    await(s -> !s.available(), "unavailable after the model server stopped");
    assertFalse(info().path("available").asBoolean());
    model = MockModelServer.startOn(port);
    await(BackendStatus::available, "available after the model server came back");
    assertTrue(info().path("available").asBoolean(), "no request was needed to notice the model server is back");
    model.enqueue(ScriptedReply.tokens("42;").build());
    HttpResponse<String> served = complete();
    assertEquals(200, served.statusCode(), served.body());
  }
}
