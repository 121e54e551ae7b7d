package dev.coclone.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.testing.ScriptedBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A body over the limit, sent by an HTTP/1.1 client that keeps sending after the server has
 * answered 413 (as most clients do: they write the whole body before they read): the client must
 * get the 413 and the end of the connection, not a TCP reset that can destroy the answer.
 */
@Timeout(60)
class BodyLimitTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private CompletionEngine engine;
  private StandardServer server;

  @BeforeEach
  void start() throws Exception {
    engine = CompletionEngine.builder().backend(new ScriptedBackend("m")).cache(null).build();
    server = StandardServer.builder().engine(engine).apiKey("k").signingSecret(SECRET).port(0).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  @Test
  void theRestOfARefusedBodyIsTakenAndDroppedThenTheConnectionEndsCleanly() throws Exception {
    int limit = ServerLimits.defaults().maxBodyBytes();
    int length = 3 * limit;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/complete HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.issueToken()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      int sent = 0;
      while (sent < limit + chunk.length) {
        out.write(chunk);
        sent += chunk.length;
      }
      out.flush();
      InputStream in = s.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 413"), head);
      // Most clients only read once they have written the whole body: the rest must still be taken.
      while (sent < length) {
        int n = Math.min(chunk.length, length - sent);
        out.write(chunk, 0, n);
        sent += n;
      }
      out.flush();
      byte[] rest = in.readAllBytes();
      String body = new String(rest, StandardCharsets.UTF_8);
      assertTrue(body.contains("request_too_large"), body);
      assertEquals(-1, in.read(), "the server ends the connection once the body has come");
    }
  }

  @Test
  void aBodyOverTheLimitAnnouncedWithExpectContinueGetsTheRoutesErrorNotAnEmpty413() throws Exception {
    int limit = ServerLimits.defaults().maxBodyBytes();
    String token = server.issueToken();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(20_000);
      // As curl sends a body over 1 MB: the headers, then the body only after "100 Continue".
      s.getOutputStream().write(("POST /v1/complete HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: application/json\r\nContent-Length: " + 2 * limit + "\r\nExpect: 100-continue\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 413"), head);
      String body = new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8);
      assertTrue(body.contains("\"request_too_large\"") && body.contains(limit + " bytes"), head + body);
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(20_000);
      byte[] small = "{\"prefix\": 5}".getBytes(StandardCharsets.US_ASCII);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/complete HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: application/json\r\nContent-Length: " + small.length
          + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String proceed = readHead(in);
      assertTrue(proceed.startsWith("HTTP/1.1 100"), "a body within the limit is still asked for: " + proceed);
      out.write(small);
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 400"), head);
      // the route's own error for that body: a prefix that is not text
      assertTrue(new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8).contains("invalid_field"));
    }
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    throw new AssertionError("no content-length in " + head);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
