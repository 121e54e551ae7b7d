package dev.coclone.netty.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.ScriptedReply;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One proxy in front of several real completion services: balancing, health, failover. */
class ProxyUpstreamsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ObjectMapper json = new ObjectMapper();
  private ServiceFleet fleet;

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static RegionalProxy.Builder proxy() {
    // Checks on the timer are left to a minute: the tests ask for them when they want them.
    return RegionalProxy.builder().region("eu").healthChecks(Duration.ofMinutes(1), Duration.ofSeconds(10))
        .rateLimit(100_000, 100_000);
  }

  @Test
  void concurrentStreamsGoToTheServiceWithTheFewestInFlight() throws Exception {
    fleet = new ServiceFleet(3, proxy());
    for (var m : fleet.models) {
      m.setFallback(ScriptedReply.tokens("t").tokenDelay(Duration.ofMillis(50)).endless().build());
    }
    try (H2TestClient client = new H2TestClient(fleet.proxy.port())) {
      List<H2TestClient.Stream> streams = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        H2TestClient.Stream s = client.request("POST", "/v1/complete", fleet.token,
            "{\"prefix\":\"x = \",\"stream\":\"sse\",\"max_tokens\":4000}");
        assertEquals("headers", s.next());
        assertTrue(s.next().startsWith("data:"), "stream " + i + " got no token");
        streams.add(s);
      }
      String health = fleet.get("/healthz").body();
      for (var m : fleet.models) {
        assertEquals(2, m.activeGenerations(), "6 streams over 3 idle services: 2 each; " + health);
      }
      streams.forEach(H2TestClient.Stream::reset);
    }
  }

  @Test
  void killingOneOfThreeServicesMidRunFailsNoRequestThatHadNotStartedStreaming() throws Exception {
    fleet = new ServiceFleet(3, proxy());
    for (var m : fleet.models) {
      m.setFallback(ScriptedReply.tokens("a", "b", "c;").tokenDelay(Duration.ofMillis(2)).build());
    }
    // The first request service 1 gets is held, so that one is surely in flight there when it dies.
    fleet.models.get(1).enqueue(ScriptedReply.tokens("held;").headerDelay(Duration.ofMinutes(1)).build());
    int threads = 6;
    int perThread = 40;
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger succeeded = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(threads * perThread / 3);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          try {
            HttpResponse<String> r = fleet.post("/v1/complete", "{\"prefix\":\"x = \"}");
            if (r.statusCode() == 200 && "abc;".equals(json.readTree(r.body()).path("text").asText())) {
              succeeded.incrementAndGet();
            } else {
              failures.add(r.statusCode() + " " + r.body());
            }
          } catch (Exception e) {
            failures.add(e.toString());
          }
          third.countDown();
        }
      });
    }
    assertTrue(third.await(60, TimeUnit.SECONDS), "the run did not get a third of the way");
    assertNotNull(fleet.models.get(1).takeRequest(Duration.ZERO), "service 1 got no request before it died");
    fleet.kill(1);
    pool.shutdown();
    assertTrue(pool.awaitTermination(90, TimeUnit.SECONDS), "the run did not finish");
    assertEquals(List.of(), failures, "no request had started streaming, so none may fail");
    assertEquals(threads * perThread, succeeded.get());
    String metrics = fleet.get("/metrics").body();
    assertTrue(metrics.contains("coclone_upstream_errors_total{kind=\"failover\"}"),
        "the held request must have failed over:\n" + metrics);
    assertTrue(metrics.contains("coclone_proxy_upstream_up{upstream=\"" + fleet.name(1) + "\"} 0"), metrics);
    assertTrue(metrics.contains("coclone_proxy_upstream_down_total{upstream=\"" + fleet.name(1) + "\"} 1"), metrics);
  }

  @Test
  void anHttp2RequestRelayedFrameByFrameGoesWithItsWholeBodyToAnotherServiceWhenItsOwnDiesBeforeAnswering()
      throws Exception {
    fleet = new ServiceFleet(2, proxy());
    for (var m : fleet.models) {
      m.setFallback(ScriptedReply.tokens("a", "b", "c;").build());
    }
    fleet.models.get(1).enqueue(ScriptedReply.tokens("held;").headerDelay(Duration.ofMinutes(1)).build());
    // Several DATA frames (16 KB each at most): all of them must reach the second service too.
    String prefix = "x".repeat(40_000) + " = ";
    String body = json.createObjectNode().put("prefix", prefix).toString();
    try (H2TestClient client = new H2TestClient(fleet.proxy.port())) {
      // Two at once: the turn-taking and the fewest-in-flight rule give service 1 one of them.
      List<H2TestClient.Stream> streams = List.of(client.request("POST", "/v1/complete", fleet.token, body),
          client.request("POST", "/v1/complete", fleet.token, body));
      var held = fleet.models.get(1).takeRequest(Duration.ofSeconds(20));
      assertNotNull(held, "service 1 got neither request");
      fleet.kill(1);
      for (H2TestClient.Stream s : streams) {
        String answer = s.body();
        assertEquals(200, s.status(), answer);
        assertEquals("abc;", json.readTree(answer).path("text").asText(), answer);
      }
      var first = fleet.models.get(0).takeRequest(Duration.ofSeconds(5));
      var second = fleet.models.get(0).takeRequest(Duration.ofSeconds(5));
      assertNotNull(second, "service 0 must have had both requests");
      assertTrue(prefix.equals(first.prefix()) && prefix.equals(second.prefix()),
          "the body came whole to service 0 both times");
    }
    String metrics = fleet.get("/metrics").body();
    assertTrue(metrics.contains("coclone_upstream_errors_total{kind=\"failover\"}"),
        "the held request must have failed over:\n" + metrics);
  }

  @Test
  void healthzSaysDegradedThenDownNamingEachServiceAndCountsIt() throws Exception {
    fleet = new ServiceFleet(2, proxy());
    HttpResponse<String> ok = fleet.get("/healthz");
    assertEquals(200, ok.statusCode());
    JsonNode body = json.readTree(ok.body());
    assertEquals("ok", body.path("status").asText());
    assertEquals("eu", body.path("region").asText());
    assertEquals(2, body.path("upstreams_healthy").asInt());

    fleet.kill(0);
    fleet.proxy.checkUpstreams().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    HttpResponse<String> degraded = fleet.get("/healthz");
    assertEquals(200, degraded.statusCode(), "one service still answers");
    body = json.readTree(degraded.body());
    assertEquals("degraded", body.path("status").asText());
    assertEquals(fleet.name(0), body.at("/upstreams/0/upstream").asText());
    assertEquals("down", body.at("/upstreams/0/state").asText());
    assertTrue(body.at("/upstreams/0/problem").asText().length() > 10, "says why: " + body);
    assertEquals("up", body.at("/upstreams/1/state").asText());

    fleet.kill(1);
    fleet.proxy.checkUpstreams().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    HttpResponse<String> down = fleet.get("/healthz");
    assertEquals(503, down.statusCode());
    body = json.readTree(down.body());
    assertEquals("down", body.path("status").asText());
    assertEquals(0, body.path("upstreams_healthy").asInt());
    assertTrue(body.path("message").asText().contains("--upstream"), body.toString());
    String metrics = fleet.get("/metrics").body();
    assertTrue(metrics.contains("coclone_proxy_upstreams_healthy 0\n"), metrics);
    assertTrue(metrics.contains("coclone_proxy_healthz_down_total 1\n"), metrics);
  }

  @Test
  void whenNoServiceAnswersTheCallerGetsA502InItsOwnProtocolNamingEach() throws Exception {
    int deadA;
    int deadB;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      deadA = a.getLocalPort();
      deadB = b.getLocalPort();
    }
    fleet = new ServiceFleet(1, proxy().upstream("127.0.0.1", deadA).upstream("127.0.0.1", deadB));
    fleet.kill(0);

    HttpResponse<String> own = fleet.post("/v1/complete", "{\"prefix\":\"x\"}");
    assertEquals(502, own.statusCode());
    JsonNode e = json.readTree(own.body());
    assertEquals("upstream_unreachable", e.at("/error/code").asText());
    String message = e.at("/error/message").asText();
    assertTrue(message.contains("none of the 3 completion services"), message);
    for (String name : List.of(fleet.name(0), "127.0.0.1:" + deadA, "127.0.0.1:" + deadB)) {
      assertTrue(message.contains(name), name + " not named in: " + message);
    }
    assertTrue(message.contains("try again shortly or use another region"), message);
    assertEquals("1", own.headers().firstValue("retry-after").orElse(""));

    HttpResponse<String> ollama = fleet.post("/api/generate", "{\"model\":\"m\",\"prompt\":\"x\"}");
    assertEquals(502, ollama.statusCode());
    assertTrue(json.readTree(ollama.body()).path("error").isTextual(), "Ollama's {\"error\": \"...\"}: "
        + ollama.body());

    HttpResponse<String> openAi = fleet.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"x\"}");
    assertEquals(502, openAi.statusCode());
    JsonNode o = json.readTree(openAi.body()).path("error");
    assertEquals("server_error", o.path("type").asText(), openAi.body());
    assertEquals("upstream_unreachable", o.path("code").asText(), openAi.body());
  }
}
