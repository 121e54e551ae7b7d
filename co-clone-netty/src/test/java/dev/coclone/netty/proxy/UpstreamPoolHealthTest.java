package dev.coclone.netty.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.netty.metrics.Metrics;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's PING health check against a raw HTTP/2 peer that either answers PINGs or, like a
 * half-open connection, stops answering.
 */
class UpstreamPoolHealthTest {
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int PING = 6;

  EventLoopGroup group;
  ServerSocket server;

  @BeforeEach
  void setUp() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = new ServerSocket(0);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  /** Accepts one connection, reads the preface, sends SETTINGS; then reads frames, answering PINGs if asked. */
  private CompletableFuture<Integer> peer(boolean answer, int pingsToSee, CompletableFuture<Integer> seen) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept()) {
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        in.readFully(new byte[PREFACE.length]);
        out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
        out.flush();
        int pings = 0;
        while (true) {
          byte[] head = new byte[9];
          try {
            in.readFully(head);
          } catch (java.io.EOFException closed) {
            return -pings - 1; // the client closed the connection after this many PINGs
          }
          int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
          byte[] payload = new byte[length];
          in.readFully(payload);
          if (head[3] == PING && (head[4] & 1) == 0) {
            pings++;
            if (answer) {
              byte[] ack = new byte[17];
              ack[2] = 8;
              ack[3] = PING;
              ack[4] = 1;
              System.arraycopy(payload, 0, ack, 9, 8);
              out.write(ack);
              out.flush();
            }
            if (pings == pingsToSee) {
              seen.complete(pings);
            }
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void answeredPingsKeepTheConnection() throws Exception {
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    CompletableFuture<Integer> peer = peer(true, 3, seen);
    Metrics metrics = new Metrics();
    try (UpstreamPool pool = new UpstreamPool(group, "127.0.0.1", server.getLocalPort(), 1, metrics, 50, 2_000)) {
      pool.openStream(new UpstreamStream.Listener() {}).get(10, TimeUnit.SECONDS);
      assertEquals(3, seen.get(10, TimeUnit.SECONDS), "the idle connection is pinged again and again");
      assertEquals(1, pool.liveConnections());
      assertTrue(!metrics.render().contains("ping_timeout"));
    }
    assertTrue(peer.get(10, TimeUnit.SECONDS) < 0, "closing the pool closes the connection");
  }

  @Test
  void aConnectionThatStopsAnsweringIsClosed() throws Exception {
    CompletableFuture<Integer> peer = peer(false, Integer.MAX_VALUE, new CompletableFuture<>());
    Metrics metrics = new Metrics();
    try (UpstreamPool pool = new UpstreamPool(group, "127.0.0.1", server.getLocalPort(), 1, metrics, 50, 200)) {
      pool.openStream(new UpstreamStream.Listener() {}).get(10, TimeUnit.SECONDS);
      assertEquals(-2, peer.get(10, TimeUnit.SECONDS), "closed after one unanswered PING");
      assertTrue(metrics.render().contains("coclone_upstream_errors_total{kind=\"ping_timeout\"} 1"), metrics.render());
      assertEquals(0, pool.liveConnections());
    }
  }
}
