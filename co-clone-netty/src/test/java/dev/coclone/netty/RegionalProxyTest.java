package dev.coclone.netty;

import dev.coclone.netty.testing.RawH2Client;
import dev.coclone.netty.service.StandardServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.netty.proxy.RegionalProxy;
import dev.coclone.testing.RefusedPort;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionalProxyTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final ObjectMapper json = new ObjectMapper();
  private ScriptedBackend backend;
  private CompletionEngine engine;
  private StandardServer service;
  private RegionalProxy proxy;
  private String token;

  @BeforeEach
  void start() throws Exception {
    backend = new ScriptedBackend("m");
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    service = StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).port(0).build().start();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET).region("eu-west")
        .port(0).build().start();
    token = service.issueToken();
  }

  /** A service that is down, for the tests that need one; its port stays reserved until the test ends. */
  private RefusedPort down;

  @AfterEach
  void stop() {
    if (down != null) {
      down.close();
    }
    proxy.close();
    service.close();
    engine.close();
  }

  private HttpResponse<String> post(String path, String auth, String body) throws Exception {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
            .header("Authorization", "Bearer " + auth).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits until the proxy has read the service's public routes (one upstream stream of its own):
   * a request without a token waits for that read.
   *
   * @return the upstream streams opened so far
   */
  private long learnedPublicRoutes() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + proxy.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    return proxy.metrics().upstreamStreamsOpened();
  }

  @Test
  void aClientReadingThroughASmallFlowControlWindowGetsTheWholeLongAnswer() throws Exception {
    // 200 KB through a 4 KB stream window granted a frame at a time: the client's stream stops
    // being writable, the proxy stops returning the upstream's window, and picks up again as the
    // client reads. Were the upstream's window not given back then, the answer would stall.
    String big = "z".repeat(200_000);
    backend.setFallback(ScriptedReply.tokens(big).build());
    try (RawH2Client client = RawH2Client.connect(proxy.port(), 0x4, 4096)) {
      client.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS, 1, RawH2Client.headerBlock(":method", "POST", ":scheme", "http",
          ":path", "/v1/complete", ":authority", "127.0.0.1:" + proxy.port(), "content-type", "application/json",
          "authorization", "Bearer " + token));
      client.frame(RawH2Client.DATA, RawH2Client.END_STREAM, 1, "{\"prefix\":\"x = \"}".getBytes(StandardCharsets.UTF_8));
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      while (true) {
        RawH2Client.Frame f = client.await(RawH2Client.DATA, 1, java.time.Duration.ofSeconds(10));
        assertTrue(f != null && f.type() == RawH2Client.DATA, "the answer stalled after " + got.size() + " bytes");
        got.writeBytes(f.payload());
        if (f.payload().length > 0) {
          byte[] increment = new byte[4];
          RawH2Client.putInt(increment, 0, f.payload().length);
          client.frame(RawH2Client.WINDOW_UPDATE, 0, 1, increment);
          client.frame(RawH2Client.WINDOW_UPDATE, 0, 0, increment);
        }
        if ((f.flags() & RawH2Client.END_STREAM) != 0) {
          break;
        }
      }
      assertEquals(big, json.readTree(got.toString(StandardCharsets.UTF_8)).get("text").asText());
    }
  }

  @Test
  void relaysACompletionAndReusesOneUpstreamConnection() throws Exception {
    backend.setFallback(ScriptedReply.tokens("ok", ";").build());
    long before = learnedPublicRoutes();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = post("/v1/complete", token, "{\"prefix\":\"x = \"}");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("ok;", json.readTree(r.body()).get("text").asText());
    }
    assertEquals(before + 20, proxy.metrics().upstreamStreamsOpened());
    assertEquals(1, proxy.metrics().upstreamConnectionsOpened(), "sequential requests share one connection");
    assertTrue(proxy.metrics().render().contains("coclone_upstream_streams_total " + (before + 20)));
  }

  @Test
  void streamsServerSentEventsThroughTheProxy() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a", "b").build());
    HttpResponse<String> r = post("/v1/complete", token, "{\"prefix\":\"x = \",\"stream\":\"sse\"}");
    assertTrue(r.body().startsWith("event: token\ndata: {\"text\":\"a\"}"), r.body());
    assertTrue(r.body().contains("event: done"));
  }

  @Test
  void aClientResetReachesTheModelAndOnlyItsStreamIsReset() throws Exception {
    backend.enqueue(ScriptedReply.tokens("t").tokenDelay(Duration.ofMillis(20)).endless().build());
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      H2TestClient.Stream s = client.request("POST", "/v1/complete", token,
          "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"stream\":\"sse\",\"max_tokens\":4000}");
      assertEquals("headers", s.next());
      assertTrue(s.next().startsWith("data:"));
      long closedBefore = proxy.metrics().upstreamConnectionsOpened() - proxy.upstreamConnections();
      long resetAt = System.nanoTime();
      s.reset();
      assertNotNull(backend.awaitCancellation(Duration.ofSeconds(5)), "cancel must cross the proxy");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resetAt);
      assertTrue(millis < 2000, "took " + millis + " ms");
      backend.enqueue(ScriptedReply.tokens("next;").build());
      H2TestClient.Stream next = client.request("POST", "/v1/complete", token, "{\"prefix\":\"y = \"}");
      assertEquals("headers", next.next());
      assertTrue(next.body().contains("next;"));
      // None closes (one more may have opened meanwhile, on the event loop of the client's connection).
      assertEquals(closedBefore, proxy.metrics().upstreamConnectionsOpened() - proxy.upstreamConnections(),
          "the upstream connections survive the reset");
    }
  }

  @Test
  void badTokensStopAtTheProxy() throws Exception {
    long before = learnedPublicRoutes();
    HttpResponse<String> r = post("/v1/complete", "forged", "{\"prefix\":\"x\"}");
    assertEquals(401, r.statusCode());
    assertEquals("token_malformed", json.readTree(r.body()).at("/error/code").asText());
    assertNull(backend.takeRequest(Duration.ofMillis(200)));
    assertEquals(before, proxy.metrics().upstreamStreamsOpened());
  }

  @Test
  void rateLimitAnswers429WithRetryAfter() throws Exception {
    proxy.close();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET).rateLimit(0.5, 2)
        .port(0).build().start();
    backend.setFallback(ScriptedReply.tokens("1;").build());
    assertEquals(200, post("/v1/complete", token, "{\"prefix\":\"x = \"}").statusCode());
    assertEquals(200, post("/v1/complete", token, "{\"prefix\":\"x = \"}").statusCode());
    HttpResponse<String> limited = post("/v1/complete", token, "{\"prefix\":\"x = \"}");
    assertEquals(429, limited.statusCode());
    assertEquals("2", limited.headers().firstValue("retry-after").orElse(""));
  }

  @Test
  void anUnreachableServiceIsAClear502() throws Exception {
    proxy.close();
    down = RefusedPort.open();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", down.port()).signingSecret(SECRET).port(0).build().start();
    HttpResponse<String> r = post("/v1/complete", token, "{\"prefix\":\"x\"}");
    assertEquals(502, r.statusCode());
    assertEquals("upstream_unreachable", json.readTree(r.body()).at("/error/code").asText());
  }

  @Test
  void healthAndMetricsAreTheProxysOwn() throws Exception {
    HttpResponse<String> h = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + proxy.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("eu-west", json.readTree(h.body()).get("region").asText());
  }

  @Test
  void processDefaultsTurnOffTheLeakDetectorsReleaseTracesUnlessTheCommandLineChoseOtherwise() {
    String key = "io.netty.leakDetection.trackClose";
    String before = System.getProperty(key);
    try {
      System.clearProperty(key);
      RegionalProxy.processDefaults();
      assertEquals("false", System.getProperty(key));
      System.setProperty(key, "true");
      RegionalProxy.processDefaults();
      assertEquals("true", System.getProperty(key), "a value set with -D is kept");
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }
}
