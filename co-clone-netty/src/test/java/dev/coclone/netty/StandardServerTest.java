package dev.coclone.netty;

import dev.coclone.netty.service.StandardServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.testing.H2TestClient;
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

class StandardServerTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final ObjectMapper json = new ObjectMapper();
  private ScriptedBackend backend;
  private CompletionEngine engine;
  private StandardServer server;
  private String token;

  @BeforeEach
  void start() throws Exception {
    backend = new ScriptedBackend("scripted-model");
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    server = StandardServer.builder().engine(engine).apiKey("key-1").signingSecret(SECRET)
        .tls(CoCloneServer.selfSignedTls()).port(0).build().start();
    token = server.issueToken();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private HttpResponse<String> post(HttpClient client, String path, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", "Bearer " + auth);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient h1() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @Test
  void completesOverHttp1WithJson() throws Exception {
    backend.enqueue(ScriptedReply.tokens("quantity", ";").build());
    HttpResponse<String> r = post(h1(), "/v1/complete", token, "{\"prefix\":\"int total = \",\"suffix\":\"\\n\"}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode n = json.readTree(r.body());
    assertEquals("quantity;", n.get("text").asText());
    assertEquals("single_line", n.get("mode").asText());
    assertEquals("scripted", n.get("backend").asText());
  }

  @Test
  void streamsServerSentEventsOverH2cUpgrade() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a", "b", "c").build());
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> r = post(h2, "/v1/complete", token, "{\"prefix\":\"x = \",\"stream\":\"sse\"}");
    assertEquals(HttpClient.Version.HTTP_2, r.version());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    assertTrue(r.body().startsWith("event: token\ndata: {\"text\":\"a\"}\n\n"), r.body());
    assertTrue(r.body().contains("event: done\ndata: {\"id\""), r.body());
    assertTrue(r.body().contains("\"text\":\"abc\""), r.body());
  }

  @Test
  void streamsNdjson() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a", "b").build());
    HttpResponse<String> r = post(h1(), "/v1/complete", token, "{\"prefix\":\"x = \",\"stream\":\"ndjson\"}");
    String[] lines = r.body().split("\n");
    assertEquals("{\"text\":\"a\"}", lines[0]);
    assertEquals("{\"text\":\"b\"}", lines[1]);
    assertTrue(json.readTree(lines[2]).get("done").asBoolean());
  }

  @Test
  void servesHttp2OverTlsWithAlpn() throws Exception {
    HttpClient tls = TrustingClients.http2OverTls();
    HttpResponse<String> r = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
        + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals(HttpClient.Version.HTTP_2, r.version());
  }

  @Test
  void tlsRunsOnOpenSslWhereItsNativeLibraryShipsWithTheJar() throws Exception {
    String arch = System.getProperty("os.arch");
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
        && (arch.equals("amd64") || arch.equals("aarch64")), "netty-tcnative's BoringSSL is checked on Linux here");
    assertEquals(io.netty.handler.ssl.SslProvider.OPENSSL, CoCloneServer.tlsProvider(),
        "BoringSSL should load from the netty-tcnative jar: " + io.netty.handler.ssl.OpenSsl.unavailabilityCause());
    assertTrue(CoCloneServer.selfSignedTls() instanceof io.netty.handler.ssl.OpenSslContext,
        "the server's TLS context must be OpenSSL's");
  }

  @Test
  void priorKnowledgeClientResettingAStreamCancelsTheModelAndKeepsTheConnection() throws Exception {
    backend.enqueue(ScriptedReply.tokens("tok").tokenDelay(Duration.ofMillis(20)).endless().build());
    try (H2TestClient client = new H2TestClient(server.port())) {
      H2TestClient.Stream s = client.request("POST", "/v1/complete", token,
          "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"stream\":\"sse\",\"max_tokens\":4000}");
      assertEquals("headers", s.next());
      String first = s.next();
      assertTrue(first.startsWith("data:event: token"), first);
      long before = System.nanoTime();
      long resetAt = s.reset();
      assertTrue(before <= resetAt && resetAt <= System.nanoTime(), "the reset's time is taken as it is written");
      assertNotNull(backend.awaitCancellation(Duration.ofSeconds(5)), "the model must see the cancel");
      waitFor(() -> server.server().metrics().activeStreams() == 0);
      assertTrue(server.server().metrics().render().contains("coclone_cancellations_total{reason=\"disconnected\"} 1"));
      // The same connection serves the next stream.
      backend.enqueue(ScriptedReply.tokens("ok;").build());
      H2TestClient.Stream next = client.request("POST", "/v1/complete", token, "{\"prefix\":\"x = \"}");
      assertEquals("headers", next.next());
      assertTrue(next.body().contains("\"text\":\"ok;\""));
      assertEquals(200, next.status());
      assertTrue(client.connectionOpen());
    }
  }

  @Test
  void manyResetsLeaveNothingBehind() throws Exception {
    backend.setFallback(ScriptedReply.tokens("t").tokenDelay(Duration.ofMillis(5)).endless().build());
    try (H2TestClient client = new H2TestClient(server.port())) {
      for (int i = 0; i < 40; i++) {
        H2TestClient.Stream s = client.request("POST", "/v1/complete", token,
            "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"stream\":\"sse\",\"max_tokens\":4000}");
        assertEquals("headers", s.next());
        s.reset();
      }
      waitFor(() -> server.server().metrics().activeStreams() == 0 && backend.activeGenerations() == 0
          && server.service().activeCalls() == 0);
      assertTrue(client.connectionOpen());
    }
  }

  @Test
  void http1ClientClosingItsConnectionCancelsTheModel() throws Exception {
    backend.enqueue(ScriptedReply.tokens("tok").tokenDelay(Duration.ofMillis(20)).endless().build());
    HttpClient client = h1();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url("/v1/complete")))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"stream\":\"sse\",\"max_tokens\":4000}")).build();
    HttpResponse<java.io.InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertTrue(r.body().read() >= 0);
    r.body().close();
    assertNotNull(backend.awaitCancellation(Duration.ofSeconds(5)));
  }

  @Test
  void stoppingTheServerLetsAnHttp1StreamUnderWayEndWithItsLastEventAndRefusesNewConnections() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a", "b", "c", "d", "e", "f").tokenDelay(Duration.ofMillis(50)).build());
    HttpRequest request = HttpRequest.newBuilder(URI.create(url("/v1/complete")))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\":\"x = \",\"stream\":\"sse\"}")).build();
    HttpResponse<java.io.InputStream> r = h1().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    java.io.InputStream body = r.body();
    assertTrue(body.read() >= 0, "the stream has begun");
    int port = server.port();
    Thread stopping = new Thread(server::close, "stopping");
    stopping.start();
    String rest = new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(rest.contains("event: done\n"), "the stream ends with its done event: " + rest);
    assertTrue(rest.contains("\"text\":\"abcdef\""), rest);
    stopping.join(15_000);
    assertTrue(!stopping.isAlive(), "close returns once the stream has ended");
    assertThrows(java.io.IOException.class, () -> new java.net.Socket("127.0.0.1", port).close(),
        "no new connection once the server stops");
  }

  @Test
  void cancelEndpointStopsACall() throws Exception {
    backend.enqueue(ScriptedReply.tokens("tok").tokenDelay(Duration.ofMillis(20)).endless().build());
    HttpClient client = h1();
    var pending = client.sendAsync(HttpRequest.newBuilder(URI.create(url("/v1/complete")))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(
            "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"request_id\":\"r1\",\"max_tokens\":4000}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertNotNull(backend.takeRequest(Duration.ofSeconds(5)));
    HttpResponse<String> c = post(client, "/v1/cancel", token, "{\"id\":\"r1\"}");
    assertEquals("{\"canceled\":true}", c.body());
    HttpResponse<String> r = pending.get(10, TimeUnit.SECONDS);
    assertEquals(499, r.statusCode());
    assertTrue(r.body().contains("\"canceled\""), r.body());
  }

  @Test
  void backendFailureMidStreamEndsWithAnErrorEvent() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.ERROR_LINE)
        .errorMessage("the model server died").build());
    HttpResponse<String> r = post(h1(), "/v1/complete", token, "{\"prefix\":\"x = \",\"stream\":\"sse\"}");
    assertTrue(r.body().contains("event: error\ndata: {\"error\":{\"code\":\"model_server_error\""), r.body());
    assertTrue(r.body().contains("the model server died"));
  }

  @Test
  void tokensAreCheckedAndBadOnesExplained() throws Exception {
    HttpClient c = h1();
    assertEquals("missing_token", code(post(c, "/v1/complete", null, "{}")));
    assertEquals("token_malformed", code(post(c, "/v1/complete", "not.a.jwt", "{}")));
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    assertTrue(code(post(c, "/v1/complete", tampered, "{}")).startsWith("token_"));
    String otherKey = new dev.coclone.netty.auth.TokenService("another-secret-another-secret-xx".getBytes(
        StandardCharsets.UTF_8), java.time.Clock.systemUTC()).issue("api-key");
    assertEquals("token_bad_signature", code(post(c, "/v1/complete", otherKey, "{}")));
    String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
        + "." + parts[1] + ".";
    assertEquals("token_unsigned", code(post(c, "/v1/complete", none, "{}")));
    java.time.Clock past = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-11));
    String expired = new dev.coclone.netty.auth.TokenService(SECRET, past).issue("api-key");
    HttpResponse<String> r = post(c, "/v1/complete", expired, "{}");
    assertEquals(401, r.statusCode());
    assertEquals("token_expired", code(r));
  }

  @Test
  void apiKeyIsExchangedForAToken() throws Exception {
    HttpResponse<String> r = post(h1(), "/v1/token", "key-1", "");
    assertEquals(200, r.statusCode());
    assertEquals(600, json.readTree(r.body()).get("expires_in").asInt());
    assertEquals("invalid_api_key", code(post(h1(), "/v1/token", "wrong", "")));
  }

  @Test
  void pageTokensNeedTheLoginUnlessItIsTurnedOff() throws Exception {
    HttpClient c = h1();
    String origin = "http://127.0.0.1:" + server.port();
    HttpResponse<String> refused = c.send(HttpRequest.newBuilder(URI.create(url("/v1/page-token")))
        .header("Origin", origin).header("X-CoClone-Page", "1").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, refused.statusCode(), refused.body());
    server.close();
    server = StandardServer.builder().engine(engine).apiKey("key-1").signingSecret(SECRET).noLogin(true).port(0)
        .build().start();
    origin = "http://127.0.0.1:" + server.port();
    HttpResponse<String> ok = c.send(HttpRequest.newBuilder(URI.create(url("/v1/page-token")))
        .header("Origin", origin).header("X-CoClone-Page", "1").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode(), ok.body());
    HttpResponse<String> evil = c.send(HttpRequest.newBuilder(URI.create(url("/v1/page-token")))
        .header("Origin", "http://evil.example").header("X-CoClone-Page", "1")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, evil.statusCode());
  }

  @Test
  void aFieldOutOfRangeIsNamedAsSentAndAStopMayBeOneString() throws Exception {
    HttpClient c = h1();
    HttpResponse<String> max = post(c, "/v1/complete", token, "{\"prefix\":\"x\",\"max_tokens\":-1}");
    assertEquals(400, max.statusCode());
    assertTrue(max.body().contains("'max_tokens' must be between 1 and 4096, was -1"), max.body());
    HttpResponse<String> hot = post(c, "/v1/complete", token, "{\"prefix\":\"x\",\"temperature\":5}");
    assertEquals(400, hot.statusCode());
    assertTrue(hot.body().contains("'temperature' must be between 0 and 2"), hot.body());
    for (String stop : new String[] {"5", "[\";\", 5]", "{}"}) {
      HttpResponse<String> bad = post(c, "/v1/complete", token, "{\"prefix\":\"x\",\"stop\":" + stop + "}");
      assertEquals("invalid_field", code(bad), stop + ": " + bad.body());
      assertTrue(bad.body().contains("'stop' must be a string or a list of strings"), bad.body());
    }
    // A context that is not a list was dropped without a word: the snippets never reached the prompt.
    for (String context : new String[] {"\"def helper(): pass\"", "{\"path\": \"a.py\", \"text\": \"x\"}", "3"}) {
      HttpResponse<String> bad = post(c, "/v1/complete", token, "{\"prefix\":\"x\",\"context\":" + context + "}");
      assertEquals("invalid_field", code(bad), context + ": " + bad.body());
      assertTrue(bad.body().contains("'context' must be a list of"), bad.body());
    }
    backend.enqueue(ScriptedReply.tokens("1").build());
    assertEquals(200, post(c, "/v1/complete", token, "{\"prefix\":\"x = \",\"stop\":\";\"}").statusCode());
    assertTrue(backend.takeRequest(Duration.ofSeconds(10)).stop().contains(";"), "the stop string reached the model");
  }

  @Test
  void badInputGetsClearErrorsAndTheConnectionSurvives() throws Exception {
    HttpClient c = h1();
    assertEquals("invalid_json", code(post(c, "/v1/complete", token, "{\"prefix\": ")));
    assertEquals("missing_field", code(post(c, "/v1/complete", token, "{\"suffix\":\"x\"}")));
    assertEquals("invalid_field", code(post(c, "/v1/complete", token, "{\"prefix\":\"x\",\"max_tokens\":\"many\"}")));
    assertEquals("invalid_field", code(post(c, "/v1/complete", token, "{\"prefix\":\"x\",\"max_tokens\":100000}")));
    assertEquals("not_found", code(post(c, "/v1/nothing", token, "{}")));
    HttpResponse<String> wrongMethod = c.send(HttpRequest.newBuilder(URI.create(url("/v1/complete")))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, wrongMethod.statusCode());
    HttpResponse<String> badUtf8 = c.send(HttpRequest.newBuilder(URI.create(url("/v1/complete")))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofByteArray(
            new byte[] {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("invalid_utf8", code(badUtf8));
    HttpResponse<String> huge = post(c, "/v1/complete", token, "{\"prefix\":\"" + "x".repeat(2 << 20) + "\"}");
    assertEquals(413, huge.statusCode());
    assertEquals("request_too_large", code(huge), "a 413 says what happened: " + huge.body());
    assertTrue(huge.body().contains(ServerLimits.defaults().maxBodyBytes() + " bytes"), huge.body());
    backend.enqueue(ScriptedReply.tokens("still here;").build());
    assertEquals(200, post(c, "/v1/complete", token, "{\"prefix\":\"x = \"}").statusCode());
  }

  @Test
  void aBodyOverTheLimitIsAnsweredInTheRoutesProtocolOverHttp2() throws Exception {
    String huge = "{\"model\":\"co-clone\",\"prompt\":\"" + "x".repeat(2 << 20) + "\"}";
    try (H2TestClient h2 = new H2TestClient(server.port())) {
      H2TestClient.Stream ollama = h2.request("POST", "/api/generate", token, huge);
      String body = ollama.body();
      assertEquals(413, ollama.status());
      // Ollama's clients read {"error": "<message>"}, a string, not Co-Clone's object.
      assertTrue(json.readTree(body).get("error").isTextual(), body);
      assertTrue(body.contains("bytes, the most this server takes"), body);
      H2TestClient.Stream own = h2.request("POST", "/v1/complete", token, "{\"prefix\":\"" + "x".repeat(2 << 20)
          + "\"}");
      String ownBody = own.body();
      assertEquals(413, own.status());
      assertEquals("request_too_large", json.readTree(ownBody).at("/error/code").asText(), ownBody);
      H2TestClient.Stream health = h2.request("GET", "/healthz", null, null);
      health.body();
      assertEquals(200, health.status(), "the connection serves on");
    }
  }

  @Test
  void ollamaAndOpenAiClientsWorkUnchanged() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a", "b;").build());
    backend.enqueue(ScriptedReply.tokens("c", "d;").build());
    HttpClient c = h1();
    HttpResponse<String> ollama = post(c, "/api/generate", token, "{\"model\":\"co-clone\",\"prompt\":\"x = \"}");
    String[] lines = ollama.body().split("\n");
    assertEquals("a", json.readTree(lines[0]).get("response").asText());
    assertTrue(json.readTree(lines[lines.length - 1]).get("done").asBoolean());
    HttpResponse<String> openai = post(c, "/v1/completions", token,
        "{\"model\":\"scripted-model\",\"prompt\":\"y = \",\"stream\":true}");
    assertTrue(openai.body().startsWith("data: {"), openai.body());
    assertTrue(openai.body().endsWith("data: [DONE]\n\n"), openai.body());
    HttpResponse<String> tags = c.send(HttpRequest.newBuilder(URI.create(url("/api/tags")))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("scripted-model:latest", json.readTree(tags.body()).at("/models/0/name").asText());
  }

  @Test
  void typingEndpointAdvisesDelays() throws Exception {
    StringBuilder events = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      events.append(i > 0 ? "," : "").append("{\"dt_ms\":").append(100 + (i % 5) * 10).append(",\"ch\":\"a\"}");
    }
    events.append("]");
    HttpResponse<String> r = post(h1(), "/v1/typing", token, "{\"session_id\":\"s\",\"events\":" + events + "}");
    JsonNode n = json.readTree(r.body());
    assertEquals(50, n.get("samples").asInt());
    assertTrue(n.at("/delay_ms/word").asInt() > 0);
  }

  @Test
  void metricsAndHealthArePublic() throws Exception {
    HttpClient c = h1();
    HttpResponse<String> h = c.send(HttpRequest.newBuilder(URI.create(url("/healthz"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, h.statusCode());
    HttpResponse<String> m = c.send(HttpRequest.newBuilder(URI.create(url("/metrics"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(m.body().contains("# TYPE coclone_active_streams gauge"));
    assertTrue(m.body().contains("coclone_requests_total{route=\"/healthz\"} 1"));
  }

  @Test
  void shutdownLetsAStreamInFlightFinish() throws Exception {
    backend.enqueue(ScriptedReply.tokens("a", "b", "c", "d", "e").tokenDelay(Duration.ofMillis(100)).build());
    try (H2TestClient client = new H2TestClient(server.port())) {
      H2TestClient.Stream s = client.request("POST", "/v1/complete", token, "{\"prefix\":\"x = \",\"stream\":\"sse\"}");
      assertEquals("headers", s.next());
      assertTrue(s.next().startsWith("data:"));
      Thread closer = new Thread(server::close);
      closer.start();
      String rest = s.body();
      assertTrue(rest.contains("event: done"), "the stream in flight finished: " + rest);
      closer.join(15_000);
      assertTrue(!closer.isAlive());
    }
  }

  private String code(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body()).at("/error/code").asText();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
