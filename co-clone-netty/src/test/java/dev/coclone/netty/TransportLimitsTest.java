package dev.coclone.netty;

import dev.coclone.netty.testing.RawH2Client;
import dev.coclone.netty.service.StandardServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Slow readers, too many connections, slow heads and idle connections cannot take a server down. */
@Timeout(120)
class TransportLimitsTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final String CODEMIRROR = "/webjars/codemirror/5.65.18/lib/codemirror.js";
  private final ScriptedBackend backend = new ScriptedBackend("m");
  private CompletionEngine engine;
  private StandardServer server;

  private StandardServer start(UnaryOperator<ServerLimits.Builder> limits) throws Exception {
    return start(limits, false);
  }

  private StandardServer start(UnaryOperator<ServerLimits.Builder> limits, boolean tls) throws Exception {
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    server = StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).port(0)
        .tls(tls ? CoCloneServer.selfSignedTls() : null)
        .limits(limits.apply(ServerLimits.defaults().newBuilder()).build()).build().start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void zeroWindowReaderAskingForABigFileManyTimesNeitherFillsTheHeapNorBlocksOthers() throws Exception {
    start(l -> l.slowReaderTimeout(Duration.ofSeconds(2)));
    long before = usedHeapAfterGc();
    try (RawH2Client reader = RawH2Client.connect(server.port(), 0x4, 0); H2TestClient other = new H2TestClient(server.port())) {
      for (int i = 0; i < 200; i++) {
        reader.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1 + 2 * i, RawH2Client.get(CODEMIRROR));
      }
      assertNotNull(reader.await(RawH2Client.HEADERS, 399, Duration.ofSeconds(20)), "the last response's headers");
      long grown = usedHeapAfterGc() - before;
      // Each response used to read its own copy of the 400 KB file: 80 MB held for this reader.
      assertTrue(grown < 20L << 20, "heap grew by " + (grown >> 20) + " MB for one zero-window reader");
      H2TestClient.Stream health = other.request("GET", "/healthz", null, null);
      assertEquals("headers", health.next());
      assertEquals(200, health.status());
      // Holding more than 4 MiB unread for 2 s costs the reader its connection.
      assertTrue(reader.awaitClosed(Duration.ofSeconds(20)), "a reader that never reads must be cut off");
      assertEquals(1, server.server().metrics().limitHits("slow_reader"));
      assertTrue(other.connectionOpen());
    }
  }

  @Test
  void aStreamTheClientStopsReadingIsAbortedAndTheModelStops() throws Exception {
    start(l -> l.maxQueuedBytesPerStream(8 * 1024));
    backend.enqueue(ScriptedReply.tokens("token ").endless().build());
    try (RawH2Client reader = RawH2Client.connect(server.port(), 0x4, 0)) {
      byte[] body = "{\"prefix\":\"x = \",\"stream\":\"sse\",\"max_tokens\":4000}".getBytes(StandardCharsets.UTF_8);
      reader.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS, 1, RawH2Client.headerBlock(":method", "POST", ":scheme", "http",
          ":path", "/v1/complete", ":authority", "127.0.0.1", "authorization", "Bearer " + server.issueToken(),
          "content-type", "application/json"));
      reader.frame(RawH2Client.DATA, RawH2Client.END_STREAM, 1, body);
      assertNotNull(reader.await(RawH2Client.RST_STREAM, 1, Duration.ofSeconds(20)), "the stream must be reset");
      assertNotNull(backend.awaitCancellation(Duration.ofSeconds(10)), "the model must stop");
    }
  }

  private static Socket http1(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(20_000);
    return s;
  }

  private static String exchange(Socket s, String request) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return readResponse(s.getInputStream());
  }

  /** Reads one response with a Content-Length body; "" if the connection closed first. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) != -1) {
      head.append((char) c);
    }
    String h = head.toString();
    int i = h.toLowerCase().indexOf("content-length:");
    if (i < 0) {
      return h;
    }
    int len = Integer.parseInt(h.substring(i + 15, h.indexOf("\r\n", i)).trim());
    return h + new String(in.readNBytes(len), StandardCharsets.UTF_8);
  }

  /** True if the server closed (or reset) the connection; false if it stayed silent for 20 s. */
  private static boolean closedByServer(Socket s) {
    try {
      return s.getInputStream().read() == -1;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private String get(int port) {
    return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
  }

  @Test
  void connectionsBeyondTheCapsAreRefusedAndCounted() throws Exception {
    start(l -> l.maxConnections(4).maxConnectionsPerPeer(3));
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = http1(server.port());
        open.add(s);
        assertTrue(exchange(s, get(server.port())).startsWith("HTTP/1.1 200"));
      }
      Socket fourth = http1(server.port());
      open.add(fourth);
      assertTrue(closedByServer(fourth), "a fourth connection from one peer must be refused");
      assertEquals(1, server.server().metrics().limitHits("connections_per_peer"));
      assertTrue(server.server().metrics().render().contains("coclone_limit_hits_total{limit=\"connections_per_peer\"} 1"));
      open.get(0).close();
      RequestsWait.until(() -> server.server().metrics().activeConnections() == 2);
      Socket again = http1(server.port());
      open.add(again);
      assertTrue(exchange(again, get(server.port())).startsWith("HTTP/1.1 200"), "a freed slot is usable again");
    } finally {
      for (Socket s : open) {
        s.close();
      }
    }
  }

  @Test
  void aRequestHeadTrickledByteByByteIsClosedAfterTheDeadline() throws Exception {
    start(l -> l.requestHeadTimeout(Duration.ofMillis(500)));
    try (Socket s = http1(server.port())) {
      Thread trickle = new Thread(() -> {
        try {
          OutputStream out = s.getOutputStream();
          out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 200; i++) {
            out.write('X');
            out.flush();
            Thread.sleep(50); // the attacker's pace, not a wait for the server
          }
        } catch (IOException | InterruptedException e) {
          // the server closed the connection
        }
      });
      trickle.start();
      assertTrue(closedByServer(s), "a slowloris head must be cut off");
      trickle.interrupt();
      assertEquals(1, server.server().metrics().limitHits("request_head_timeout"));
    }
  }

  @Test
  void pingsDoNotKeepAnIdleConnectionButAStreamInFlightDoes() throws Exception {
    start(l -> l.idleTimeout(Duration.ofMillis(1500)));
    backend.enqueue(ScriptedReply.tokens("a", "b", "c", "d", "e", "f", "g", "h").tokenDelay(Duration.ofMillis(400))
        .build());
    try (H2TestClient client = new H2TestClient(server.port())) {
      H2TestClient.Stream slow = client.request("POST", "/v1/complete", server.issueToken(),
          "{\"prefix\":\"x = \",\"stream\":\"sse\"}");
      String body = slow.body();
      assertTrue(body.contains("event: done"), "a 3.2 s stream outlives a 1.5 s idle timeout: " + body);
    }
    try (RawH2Client pinger = RawH2Client.connect(server.port())) {
      boolean closed = false;
      for (int i = 0; i < 150 && !closed; i++) {
        pinger.frame(RawH2Client.PING, 0, 0, new byte[8]);
        closed = pinger.awaitClosed(Duration.ofMillis(100));
      }
      assertTrue(closed, "PINGs alone must not keep a connection open past the idle timeout");
    } catch (IOException closedWhileWriting) {
      // also fine: the server closed it
    }
  }

  @Test
  void malformedHttp1RequestsAreRejectedWithTheRightStatus() throws Exception {
    start(l -> l);
    int port = server.port();
    String[][] cases = {
        {"GET /healthz HTTP/1.1\r\n\r\n", "HTTP/1.1 400"},
        {"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: evil.example\r\n\r\n", "HTTP/1.1 400"},
        {"GET /healthz HTTP/9.9\r\nHost: 127.0.0.1:" + port + "\r\n\r\n", "HTTP/1.1 505"},
        {"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-A: a\r\n b\r\n\r\n", "HTTP/1.1 400"},
    };
    for (String[] c : cases) {
      try (Socket s = http1(port)) {
        String response = exchange(s, c[0]);
        assertTrue(response.startsWith(c[1]), c[0].replace("\r\n", "|") + " -> " + response);
        assertTrue(response.contains("{\"error\":{\"code\":"), response);
        assertTrue(closedByServer(s), "the connection closes after a rejected request");
      }
    }
    try (Socket s = http1(port)) {
      assertTrue(exchange(s, get(port)).startsWith("HTTP/1.1 200"));
      assertTrue(exchange(s, get(port)).startsWith("HTTP/1.1 200"), "keep-alive still works");
      assertFalse(s.isClosed());
    }
  }

  @Test
  void hpackAndContinuationErrorsGetTheirRfc9113ErrorCodes() throws Exception {
    start(l -> l);
    try (RawH2Client c = RawH2Client.connect(server.port())) {
      // An indexed header field pointing far past the tables.
      c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1, new byte[] {(byte) 0xff, (byte) 0xff, 0x7f});
      RawH2Client.Frame goAway = c.awaitGoAway(Duration.ofSeconds(10));
      assertNotNull(goAway);
      assertEquals(0x9, goAway.goAwayError(), "COMPRESSION_ERROR");
    }
    try (RawH2Client c = RawH2Client.connect(server.port())) {
      // A header block that never ends, interrupted by a frame of another type.
      c.frame(RawH2Client.HEADERS, 0, 1, RawH2Client.get("/healthz"));
      c.frame(RawH2Client.PING, 0, 0, new byte[8]);
      RawH2Client.Frame goAway = c.awaitGoAway(Duration.ofSeconds(10));
      assertNotNull(goAway);
      assertEquals(0x1, goAway.goAwayError(), "PROTOCOL_ERROR");
    }
    try (RawH2Client c = RawH2Client.connect(server.port())) {
      // CONTINUATION frames past the header list size.
      c.frame(RawH2Client.HEADERS, 0, 1, RawH2Client.get("/healthz"));
      byte[] junk = RawH2Client.headerBlock("x-junk", "y".repeat(100));
      RawH2Client.Frame goAway = null;
      try {
        // Stop writing as soon as the server answers: writing on would make its socket reset the
        // connection and lose the GOAWAY.
        for (int i = 0; i < 1000 && goAway == null; i++) {
          c.frame(RawH2Client.CONTINUATION, 0, 1, junk);
          goAway = c.awaitGoAway(Duration.ofMillis(2));
        }
      } catch (IOException closed) {
        // the server hung up
      }
      if (goAway == null) {
        goAway = c.awaitGoAway(Duration.ofSeconds(10));
      }
      assertNotNull(goAway);
      assertTrue(goAway.goAwayError() != 0, "a CONTINUATION flood must not get NO_ERROR");
    }
  }

  @Test
  void twoHundredBadConnectionsLogAFewLinesWithoutStackTraces() throws Exception {
    start(l -> l, true);
    List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        if (r.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
          records.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(capture);
    try {
      for (int i = 0; i < 200; i++) {
        switch (i % 4) {
          case 0 -> {
            try (RawH2Client c = RawH2Client.connect(server.port())) {
              c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1, new byte[] {(byte) 0xff, (byte) 0xff, 0x7f});
              c.awaitClosed(Duration.ofSeconds(10));
            }
          }
          case 1 -> {
            try (RawH2Client c = RawH2Client.connect(server.port())) {
              c.frame(RawH2Client.DATA, 0, 7, new byte[10]);
              c.awaitClosed(Duration.ofSeconds(10));
            }
          }
          case 2 -> {
            try (Socket s = http1(server.port())) {
              exchange(s, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
            }
          }
          default -> {
            try (Socket s = http1(server.port())) {
              // A TLS handshake record whose content is garbage.
              s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5});
              s.getOutputStream().flush();
              closedByServer(s);
            }
          }
        }
      }
    } finally {
      root.removeHandler(capture);
    }
    assertTrue(records.size() <= TransportLog.LINES_PER_MINUTE, records.size() + " lines for 200 bad connections");
    for (java.util.logging.LogRecord r : records) {
      assertEquals(null, r.getThrown(), "no stack traces at INFO and above: " + r.getMessage());
    }
    H2TestClient.Stream health;
    try (H2TestClient other = new H2TestClient(server.port())) {
      health = other.request("GET", "/healthz", null, null);
      assertEquals("headers", health.next());
    }
  }

  /** Polls a condition for up to 10 s. */
  static final class RequestsWait {
    static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
      ResetLimitsTest.waitFor(condition);
    }
  }
}
