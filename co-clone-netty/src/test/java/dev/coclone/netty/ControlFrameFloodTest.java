package dev.coclone.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.netty.testing.RawH2Client;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP/2's control-frame floods (CVE-2019-9512 ping flood, -9518 empty frames), sent by an attacker
 * on loopback at the service and at the regional proxy's client edge: each costs the attacker its
 * connection, never the server its heap or other clients their answers. (A settings flood, -9515,
 * runs into the same limit of queued acknowledgements as the ping flood; it is not sent again.)
 */
@Timeout(120)
class ControlFrameFloodTest {
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private ServiceAndProxy pair;

  @BeforeEach
  void start() throws Exception {
    pair = ServiceAndProxy.start(false);
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  @Test
  void pingFloodFromAPeerThatNeverReadsCostsItsConnectionAtTheServiceAndTheProxy() throws Exception {
    for (int port : pair.ports()) {
      assertFloodCut(port, RawH2Client.frameBytes(RawH2Client.PING, 0, 0, new byte[8]));
      assertServed(port);
    }
  }

  @Test
  void emptyDataFramesOnAStreamGetEnhanceYourCalmAtTheServiceAndTheProxy() throws Exception {
    for (int port : pair.ports()) {
      try (RawH2Client c = RawH2Client.connect(port)) {
        c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS, 1, RawH2Client.post("/v1/complete"));
        byte[] empties = new byte[0];
        for (int i = 0; i < 100; i++) {
          empties = concat(empties, RawH2Client.frameBytes(RawH2Client.DATA, 0, 1, new byte[0]));
        }
        c.raw(empties);
        RawH2Client.Frame goAway = c.awaitGoAway(Duration.ofSeconds(10));
        assertNotNull(goAway, "port " + port + ": 100 empty DATA frames must cost the connection");
        assertEquals(RawH2Client.ENHANCE_YOUR_CALM, goAway.goAwayError(), "port " + port);
      }
      assertServed(port);
    }
  }

  /**
   * Writes the preface and then the frame over and over, never reading, from a socket with a tiny
   * receive window: the server's answers (PING and SETTINGS acknowledgements) pile up on its side.
   * The server must close the connection (the writes then fail) rather than queue without end.
   */
  private static void assertFloodCut(int port, byte[] frame) throws Exception {
    byte[] batch = new byte[frame.length * 1000];
    for (int i = 0; i < 1000; i++) {
      System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
    }
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
        long frames = 0;
        try {
          OutputStream out = s.getOutputStream();
          out.write(PREFACE);
          out.write(RawH2Client.frameBytes(RawH2Client.SETTINGS, 0, 0, new byte[0]));
          // 10 million frames is far past any sane queue; a server that never cuts fails the test.
          while (frames < 10_000_000) {
            out.write(batch);
            frames += 1000;
          }
          return -frames;
        } catch (IOException cut) {
          return frames;
        }
      });
      long frames = sent.get(60, TimeUnit.SECONDS);
      assertTrue(frames > 0, "port " + port + ": the server never closed a connection that sent " + -frames
          + " control frames without reading an answer");
    }
  }

  private static void assertServed(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/healthz")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), "port " + port + " must still serve others");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
