package dev.coclone.netty.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MultiRegionStackTest {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();
  private CompletionEngine engine;
  private MultiRegionStack stack;
  private final Semaphore changes = new Semaphore(0);

  @BeforeEach
  void start() throws Exception {
    ScriptedBackend backend = new ScriptedBackend("m");
    backend.setFallback(ScriptedReply.tokens("ok;").build());
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    stack = MultiRegionStack.builder().engine(engine).apiKey("k").ports(0, 0).checkInterval(Duration.ofMillis(100))
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).build().start();
    stack.router().health().onChange(changes::release);
  }

  @AfterEach
  void stop() {
    stack.close();
    engine.close();
  }

  private JsonNode route(String location) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.app().port()
        + "/v1/route" + (location == null ? "" : "?location=" + location))).build(), HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body());
  }

  /** The failover contract: ask the router, try its answer, then its alternatives, in order. */
  private String completeFollowingTheContract(String location, String token) throws Exception {
    JsonNode route = route(location);
    java.util.List<String> urls = new java.util.ArrayList<>();
    urls.add(route.get("url").asText());
    route.get("alternatives").forEach(a -> urls.add(a.get("url").asText()));
    for (String url : urls) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/complete"))
            .header("Authorization", "Bearer " + token).header("x-coclone-location", location)
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\":\"x = \"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return url;
        }
      } catch (java.io.IOException connectionFailed) {
        // The region died between the route answer and the request: take the next one.
      }
    }
    throw new AssertionError("no region answered");
  }

  private void awaitState(String region, RegionHealth.State state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stack.router().health().state(region) != state) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !changes.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        throw new AssertionError(region + " never became " + state);
      }
    }
  }

  @Test
  void routesEachLocationToItsRegionAndTheProxyServesIt() throws Exception {
    assertEquals("eu-west", route("eu").get("region").asText());
    assertEquals("ap-east", route("JP").get("region").asText());
    assertEquals("us-west", route("us-west").get("region").asText());
    String token = stack.app().issueToken();
    String used = completeFollowingTheContract("eu", token);
    assertEquals(stack.regions().get(2).url(), used);
  }

  @Test
  void unknownLocationIs400WithTheKnownNames() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.app().port()
        + "/v1/route?location=mars")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("us-west"), r.body());
  }

  @Test
  void aKilledRegionFailsOverWithoutFailedRequestsAndRecovers() throws Exception {
    String token = stack.app().issueToken();
    String eu = stack.regions().get(2).url();
    stack.stopRegion("eu-west");
    // Before the health checks notice, contract-following clients still succeed via alternatives.
    String used = completeFollowingTheContract("eu", token);
    assertTrue(!used.equals(eu));
    awaitState("eu-west", RegionHealth.State.DOWN);
    assertEquals("us-east", route("eu").get("region").asText());
    for (int i = 0; i < 10; i++) {
      completeFollowingTheContract("eu", token);
    }
    stack.restartRegion("eu-west");
    awaitState("eu-west", RegionHealth.State.UP);
    assertEquals("eu-west", route("eu").get("region").asText());
    assertEquals(eu, completeFollowingTheContract("eu", token));
  }

  @Test
  void allRegionsDownIs503() throws Exception {
    for (Region r : stack.regions()) {
      stack.stopRegion(r.name());
    }
    for (Region r : stack.regions()) {
      awaitState(r.name(), RegionHealth.State.DOWN);
    }
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.app().port()
        + "/v1/route?location=eu")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(503, res.statusCode());
  }

  @Test
  void proxiesAddTheDelayOfTheDistance() throws Exception {
    String token = stack.app().issueToken();
    String ap = stack.regions().get(3).url();
    long t0 = System.nanoTime();
    HttpResponse<String> far = http.send(HttpRequest.newBuilder(URI.create(ap + "/v1/complete"))
        .header("Authorization", "Bearer " + token).header("x-coclone-location", "eu-west")
        .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\":\"x = \"}")).build(), HttpResponse.BodyHandlers.ofString());
    long farMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertEquals(200, far.statusCode());
    double expectedOneWay = WideAreaLatency.oneWayMs(new Location(53.3, -6.3, "eu"), new Location(22.3, 114.2, "ap"));
    assertTrue(farMs >= expectedOneWay, "took " + farMs + " ms, the model says at least " + expectedOneWay);
  }

  @Test
  void withTlsTheAppAndEveryProxySpeakHttp2OverTlsAndStillH2cOnTheSamePort() throws Exception {
    HttpClient tlsClient = dev.coclone.netty.TrustingClients.http2OverTls();
    try (MultiRegionStack secure = MultiRegionStack.builder().engine(engine).apiKey("k").ports(0, 0)
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).tls(dev.coclone.netty.CoCloneServer.selfSignedTls()).build().start()) {
      String token = secure.app().issueToken();
      HttpResponse<String> app = tlsClient.send(HttpRequest.newBuilder(URI.create("https://localhost:"
          + secure.app().port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, app.statusCode());
      assertEquals(HttpClient.Version.HTTP_2, app.version());
      for (var region : secure.regions()) {
        int port = secure.proxy(region.name()).port();
        HttpResponse<String> r = tlsClient.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
            + "/v1/complete")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\":\"x = \"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), region.name() + ": " + r.body());
        assertEquals(HttpClient.Version.HTTP_2, r.version(), region.name());
        HttpResponse<String> clear = http.send(HttpRequest.newBuilder(URI.create(region.url() + "/healthz"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, clear.statusCode(), region.name() + " in cleartext");
      }
    }
  }
}
