package dev.coclone.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** How the scripted model server learns of a cancel: the moment its read meets the connection's end. */
class MockModelServerCancelTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BODY = "{\"model\":\"deepseek-coder:6.7b-base\",\"prompt\":\"x\",\"stream\":true}";

  private static Socket generate(MockModelServer server) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
    OutputStream out = s.getOutputStream();
    out.write(("POST /api/generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
        + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  @Test
  void aCancelIsRecordedWhenTheReadSeesTheCloseNotWhenTheReplysThreadLooksNext() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (MockModelServer server = MockModelServer.start()) {
      // The reply's thread is held in the dispatcher: only the watch can tell of the cancel.
      server.setDispatcher(r -> {
        release.await();
        return ScriptedReply.tokens("t").build();
      });
      try {
        Socket client = generate(server);
        assertNotNull(server.takeRequest(WAIT), "the request must arrive");
        long before = System.nanoTime();
        client.close();
        long seen = server.awaitCancellationNanos(WAIT);
        long after = System.nanoTime();
        assertTrue(seen >= 0, "the cancel must be recorded while the reply's thread is still busy");
        assertTrue(before <= seen && seen <= after, "seen at the read, between the close and the await's return");
        assertEquals(1, server.cancellationCount());
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void aCancelMidStreamIsRecordedOnce() throws Exception {
    try (MockModelServer server = MockModelServer.start()) {
      server.enqueue(ScriptedReply.tokens("t").tokenDelay(Duration.ofMillis(2)).endless().build());
      try (Socket client = generate(server)) {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.contains("\"response\"")) {
          // Up to the first token.
        }
        assertNotNull(line, "a token must stream");
      }
      assertNotNull(server.awaitCancellation(WAIT), "the close mid-stream is a cancel");
      assertNull(server.awaitCancellation(Duration.ofMillis(200)), "one cancel, recorded once");
      assertEquals(1, server.cancellationCount());
    }
  }

  @Test
  void aScriptedDisconnectIsNoCancel() throws Exception {
    try (MockModelServer server = MockModelServer.start()) {
      server.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.DISCONNECT).build());
      try (Socket client = generate(server)) {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        while (in.readLine() != null) {
          // Until the server drops the connection.
        }
      }
      assertNull(server.awaitCancellation(Duration.ofMillis(200)), "the server closed it: no cancel");
      assertEquals(0, server.cancellationCount());
    }
  }
}
