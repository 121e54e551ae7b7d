package dev.coclone.netty.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.Routes;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.testing.RefusedPort;
import dev.coclone.testing.ScriptedBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy learns which paths are public from the service it fronts, not from a copy. */
class ProxyPublicRoutesTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final ObjectMapper json = new ObjectMapper();
  private CompletionEngine engine;
  private StandardServer service;
  private RegionalProxy proxy;

  @BeforeEach
  void start() {
    engine = CompletionEngine.builder().backend(new ScriptedBackend("m")).cache(null).build();
  }

  /** A service that is down, for the tests that need one; its port stays reserved until the test ends. */
  private RefusedPort down;

  @AfterEach
  void stop() {
    if (down != null) {
      down.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (service != null) {
      service.close();
    }
    engine.close();
  }

  private StandardServer service(int port, String publicPath) throws Exception {
    Routes extra = Routes.builder()
        .addPublic("GET", publicPath, ex -> ex.text(200, "text/plain", "open " + publicPath))
        .add("GET", "/v1/secret", ex -> ex.text(200, "text/plain", "secret"))
        .build();
    return StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).addRoutes(extra).port(port)
        .build().start();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPublicRouteAddedToTheServiceIsPublicAtTheProxyAndTokenRoutesStayClosed() throws Exception {
    service = service(0, "/v1/hello");
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET).port(0).build()
        .start();
    HttpResponse<String> open = get("/v1/hello", null);
    assertEquals(200, open.statusCode(), open.body());
    assertEquals("open /v1/hello", open.body());
    HttpResponse<String> closed = get("/v1/secret", null);
    assertEquals(401, closed.statusCode(), closed.body());
    assertEquals("missing_token", json.readTree(closed.body()).at("/error/code").asText());
    assertEquals(401, get("/v1/secret", "forged.token.here").statusCode());
    assertEquals(200, get("/v1/secret", service.issueToken()).statusCode());
    assertEquals(200, get("/", null).statusCode(), "the service's pages are public through the proxy too");
  }

  @Test
  void theServicePublishesItsPublicRoutesAndNotItsTokenRoutes() throws Exception {
    service = service(0, "/v1/hello");
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + service.port() + "/v1/public-routes")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("{\"method\":\"GET\",\"path\":\"/v1/hello\"}"), r.body());
    assertTrue(r.body().contains("{\"method\":\"POST\",\"path\":\"/v1/token\"}"), r.body());
    assertTrue(!r.body().contains("/v1/secret") && !r.body().contains("/v1/complete"), r.body());
  }

  @Test
  void afterTheServiceRestartsWithOtherRoutesTheProxyReadsThemAgain() throws Exception {
    service = service(0, "/v1/hello");
    int port = service.port();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", port).signingSecret(SECRET).port(0).build().start();
    assertEquals(200, get("/v1/hello", null).statusCode());
    service.close();
    service = service(port, "/v1/welcome");
    // Right after the restart the proxy may still be backing off from its failed reconnect (502),
    // or, on a loaded machine, not yet have seen the old service's connection close, and so still
    // hold the old service's routes (401: /v1/welcome was not public there).
    HttpResponse<String> now = get("/v1/welcome", null);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while ((now.statusCode() == 502 || now.statusCode() == 401) && System.nanoTime() < deadline) {
      now = get("/v1/welcome", null);
    }
    assertEquals(200, now.statusCode(), now.body());
    assertEquals(401, get("/v1/hello", null).statusCode(), "the old service's public route is gone");
  }

  @Test
  void withoutTheServicesListNothingPassesWithoutAToken() throws Exception {
    down = RefusedPort.open();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", down.port()).signingSecret(SECRET).port(0).build().start();
    HttpResponse<String> r = get("/", null);
    assertEquals(502, r.statusCode(), r.body());
    assertTrue(r.body().contains("cannot yet tell which paths are public"), r.body());
  }
}
