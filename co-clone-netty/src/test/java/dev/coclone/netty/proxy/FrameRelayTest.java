package dev.coclone.netty.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.Routes;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.RefusedPort;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 requests with a valid token are relayed frame by frame (no Exchange, no copies); the
 * answers are the service's own, and every request the relay declines is answered as before.
 */
class FrameRelayTest {
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
    Routes echo = Routes.builder().add("POST", "/v1/echo", ex -> ex.text(200, "text/plain",
        ex.bodyBytes().length + " " + ex.header("x-forwarded-for") + " " + ex.header("host") + " "
            + ex.header("x-custom")))
        .add("POST", "/v1/digest", ex -> ex.text(200, "text/plain", digest(ex.bodyBytes()))).build();
    service = StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).addRoutes(echo).port(0)
        // Stopped mid-answer in one test: in-flight streams are cut off after 300 ms.
        .limits(dev.coclone.netty.ServerLimits.defaults().newBuilder()
            .gracefulShutdown(java.time.Duration.ofMillis(300)).build())
        .build().start();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET).port(0).build()
        .start();
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

  @Test
  void sequentialRequestsOnOneConnectionAreRelayedEachAsOneUpstreamStream() throws Exception {
    backend.setFallback(ScriptedReply.tokens("ok", ";").build());
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      client.request("POST", "/v1/complete", token, "{\"prefix\":\"x = \"}").body();
      long before = proxy.metrics().upstreamStreamsOpened();
      for (int i = 0; i < 10; i++) {
        H2TestClient.Stream s = client.request("POST", "/v1/complete", token, "{\"prefix\":\"x = \"}");
        String body = s.body();
        assertEquals(200, s.status(), body);
        assertEquals("ok;", json.readTree(body).get("text").asText(), body);
      }
      assertEquals(before + 10, proxy.metrics().upstreamStreamsOpened());
    }
  }

  @Test
  void answersLargerThanTheUpstreamsFlowControlWindowsArriveWholeOneAfterAnother() throws Exception {
    // 200 KB each, 3 times: more than a stream's and the connection's 64 KB window on the proxy's
    // upstream connection, so each arrives only if the relay returns what it read to the windows.
    String big = "y".repeat(200_000);
    backend.setFallback(ScriptedReply.tokens(big).build());
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      for (int i = 0; i < 3; i++) {
        H2TestClient.Stream s = client.request("POST", "/v1/complete", token, "{\"prefix\":\"x = \"}");
        String body = s.body();
        assertEquals(200, s.status(), body.length() > 300 ? body.substring(0, 300) : body);
        assertEquals(big, json.readTree(body).get("text").asText(), "answer " + i + " arrives whole");
      }
    }
  }

  @Test
  void aBodyOfManyFramesArrivesWholeWithTheClientsAddressAndWithoutItsAuthority() throws Exception {
    String big = "{\"prefix\":\"" + "x".repeat(100_000) + "\"}";
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      H2TestClient.Stream s = client.request("POST", "/v1/echo", token, big);
      String body = s.body();
      assertEquals(200, s.status(), body);
      String[] parts = body.split(" ");
      assertEquals(String.valueOf(big.length()), parts[0], body);
      assertEquals("127.0.0.1", parts[1], "x-forwarded-for: " + body);
      assertEquals("127.0.0.1:" + service.port(), parts[2], "the service is named by its own address: " + body);
    }
  }

  @Test
  void requestsTheRelayDeclinesAreAnsweredAsBefore() throws Exception {
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      H2TestClient.Stream forged = client.request("POST", "/v1/complete", "forged.token.here", "{\"prefix\":\"x\"}");
      String body = forged.body();
      assertEquals(401, forged.status(), body);
      assertEquals("token_malformed", json.readTree(body).at("/error/code").asText(), body);

      H2TestClient.Stream health = client.request("GET", "/healthz", token, null);
      String h = health.body();
      assertEquals(200, health.status(), h);
      assertTrue(h.contains("\"region\""), "the proxy's own /healthz, not the service's: " + h);

      H2TestClient.Stream otherHost = client.request("POST", "/v1/complete", token, "{\"prefix\":\"x\"}",
          "evil.example:80");
      String o = otherHost.body();
      assertEquals(403, otherHost.status(), o);
      assertEquals("host_not_allowed", json.readTree(o).at("/error/code").asText(), o);
    }
  }

  @Test
  void relayedAndAnsweredStreamsOpenAtOnceOnOneConnectionEachGetTheirOwnAnswer() throws Exception {
    // The relayed streams have no child channel, the others do: both lanes share the connection.
    backend.setFallback(ScriptedReply.tokens("ok", ";").build());
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      java.util.List<H2TestClient.Stream> relayed = new java.util.ArrayList<>();
      java.util.List<H2TestClient.Stream> health = new java.util.ArrayList<>();
      java.util.List<H2TestClient.Stream> refused = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        relayed.add(client.request("POST", "/v1/complete", token, "{\"prefix\":\"x = \"}"));
        health.add(client.request("GET", "/healthz", token, null));
        refused.add(client.request("POST", "/v1/complete", "forged.token.here", "{\"prefix\":\"x\"}"));
      }
      for (int i = 0; i < 6; i++) {
        String r = relayed.get(i).body();
        assertEquals(200, relayed.get(i).status(), r);
        assertEquals("ok;", json.readTree(r).get("text").asText(), r);
        String h = health.get(i).body();
        assertEquals(200, health.get(i).status(), h);
        assertTrue(h.contains("\"region\""), "the proxy's own /healthz: " + h);
        String f = refused.get(i).body();
        assertEquals(401, refused.get(i).status(), f);
        assertEquals("token_malformed", json.readTree(f).at("/error/code").asText(), f);
      }
      assertTrue(client.connectionOpen(), "the connection stays open for more");
      H2TestClient.Stream after = client.request("POST", "/v1/complete", token, "{\"prefix\":\"x = \"}");
      assertEquals("ok;", json.readTree(after.body()).get("text").asText());
    }
  }

  @Test
  void aTokenTakenOnAConnectionIsCheckedAgainForAnotherTokenAndRefusedThereOnceItExpires() throws Exception {
    // The relay remembers the connection's last token until its expiry, by the proxy's clock.
    proxy.close();
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.now());
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return now.get();
      }
    };
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET).clock(clock).port(0)
        .build().start();
    backend.setFallback(ScriptedReply.tokens("ok", ";").build());
    String complete = "{\"prefix\":\"x = \"}";
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      for (int i = 0; i < 2; i++) {
        H2TestClient.Stream s = client.request("POST", "/v1/complete", token, complete);
        String body = s.body();
        assertEquals(200, s.status(), body);
      }
      String[] parts = token.split("\\.");
      String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
      H2TestClient.Stream bad = client.request("POST", "/v1/complete", forged, complete);
      String b = bad.body();
      assertEquals(401, bad.status(), "another token on the same connection is verified on its own: " + b);
      assertEquals("token_bad_signature", json.readTree(b).at("/error/code").asText(), b);
      H2TestClient.Stream good = client.request("POST", "/v1/complete", token, complete);
      String g = good.body();
      assertEquals(200, good.status(), g);

      now.set(now.get().plus(dev.coclone.netty.auth.TokenService.LIFETIME)
          .plus(dev.coclone.netty.auth.TokenService.CLOCK_SKEW).plusSeconds(1));
      H2TestClient.Stream expired = client.request("POST", "/v1/complete", token, complete);
      String e = expired.body();
      assertEquals(401, expired.status(), "the connection's remembered token has expired: " + e);
      assertEquals("token_expired", json.readTree(e).at("/error/code").asText(), e);
    }
  }

  @Test
  void anUnreachableServiceIsAClear502OverHttp2() throws Exception {
    proxy.close();
    down = RefusedPort.open();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", down.port()).signingSecret(SECRET).port(0).build().start();
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      H2TestClient.Stream s = client.request("POST", "/v1/complete", token, "{\"prefix\":\"x\"}");
      String body = s.body();
      assertEquals(502, s.status(), body);
      assertEquals("upstream_unreachable", json.readTree(body).at("/error/code").asText(), body);
    }
  }

  @Test
  void theServiceGoingAwayMidAnswerEndsTheClientsStreamWithTheErrorEventNotAReset() throws Exception {
    backend.enqueue(ScriptedReply.tokens("t").tokenDelay(java.time.Duration.ofMillis(20)).endless().build());
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      H2TestClient.Stream s = client.request("POST", "/v1/complete", token,
          "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"stream\":\"sse\",\"max_tokens\":4000}");
      assertEquals("headers", s.next());
      assertTrue(s.next().startsWith("data:"));
      long relayed = proxy.metrics().upstreamStreamsOpened();
      service.close();
      java.util.List<String> events = new java.util.ArrayList<>();
      String e;
      while ((e = s.next()) != null && !e.equals("end") && !e.equals("closed")) {
        if (!e.equals("data:")) { // the END_STREAM frame may come as an empty DATA frame
          events.add(e);
        }
      }
      assertEquals("end", e, "the client's stream ends (END_STREAM), not reset; before it: " + events);
      assertTrue(events.get(events.size() - 1).startsWith("data:event: error\ndata: {\"error\":{\"code\":"
          + "\"upstream_reset\""), events.toString());
      assertTrue(client.connectionOpen(), "the client's connection stays up");
      assertEquals(relayed, proxy.metrics().upstreamStreamsOpened(), "a started answer is not sent again");
    }
  }

  @Test
  void aRelayedStreamInFlightKeepsItsConnectionFromTheIdleTimeout() throws Exception {
    proxy.close();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET).port(0)
        .limits(dev.coclone.netty.ServerLimits.defaults().newBuilder()
            .idleTimeout(java.time.Duration.ofMillis(300)).build())
        .build().start();
    backend.enqueue(ScriptedReply.tokens("t").tokenDelay(java.time.Duration.ofMillis(20)).endless().build());
    try (H2TestClient client = new H2TestClient(proxy.port())) {
      H2TestClient.Stream s = client.request("POST", "/v1/complete", token,
          "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"stream\":\"sse\",\"max_tokens\":4000}");
      assertEquals("headers", s.next());
      long start = System.nanoTime();
      int events = 0;
      // Three idle timeouts' worth of tokens: the relayed request counts as in flight throughout.
      while (System.nanoTime() - start < 900_000_000L) {
        String e = s.next();
        assertTrue(e != null && e.startsWith("data:"), "the stream was cut off after " + events + " events: " + e);
        events++;
      }
      assertTrue(client.connectionOpen());
      s.reset();
    }
  }

  @Test
  void relaysOverTlsWithAlpnH2() throws Exception {
    proxy.close();
    proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(SECRET).port(0)
        .tls(dev.coclone.netty.CoCloneServer.selfSignedTls()).build().start();
    backend.setFallback(ScriptedReply.tokens("tls", ";").build());
    java.net.http.HttpClient tls = dev.coclone.netty.TrustingClients.http2OverTls();
    for (int i = 0; i < 5; i++) {
      java.net.http.HttpResponse<String> r = tls.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("https://localhost:" + proxy.port() + "/v1/complete"))
          .header("authorization", "Bearer " + token).timeout(java.time.Duration.ofSeconds(10))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"prefix\":\"x = \"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(java.net.http.HttpClient.Version.HTTP_2, r.version());
      assertEquals("tls;", json.readTree(r.body()).get("text").asText(), r.body());
    }
  }

  private static String digest(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aStreamOfSmallEventsThroughATightWindowArrivesWholeInOrderAndNeverOverrunsTheWindow() throws Exception {
    // Many small DATA frames (one SSE event each): the relay writes them straight to the client's
    // connection while the client's 4 KB stream window holds them and queues the rest in the flow
    // controller once it is spent. The client grants more only when the window is used up, so the
    // proxy must fill it exactly, never send past it, and keep the events' order across the switch.
    int n = 1500;
    String[] tokens = new String[n];
    for (int i = 0; i < n; i++) {
      tokens[i] = String.format("t%05d ", i);
    }
    backend.setFallback(ScriptedReply.tokens(tokens).build());
    int window = 4096;
    try (dev.coclone.netty.testing.RawH2Client client = dev.coclone.netty.testing.RawH2Client.connect(proxy.port(),
        dev.coclone.netty.testing.RawH2Client.INITIAL_WINDOW_SIZE, window)) {
      client.frame(dev.coclone.netty.testing.RawH2Client.HEADERS, dev.coclone.netty.testing.RawH2Client.END_HEADERS, 1,
          dev.coclone.netty.testing.RawH2Client.headerBlock(":method", "POST", ":scheme", "http", ":path",
              "/v1/complete", ":authority", "127.0.0.1:" + proxy.port(), "content-type", "application/json",
              "authorization", "Bearer " + token));
      client.frame(dev.coclone.netty.testing.RawH2Client.DATA, dev.coclone.netty.testing.RawH2Client.END_STREAM, 1,
          ("{\"prefix\":\"x = \",\"stream\":\"sse\",\"max_tokens\":" + (n + 10) + "}")
              .getBytes(StandardCharsets.UTF_8));
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      long granted = window;
      int frames = 0;
      while (true) {
        dev.coclone.netty.testing.RawH2Client.Frame f = client.await(dev.coclone.netty.testing.RawH2Client.DATA, 1,
            java.time.Duration.ofSeconds(10));
        assertTrue(f != null, "the answer stalled after " + got.size() + " bytes, " + granted + " granted");
        got.writeBytes(f.payload());
        frames++;
        assertTrue(got.size() <= granted, "sent " + got.size() + " bytes through a window of " + granted);
        if ((f.flags() & dev.coclone.netty.testing.RawH2Client.END_STREAM) != 0) {
          break;
        }
        if (got.size() == granted) {
          byte[] increment = new byte[4];
          dev.coclone.netty.testing.RawH2Client.putInt(increment, 0, window);
          client.frame(dev.coclone.netty.testing.RawH2Client.WINDOW_UPDATE, 0, 1, increment);
          client.frame(dev.coclone.netty.testing.RawH2Client.WINDOW_UPDATE, 0, 0, increment);
          granted += window;
        }
      }
      String body = got.toString(StandardCharsets.UTF_8);
      StringBuilder text = new StringBuilder();
      for (String line : body.split("\n")) {
        if (line.startsWith("data: {\"text\"")) {
          text.append(json.readTree(line.substring(6)).get("text").asText());
        }
      }
      assertEquals(String.join("", tokens), text.toString(), "the events in order, none lost (" + frames + " frames)");
      assertTrue(body.contains("event: done"), body.substring(Math.max(0, body.length() - 300)));
      assertTrue(got.size() > 4 * window, "the window was spent and granted again several times: " + got.size());
    }
  }

  @Test
  void aBodyOfManySmallFramesLargerThanTheUpstreamsWindowArrivesWholeInOrder() throws Exception {
    // 250 DATA frames of 500 bytes (125 KB): each small enough to be written straight to the
    // upstream connection while its 64 KB windows hold them; the rest waits in the flow
    // controller for the service's WINDOW_UPDATEs. The service's digest of what it got says
    // whether every byte arrived, once, in order.
    byte[] body = new byte[250 * 500];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + (i * 7 + i / 500) % 26);
    }
    try (dev.coclone.netty.testing.RawH2Client client = dev.coclone.netty.testing.RawH2Client.connect(proxy.port())) {
      client.frame(dev.coclone.netty.testing.RawH2Client.HEADERS, dev.coclone.netty.testing.RawH2Client.END_HEADERS, 1,
          dev.coclone.netty.testing.RawH2Client.headerBlock(":method", "POST", ":scheme", "http", ":path",
              "/v1/digest", ":authority", "127.0.0.1:" + proxy.port(), "content-type", "text/plain",
              "authorization", "Bearer " + token));
      for (int i = 0; i < 250; i++) {
        client.frame(dev.coclone.netty.testing.RawH2Client.DATA,
            i == 249 ? dev.coclone.netty.testing.RawH2Client.END_STREAM : 0, 1,
            java.util.Arrays.copyOfRange(body, i * 500, (i + 1) * 500));
      }
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      while (true) {
        dev.coclone.netty.testing.RawH2Client.Frame f = client.await(dev.coclone.netty.testing.RawH2Client.DATA, 1,
            java.time.Duration.ofSeconds(10));
        assertTrue(f != null, "no answer after " + got.size() + " bytes");
        got.writeBytes(f.payload());
        if ((f.flags() & dev.coclone.netty.testing.RawH2Client.END_STREAM) != 0) {
          break;
        }
      }
      assertEquals(digest(body), got.toString(StandardCharsets.UTF_8));
    }
  }
}
