package dev.coclone.netty.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.ScriptedReply;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a caller sees when the service behind the proxy dies in the middle of its answer, and how
 * many upstream connections a cold burst opens.
 */
class ProxyUpstreamLossTest {
  private static final String SSE_BODY = "{\"prefix\":\"x = \",\"stream\":\"sse\",\"max_tokens\":4000}";
  private final ObjectMapper json = new ObjectMapper();
  private ServiceFleet fleet;

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private void startOneEndlessService(Duration tokenDelay) throws Exception {
    fleet = new ServiceFleet(1, RegionalProxy.builder().healthChecks(Duration.ofMinutes(1), Duration.ofSeconds(10))
        .rateLimit(100_000, 100_000));
    fleet.models.get(0).setFallback(ScriptedReply.tokens("t").tokenDelay(tokenDelay).endless().build());
  }

  @Test
  void anHttp1StreamWhoseServiceDiesEndsWithTheErrorEventAndTheChunkedTerminator() throws Exception {
    startOneEndlessService(Duration.ofMillis(20));
    try (Socket s = new Socket("127.0.0.1", fleet.proxy.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      byte[] body = SSE_BODY.getBytes(StandardCharsets.UTF_8);
      out.write(("POST /v1/complete HTTP/1.1\r\nHost: 127.0.0.1:" + fleet.proxy.port() + "\r\nAuthorization: Bearer "
          + fleet.token + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder seen = new StringBuilder();
      readUntil(in, seen, "event: token");
      fleet.kill(0);
      readUntil(in, seen, "\r\n0\r\n\r\n");
      String text = seen.toString();
      assertTrue(text.startsWith("HTTP/1.1 200"), text);
      assertTrue(text.contains("transfer-encoding: chunked"), text);
      int error = text.indexOf("event: error\ndata: ");
      assertTrue(error > 0, "no error event before the terminator: " + text);
      assertTrue(text.indexOf("\"code\":\"upstream_reset\"", error) > 0, text);
      assertTrue(text.indexOf("ask again", error) > 0, text);
    }
  }

  /** Reads until the text seen so far contains {@code marker} (a read timeout fails the test). */
  private static void readUntil(InputStream in, StringBuilder seen, String marker) throws Exception {
    byte[] buf = new byte[4096];
    while (seen.indexOf(marker) < 0) {
      int n = in.read(buf);
      assertTrue(n > 0, "the connection closed before '" + marker.strip() + "'; got: " + seen);
      seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
  }

  @Test
  void anHttp2StreamWhoseServiceDiesEndsWithTheErrorEventNotAReset() throws Exception {
    startOneEndlessService(Duration.ofMillis(20));
    try (H2TestClient client = new H2TestClient(fleet.proxy.port())) {
      H2TestClient.Stream s = client.request("POST", "/v1/complete", fleet.token, SSE_BODY);
      assertEquals("headers", s.next());
      assertTrue(s.next().startsWith("data:"));
      fleet.kill(0);
      List<String> events = new ArrayList<>();
      String e;
      while ((e = s.next()) != null && !e.equals("end") && !e.equals("closed")) {
        if (!e.equals("data:")) { // the END_STREAM frame may come as an empty DATA frame
          events.add(e);
        }
      }
      assertEquals("end", e, "the stream must end (END_STREAM), not be reset; before it: " + events);
      assertTrue(events.get(events.size() - 1).startsWith("data:event: error\ndata: {\"error\":{\"code\":"
          + "\"upstream_reset\""), events.toString());
      assertTrue(client.connectionOpen(), "the client's connection stays up");
    }
  }

  @Test
  void anOllamaStreamWhoseServiceDiesEndsWithOllamasErrorLine() throws Exception {
    startOneEndlessService(Duration.ofMillis(20));
    HttpResponse<InputStream> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.proxy.port() + "/api/generate"))
            .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + fleet.token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"prompt\":\"x = \"}")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertNotNull(lines.readLine(), "no first line");
      fleet.kill(0);
      String line;
      String last = null;
      while ((line = lines.readLine()) != null) { // a truncated chunked body throws here instead
        last = line;
      }
      assertNotNull(last);
      JsonNode error = json.readTree(last);
      assertTrue(error.path("error").isTextual(), "Ollama's error line {\"error\": \"...\"}, was: " + last);
      assertTrue(error.path("error").asText().contains("ask again"), last);
    }
  }

  @Test
  void aColdBurstOf100StreamsOpensAtMostThePoolsBoundOfConnectionsAndKeepsNoMore() throws Exception {
    startOneEndlessService(Duration.ofMillis(200));
    int bound = 4;
    try (H2TestClient client = new H2TestClient(fleet.proxy.port())) {
      burst(client);
      long opened = fleet.proxy.metrics().upstreamConnectionsOpened();
      assertTrue(opened <= bound, opened + " upstream connections opened for a pool of " + bound);
      assertTrue(opened >= 2, "100 streams in flight must grow the pool past one connection (32 streams each)");
      assertTrue(fleet.proxy.upstreamConnections() <= bound, fleet.proxy.upstreamConnections() + " kept");
      burst(client);
      long again = fleet.proxy.metrics().upstreamConnectionsOpened();
      assertTrue(again <= bound, "a second burst reuses what the first opened; " + again + " opened in all");
      assertTrue(fleet.proxy.upstreamConnections() <= bound, fleet.proxy.upstreamConnections() + " kept");
    }
  }

  /** 100 streams at once, each held until all 100 have their first token, then reset. */
  private void burst(H2TestClient client) throws Exception {
    List<H2TestClient.Stream> streams = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      streams.add(client.request("POST", "/v1/complete", fleet.token, SSE_BODY));
    }
    for (H2TestClient.Stream s : streams) {
      assertEquals("headers", s.next());
      assertEquals(200, s.status());
      String first = s.next();
      assertTrue(first != null && first.startsWith("data:"), String.valueOf(first));
    }
    streams.forEach(H2TestClient.Stream::reset);
  }
}
