package dev.coclone.netty;

import dev.coclone.netty.service.StandardServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.auth.TokenService;
import dev.coclone.netty.proxy.RegionalProxy;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wrong API keys are limited per peer at the service and the proxy; the proxy's rate is per subject. */
class AuthLimitsTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ScriptedBackend backend;
  private CompletionEngine engine;
  private StandardServer service;
  private RegionalProxy proxy;

  @BeforeEach
  void start() {
    backend = new ScriptedBackend("m");
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (service != null) {
      service.close();
    }
    engine.close();
  }

  private HttpResponse<String> post(int port, String path, String bearer, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String code(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body()).at("/error/code").asText();
  }

  @Test
  void wrongApiKeysGet429WithRetryAfterAtTheService() throws Exception {
    service = StandardServer.builder().engine(engine).apiKey("key-1").signingSecret(SECRET).port(0).build().start();
    for (int i = 0; i < 10; i++) {
      assertEquals(401, post(service.port(), "/v1/token", "guess-" + i, "").statusCode());
    }
    HttpResponse<String> limited = post(service.port(), "/v1/token", "guess-10", "");
    assertEquals(429, limited.statusCode(), limited.body());
    assertEquals("too_many_failures", code(limited));
    long retry = Long.parseLong(limited.headers().firstValue("retry-after").orElse("0"));
    assertTrue(retry >= 1 && retry <= 60, "retry-after " + retry);
    assertEquals(429, post(service.port(), "/v1/token", "key-1", "").statusCode(),
        "while refused, even the right key waits: guessing gains nothing");
  }

  @Test
  void wrongApiKeysThroughTheProxyAreLimitedAtTheProxy() throws Exception {
    service = StandardServer.builder().engine(engine).apiKey("key-1").signingSecret(SECRET)
        .failedAttemptLimit(1000, Duration.ofMinutes(1)).port(0).build().start();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET)
        .failedAttemptLimit(3, Duration.ofMinutes(1)).port(0).build().start();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = post(proxy.port(), "/v1/token", "guess-" + i, "");
      assertEquals(401, r.statusCode(), r.body());
      assertEquals("invalid_api_key", code(r));
    }
    long relayed = proxy.metrics().upstreamStreamsOpened();
    HttpResponse<String> limited = post(proxy.port(), "/v1/token", "guess-3", "");
    assertEquals(429, limited.statusCode(), limited.body());
    assertEquals("too_many_failures", code(limited));
    assertTrue(limited.headers().firstValue("retry-after").isPresent());
    assertEquals(relayed, proxy.metrics().upstreamStreamsOpened(), "refused at the proxy, not relayed");
    assertEquals(200, post(service.port(), "/v1/token", "key-1", "").statusCode(), "the service is unaffected");
  }

  @Test
  void freshTokensDoNotGetFreshBucketsAtTheProxy() throws Exception {
    service = StandardServer.builder().engine(engine).apiKey("key-1").signingSecret(SECRET).port(0).build().start();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET).rateLimit(0.5, 2)
        .port(0).build().start();
    backend.setFallback(ScriptedReply.tokens("1;").build());
    String first = service.issueToken();
    assertEquals(200, post(proxy.port(), "/v1/complete", first, "{\"prefix\":\"x = \"}").statusCode());
    assertEquals(200, post(proxy.port(), "/v1/complete", first, "{\"prefix\":\"x = \"}").statusCode());
    String fresh = new TokenService(SECRET, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-5))).issue("api-key");
    assertTrue(!fresh.equals(first));
    HttpResponse<String> limited = post(proxy.port(), "/v1/complete", fresh, "{\"prefix\":\"x = \"}");
    assertEquals(429, limited.statusCode(), limited.body());
    String page = new TokenService(SECRET, Clock.systemUTC()).issue("page");
    assertEquals(200, post(proxy.port(), "/v1/complete", page, "{\"prefix\":\"x = \"}").statusCode(),
        "another subject has its own bucket");
  }
}
