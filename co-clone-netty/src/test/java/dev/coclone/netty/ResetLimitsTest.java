package dev.coclone.netty;

import dev.coclone.netty.testing.RawH2Client;
import dev.coclone.netty.service.StandardServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.proxy.RegionalProxy;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancelling is what an editor does all day; Rapid Reset is an attack. The first must never cost
 * a connection, the second must cost the attacker its connection within a second.
 */
@Timeout(120)
class ResetLimitsTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private ScriptedBackend backend;
  private CompletionEngine engine;
  private StandardServer server;
  private String token;

  @BeforeEach
  void start() throws Exception {
    backend = new ScriptedBackend("m");
    // Every call streams 400 tokens over about 2 s: long enough to be cancelled mid-work, short
    // enough that the streams kept alongside the cancels finish.
    String[] tokens = new String[400];
    java.util.Arrays.fill(tokens, "t");
    backend.setFallback(ScriptedReply.tokens(tokens).tokenDelay(Duration.ofMillis(5)).build());
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    server = StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).port(0).build().start();
    token = server.issueToken();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  private static String body(int i, boolean stream, int maxTokens) {
    return "{\"prefix\":\"int f" + i + "() {\\n\",\"suffix\":\"\\n}\",\"max_tokens\":" + maxTokens
        + (stream ? ",\"stream\":\"sse\"" : "") + "}";
  }

  @Test
  void editorCancellingHundredsOfCallsKeepsItsConnectionAndItsOtherStreamsFinish() throws Exception {
    try (H2TestClient client = new H2TestClient(server.port())) {
      List<H2TestClient.Stream> kept = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        if (i % 50 == 0) {
          kept.add(client.request("POST", "/v1/complete", token, body(-i - 1, true, 40)));
        }
        if (i % 2 == 0) {
          // A stream of tokens the editor no longer wants: answered, then reset.
          H2TestClient.Stream s = client.request("POST", "/v1/complete", token, body(i, true, 4000));
          assertEquals("headers", s.next(), "cancel " + i + " got no answer; the connection was cut");
          s.reset();
        } else {
          // A plain call cancelled while the model works on it: no answer yet when reset.
          H2TestClient.Stream s = client.request("POST", "/v1/complete", token, body(i, false, 4000));
          assertNotNull(backend.takeRequest(Duration.ofSeconds(10)), "the model never saw call " + i);
          s.reset();
        }
      }
      for (H2TestClient.Stream s : kept) {
        String b = s.body();
        assertTrue(b.contains("event: done"), "a stream sharing the connection must finish: " + b);
      }
      assertTrue(client.connectionOpen(), "cancels must not cost the connection");
      assertEquals(0, server.server().metrics().limitHits("unanswered_cancels")
          + server.server().metrics().limitHits("premature_resets"));
      waitFor(() -> backend.activeGenerations() == 0 && server.service().activeCalls() == 0);
    }
  }

  @Test
  void rapidResetFloodIsCutOffWithinASecondWithEnhanceYourCalmAndOthersAreServed() throws Exception {
    try (H2TestClient other = new H2TestClient(server.port()); RawH2Client attacker = RawH2Client.connect(server.port())) {
      Cut cut = flood(attacker);
      assertNotNull(cut.goAway(), "a Rapid Reset flood must get GOAWAY");
      assertEquals(0xb, cut.goAway().goAwayError(), "GOAWAY must say ENHANCE_YOUR_CALM");
      assertTrue(cut.millis() < 1000, "cut off after " + cut.millis() + " ms");
      assertTrue(attacker.awaitClosed(Duration.ofSeconds(5)), "the flooding connection must be closed");
      assertTrue(cut.streams() > 100, "the flood must have gone past the budget before the cut; streams: "
          + cut.streams());
      assertEquals(1, server.server().metrics().limitHits("premature_resets"));
      H2TestClient.Stream health = other.request("GET", "/healthz", null, null);
      assertEquals("headers", health.next());
      assertEquals(200, health.status());
    }
  }

  @Test
  void peerReconnectingAfterAFloodCutIsReadLateStillCutWithinASecondAndNotRefused() throws Exception {
    Duration delay = ServerLimits.defaults().floodReadDelay();
    try (H2TestClient other = new H2TestClient(server.port())) {
      try (RawH2Client first = RawH2Client.connect(server.port())) {
        assertEquals(0xb, flood(first).goAway().goAwayError(), "the first flood must be cut");
      }
      assertEquals(0, server.server().metrics().limitHits("flood_read_delay"), "the first connection was not delayed");
      // The attacker reconnects at once: the server reads the new connection only after the delay,
      // so its SETTINGS cannot come sooner; the flood on it is still cut within a second.
      long connected = System.nanoTime();
      try (RawH2Client again = RawH2Client.connect(server.port())) {
        Cut cut = flood(again);
        assertNotNull(cut.goAway(), "the flood on the late-read connection must still get GOAWAY");
        assertEquals(0xb, cut.goAway().goAwayError());
        long tookMs = (System.nanoTime() - connected) / 1_000_000;
        assertTrue(tookMs < 1000, "cut off " + tookMs + " ms after connecting");
        assertTrue(tookMs >= delay.toMillis(), "the reconnect was read at once (" + tookMs + " ms), not after "
            + delay.toMillis() + " ms");
      }
      assertEquals(1, server.server().metrics().limitHits("flood_read_delay"));
      assertEquals(2, server.server().metrics().limitHits("premature_resets"));
      // The connection already open was never slowed; a new one from the same (loopback) address
      // is read late, but served, not refused.
      H2TestClient.Stream kept = other.request("GET", "/healthz", null, null);
      assertEquals("headers", kept.next());
      assertEquals(200, kept.status());
      try (H2TestClient late = new H2TestClient(server.port())) {
        H2TestClient.Stream health = late.request("GET", "/healthz", null, null);
        assertEquals("headers", health.next());
        assertEquals(200, health.status());
      }
      assertEquals(2, server.server().metrics().limitHits("flood_read_delay"));
    }
  }

  /** The outcome of a flood: the GOAWAY (or null), ms from the first write to it, streams opened. */
  private record Cut(RawH2Client.Frame goAway, long millis, int streams) {}

  /**
   * Thousands of streams a second, each reset before its request is complete; stops once the
   * server answers (writing on would make its socket reset the connection, losing the GOAWAY).
   */
  private static Cut flood(RawH2Client attacker) throws InterruptedException {
    byte[] headers = RawH2Client.post("/v1/complete");
    long start = System.nanoTime();
    int stream = 1;
    RawH2Client.Frame goAway = null;
    try {
      for (int batch = 0; batch < 200 && goAway == null; batch++) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++, stream += 2) {
          b.writeBytes(RawH2Client.header(RawH2Client.HEADERS, RawH2Client.END_HEADERS, stream, headers.length));
          b.writeBytes(headers);
          b.writeBytes(RawH2Client.header(RawH2Client.RST_STREAM, 0, stream, 4));
          b.writeBytes(RawH2Client.rstCancel());
        }
        attacker.raw(b.toByteArray());
        goAway = attacker.awaitGoAway(Duration.ofMillis(1));
      }
    } catch (IOException closedByServer) {
      // expected once the server has had enough
    }
    if (goAway == null) {
      goAway = attacker.awaitGoAway(Duration.ofSeconds(5));
    }
    return new Cut(goAway, (System.nanoTime() - start) / 1_000_000, stream / 2);
  }

  @Test
  void floodOfAnsweredThenResetStreamsIsCutOffWithEnhanceYourCalmOnceItOutrunsItsBudget() throws Exception {
    // A small budget, so that the flood outruns it on any machine (the default 1000 then 500/s
    // takes a flood of thousands a second; `bench soak` measures that).
    server.close();
    server = StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).port(0)
        .limits(ServerLimits.defaults().newBuilder().answeredCancels(new ServerLimits.Rate(200, 50)).build())
        .build().start();
    // A zero window keeps every answered stream open (headers sent, the body waiting), so each
    // reset below is of a stream the server had answered: the pattern no budget used to count.
    try (H2TestClient other = new H2TestClient(server.port()); RawH2Client attacker = RawH2Client.connect(server.port(), 0x4, 0)) {
      byte[] get = RawH2Client.get("/healthz");
      long start = 0;
      int stream = 1;
      int answered = 0;
      RawH2Client.Frame goAway = null;
      try {
        for (int batch = 0; batch < 100 && goAway == null; batch++) {
          int first = stream;
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          for (int i = 0; i < 50; i++, stream += 2) {
            b.writeBytes(RawH2Client.header(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, stream, get.length));
            b.writeBytes(get);
          }
          attacker.raw(b.toByteArray());
          RawH2Client.Frame last = attacker.awaitOrGoAway(RawH2Client.HEADERS, stream - 2, Duration.ofSeconds(20));
          if (last == null || last.type() != RawH2Client.HEADERS) {
            goAway = last != null && last.type() == RawH2Client.GOAWAY ? last : null;
            break;
          }
          b.reset();
          for (int id = first; id < stream; id += 2) {
            b.writeBytes(RawH2Client.header(RawH2Client.RST_STREAM, 0, id, 4));
            b.writeBytes(RawH2Client.rstCancel());
          }
          start = start == 0 ? System.nanoTime() : start;
          attacker.raw(b.toByteArray());
          answered += 50;
          goAway = attacker.awaitGoAway(Duration.ofMillis(1));
        }
      } catch (IOException closedByServer) {
        // expected once the server has had enough
      }
      if (goAway == null) {
        goAway = attacker.awaitGoAway(Duration.ofSeconds(5));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertNotNull(goAway, "a flood of answered-then-reset streams must get GOAWAY; resets sent: " + answered);
      assertEquals(0xb, goAway.goAwayError(), "GOAWAY must say ENHANCE_YOUR_CALM");
      assertTrue(answered > 200, "the flood must have spent the burst before the cut; resets: " + answered);
      assertTrue(answered <= 200 + 50 * seconds + 100, answered + " resets in " + seconds + " s: more than the budget");
      assertEquals(1, server.server().metrics().limitHits("answered_cancels"));
      H2TestClient.Stream health = other.request("GET", "/healthz", null, null);
      assertEquals("headers", health.next());
      assertEquals(200, health.status());
    }
  }

  @Test
  void thousandsOfPlainRequestsOnOneConnectionAreNeverLimited() throws Exception {
    // h2load-style: one connection, many requests a second, no resets.
    try (RawH2Client client = RawH2Client.connect(server.port())) {
      byte[] increment = new byte[4];
      RawH2Client.putInt(increment, 0, 1 << 30);
      client.frame(RawH2Client.WINDOW_UPDATE, 0, 0, increment); // room for every answer on the connection
      byte[] get = RawH2Client.get("/healthz");
      int stream = 1;
      for (int batch = 0; batch < 60; batch++) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++, stream += 2) {
          b.writeBytes(RawH2Client.header(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, stream, get.length));
          b.writeBytes(get);
        }
        client.raw(b.toByteArray());
        RawH2Client.Frame last = client.await(RawH2Client.HEADERS, stream - 2, Duration.ofSeconds(10));
        assertNotNull(last, "request " + (stream - 2) + " got no answer");
        assertEquals(RawH2Client.HEADERS, last.type(), "the connection ended after " + (stream / 2) + " requests");
      }
      assertEquals(3000, stream / 2);
      assertEquals(null, client.awaitGoAway(Duration.ofMillis(200)), "plain requests must never get GOAWAY");
      assertEquals(0, server.server().metrics().limitHits("answered_cancels")
          + server.server().metrics().limitHits("unanswered_cancels")
          + server.server().metrics().limitHits("premature_resets"));
    }
  }

  @Test
  void proxyUsersCancellingNeverCostTheProxyItsUpstreamConnections() throws Exception {
    try (RegionalProxy proxy = RegionalProxy.builder().upstream("127.0.0.1", server.port()).signingSecret(SECRET)
        .rateLimit(1000, 1000).port(0).build().start()) {
      List<H2TestClient> users = new ArrayList<>();
      try {
        for (int u = 0; u < 4; u++) {
          users.add(new H2TestClient(proxy.port()));
        }
        H2TestClient.Stream kept = users.get(0).request("POST", "/v1/complete", token, body(-1, true, 150));
        for (int i = 0; i < 600; i++) {
          H2TestClient user = users.get(i % users.size());
          H2TestClient.Stream s = user.request("POST", "/v1/complete", token, body(i, i % 2 == 0, 4000));
          if (i % 2 == 0) {
            assertEquals("headers", s.next(), "cancel " + i);
          } else {
            assertNotNull(backend.takeRequest(Duration.ofSeconds(10)), "the model never saw call " + i);
          }
          s.reset();
        }
        assertTrue(kept.body().contains("event: done"), "another user's stream must finish");
        assertEquals(0, server.server().metrics().limitHits("unanswered_cancels")
            + server.server().metrics().limitHits("premature_resets"));
        assertTrue(proxy.metrics().upstreamConnectionsOpened() <= 4,
            "no upstream connection may be lost to users' cancels; opened "
                + proxy.metrics().upstreamConnectionsOpened());
        waitFor(() -> backend.activeGenerations() == 0);
      } finally {
        users.forEach(H2TestClient::close);
      }
    }
  }

  static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
