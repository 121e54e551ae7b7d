package dev.coclone.netty.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * A service that sends GOAWAY (it is shutting down or restarting) gets no new streams from the
 * pool: the next stream goes on a new connection, though the old one is still open.
 */
class UpstreamPoolGoAwayTest {
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int PING = 6;
  private static final int GOAWAY = 7;

  EventLoopGroup group;
  ServerSocket server;

  @BeforeEach
  void setUp() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = new ServerSocket(0);
    server.setSoTimeout(10_000);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static byte[] frame(int type, int flags, byte[] payload) {
    byte[] f = new byte[9 + payload.length];
    f[0] = (byte) (payload.length >>> 16);
    f[1] = (byte) (payload.length >>> 8);
    f[2] = (byte) payload.length;
    f[3] = (byte) type;
    f[4] = (byte) flags;
    System.arraycopy(payload, 0, f, 9, payload.length);
    return f;
  }

  /**
   * Accepts one connection and says GOAWAY on it, then PING: the PING's answer shows the client
   * has read the GOAWAY (frames are handled in order). Keeps the connection open afterwards.
   */
  private CompletableFuture<Socket> goAwayPeer(CompletableFuture<Void> goAwayRead) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        Socket s = server.accept();
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        in.readFully(new byte[PREFACE.length]);
        out.write(frame(4, 0, new byte[0]));
        out.write(frame(GOAWAY, 0, new byte[8])); // last stream 0, NO_ERROR
        out.write(frame(PING, 0, new byte[] {0, 0, 0, 0, 0, 0, 0, 42}));
        out.flush();
        while (!goAwayRead.isDone()) {
          byte[] head = new byte[9];
          in.readFully(head);
          byte[] payload = new byte[(head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff];
          in.readFully(payload);
          if (head[3] == PING && (head[4] & 1) == 1 && payload[7] == 42) {
            goAwayRead.complete(null);
          }
        }
        return s;
      } catch (IOException e) {
        goAwayRead.completeExceptionally(e);
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void aConnectionWhoseServiceSentGoAwayTakesNoNewStreams() throws Exception {
    CompletableFuture<Void> goAwayRead = new CompletableFuture<>();
    CompletableFuture<Socket> first = goAwayPeer(goAwayRead);
    Metrics metrics = new Metrics();
    try (UpstreamPool pool = new UpstreamPool(group, "127.0.0.1", server.getLocalPort(), 4, metrics)) {
      pool.openStream(new UpstreamStream.Listener() {}).get(10, TimeUnit.SECONDS);
      goAwayRead.get(10, TimeUnit.SECONDS);
      try (Socket draining = first.get(10, TimeUnit.SECONDS)) {
        pool.openStream(new UpstreamStream.Listener() {}).get(10, TimeUnit.SECONDS);
        assertEquals(2, metrics.upstreamConnectionsOpened(), "the stream must go on a new connection");
        try (Socket second = server.accept()) {
          assertEquals(1, pool.liveConnections(), "the draining connection has left the pool");
        }
      }
    }
  }
}
