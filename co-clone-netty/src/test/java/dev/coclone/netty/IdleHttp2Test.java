package dev.coclone.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.netty.proxy.RegionalProxy;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.testing.RawH2Client;
import dev.coclone.netty.testing.RawH2Client.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An HTTP/2 connection that sits idle before its first request ({@link IdleHttp2} stands in for the
 * frame codec until then), at the service and at the regional proxy's client edge: the client
 * sees the same frames as from the codec, and what it sent while idle (settings, a connection
 * WINDOW_UPDATE, a SETTINGS acknowledgement) holds for the codec that takes over. The PING flood
 * on an idle connection is {@link ControlFrameFloodTest}'s (its connections never leave the idle state).
 */
@Timeout(120)
class IdleHttp2Test {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CODEMIRROR = "/webjars/codemirror/5.65.18/lib/codemirror.js";
  private ServiceAndProxy pair;
  private StandardServer server;
  private RegionalProxy proxy;

  @BeforeEach
  void start() throws Exception {
    pair = ServiceAndProxy.start(false);
    server = pair.server();
    proxy = pair.proxy();
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  @Test
  void theSettingsAnIdleConnectionSendsAreTheBytesOfTheFrameCodec() {
    Http2Settings settings = Http2Settings.defaultSettings().maxConcurrentStreams(100).maxHeaderListSize(16_384);
    EmbeddedChannel codec = new EmbeddedChannel(FairHttp2Codec.forServer().initialSettings(settings).build());
    ByteBuf first = codec.readOutbound();
    try {
      assertArrayEquals(ByteBufUtil.getBytes(first), Pipelines.settingsFrame(settings));
    } finally {
      first.release();
      codec.finishAndReleaseAll();
    }
  }

  @Test
  void aRequestAfterAnIdleSpellIsAnsweredWithNoSettingsFrameTwice() throws Exception {
    for (int port : pair.ports()) {
      try (RawH2Client c = RawH2Client.connect(port)) {
        List<Frame> seen = idle(c);
        c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1,
            RawH2Client.get("/healthz"));
        seen.addAll(untilEnd(c, 1));
        assertEquals(":status 200", status(seen), "port " + port + ": " + types(seen));
        assertEquals(1, seen.stream().filter(f -> f.type() == RawH2Client.SETTINGS && f.flags() == 0).count(),
            "port " + port + ": one SETTINGS from the server: " + types(seen));
        assertEquals(1, seen.stream().filter(f -> f.type() == RawH2Client.SETTINGS && f.flags() == 1).count(),
            "port " + port + ": one acknowledgement of the client's one SETTINGS: " + types(seen));
        assertEquals(0, seen.stream().filter(f -> f.type() == RawH2Client.GOAWAY).count(), types(seen));
      }
    }
  }

  @Test
  void settingsSentWhileIdleShapeTheFirstAnswer() throws Exception {
    for (int port : pair.ports()) {
      try (RawH2Client c = RawH2Client.connect(port, RawH2Client.INITIAL_WINDOW_SIZE, 5,
          RawH2Client.HEADER_TABLE_SIZE, 0)) {
        idle(c);
        c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1,
            RawH2Client.get("/healthz"));
        Frame headers = c.await(RawH2Client.HEADERS, 1, WAIT);
        assertEquals(RawH2Client.HEADERS, headers.type(), "port " + port);
        // RFC 7541 4.2: after the client's HEADER_TABLE_SIZE of 0, the encoder's first block says so first.
        assertEquals(0x20, headers.payload()[0] & 0xff, "port " + port + ": a dynamic table size update to 0");
        Frame data = c.await(RawH2Client.DATA, 1, WAIT);
        assertEquals(5, data.payload().length, "port " + port + ": the stream window of 5 bytes holds the body back");
        byte[] more = new byte[4];
        RawH2Client.putInt(more, 0, 1 << 20);
        c.frame(RawH2Client.WINDOW_UPDATE, 0, 1, more);
        List<Frame> rest = untilEnd(c, 1);
        assertTrue(rest.stream().anyMatch(f -> f.type() == RawH2Client.DATA && f.payload().length > 0),
            "port " + port + ": the rest of the body after the WINDOW_UPDATE: " + types(rest));
      }
    }
  }

  @Test
  void aConnectionWindowUpdateSentWhileIdleCountsForTheCodec() throws Exception {
    for (int port : pair.ports()) {
      try (RawH2Client c = RawH2Client.connect(port)) {
        // The connection's send window goes to the most RFC 9113 allows: 2^31 - 1.
        c.frame(RawH2Client.WINDOW_UPDATE, 0, 0, increment(Integer.MAX_VALUE - 65_535));
        idle(c);
        c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1,
            RawH2Client.get("/healthz"));
        untilEnd(c, 1);
        // The answer took less than 64 KiB of the window, so this overflows it only if the first increase counted.
        c.frame(RawH2Client.WINDOW_UPDATE, 0, 0, increment(65_536));
        Frame goAway = c.awaitGoAway(WAIT);
        assertNotNull(goAway, "port " + port + ": the window overflow must cost the connection");
        assertEquals(RawH2Client.FLOW_CONTROL_ERROR, goAway.goAwayError(), "port " + port);
      }
    }
  }

  @Test
  void aLargeBodyUsesTheWindowAndFrameSizeTheClientGaveWhileIdle() throws Exception {
    try (RawH2Client c = RawH2Client.connect(server.port(), RawH2Client.INITIAL_WINDOW_SIZE, 1 << 30,
        RawH2Client.MAX_FRAME_SIZE, 1 << 16)) {
      c.frame(RawH2Client.WINDOW_UPDATE, 0, 0, increment(1 << 30));
      idle(c);
      c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1,
          RawH2Client.get(CODEMIRROR));
      // The client never sends another WINDOW_UPDATE: the body of several hundred KB comes whole
      // only if the codec has the increase of the connection window it got while idle.
      List<Frame> frames = untilEnd(c, 1);
      long body = frames.stream().filter(f -> f.type() == RawH2Client.DATA).mapToLong(f -> f.payload().length).sum();
      int largest = frames.stream().filter(f -> f.type() == RawH2Client.DATA).mapToInt(f -> f.payload().length)
          .max().orElse(0);
      assertEquals(":status 200", status(frames), types(frames));
      assertTrue(body > 65_535, "a body past the default connection window: " + body + " bytes");
      assertTrue(largest > 16_384, "DATA frames past the default 16 KiB, up to the client's 64 KiB: " + largest);
    }
  }

  @Test
  void anInvalidSettingWhileIdleGetsTheCodecsProtocolError() throws Exception {
    for (int port : pair.ports()) {
      try (RawH2Client c = RawH2Client.connect(port)) {
        idle(c);
        byte[] tooSmall = {0, RawH2Client.MAX_FRAME_SIZE, 0, 0, 0, 100};
        c.frame(RawH2Client.SETTINGS, 0, 0, tooSmall);
        Frame goAway = c.awaitGoAway(WAIT);
        assertNotNull(goAway, "port " + port + ": MAX_FRAME_SIZE 100 is a connection error");
        assertEquals(RawH2Client.PROTOCOL_ERROR, goAway.goAwayError(), "port " + port);
      }
    }
  }

  @Test
  void closingTheServerSaysGoAwayToAnIdleConnection() throws Exception {
    try (RawH2Client c = RawH2Client.connect(proxy.port())) {
      idle(c);
      proxy.close();
      Frame goAway = c.awaitGoAway(WAIT);
      assertNotNull(goAway, "an idle connection is told GOAWAY before it is closed");
      assertEquals(0, goAway.goAwayError(), "NO_ERROR");
      assertEquals(0, goAway.goAwayLastStream(), "no stream was processed");
      assertTrue(c.awaitClosed(WAIT), "then closed");
    }
  }

  @Test
  void aSettingsFloodOnAnIdleConnectionCostsItsConnection() throws Exception {
    byte[] frame = RawH2Client.frameBytes(RawH2Client.SETTINGS, 0, 0, new byte[0]);
    byte[] batch = new byte[frame.length * 1000];
    for (int i = 0; i < 1000; i++) {
      System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
    }
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
        long frames = 0;
        try {
          OutputStream out = s.getOutputStream();
          out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          // Each SETTINGS asks for an acknowledgement, which this client never reads.
          while (frames < 10_000_000) {
            out.write(batch);
            frames += 1000;
          }
          return -frames;
        } catch (IOException cut) {
          return frames;
        }
      });
      // Some 500,000 SETTINGS go before the acknowledgements fill the kernel's 4 MB socket buffer
      // and start to queue in the server; on a loaded machine that takes most of a minute.
      long frames = sent.get(100, TimeUnit.SECONDS);
      assertTrue(frames > 0, "the server never closed a connection that sent " + -frames + " SETTINGS unread");
    }
    try (RawH2Client c = RawH2Client.connect(server.port())) {
      idle(c);
    }
  }

  private static byte[] increment(int n) {
    byte[] b = new byte[4];
    RawH2Client.putInt(b, 0, n);
    return b;
  }

  /**
   * Waits until the connection has been set up and sits idle: the server's SETTINGS came, and a
   * PING sent after the client's acknowledgement of them came back. Returns every frame seen.
   */
  private static List<Frame> idle(RawH2Client c) throws Exception {
    List<Frame> seen = new ArrayList<>();
    boolean settings = false;
    while (!settings) {
      Frame f = c.next(WAIT);
      assertNotNull(f, "the server's SETTINGS in time: " + types(seen));
      seen.add(f);
      settings = f.type() == RawH2Client.SETTINGS && f.flags() == 0;
    }
    byte[] nonce = "idle1234".getBytes(StandardCharsets.US_ASCII);
    c.frame(RawH2Client.PING, 0, 0, nonce);
    while (true) {
      Frame f = c.next(WAIT);
      assertNotNull(f, "the PING's answer in time: " + types(seen));
      assertTrue(f.type() >= 0, "the connection ended while idle: " + types(seen));
      seen.add(f);
      if (f.type() == RawH2Client.PING) {
        assertEquals(1, f.flags(), "a PING acknowledgement");
        assertArrayEquals(nonce, f.payload(), "with the PING's payload");
        return seen;
      }
    }
  }

  /** Every frame until the stream's END_STREAM (on HEADERS or DATA). */
  private static List<Frame> untilEnd(RawH2Client c, int stream) throws Exception {
    List<Frame> seen = new ArrayList<>();
    while (true) {
      Frame f = c.next(WAIT);
      assertNotNull(f, "the end of stream " + stream + " in time: " + types(seen));
      assertTrue(f.type() >= 0 && f.type() != RawH2Client.GOAWAY, "the connection ended first: " + types(seen)
          + " " + f.type());
      seen.add(f);
      if (f.stream() == stream && (f.type() == RawH2Client.HEADERS || f.type() == RawH2Client.DATA)
          && (f.flags() & RawH2Client.END_STREAM) != 0) {
        return seen;
      }
    }
  }

  /** ":status 200" if the first HEADERS frame starts with the static table's indexed :status 200. */
  private static String status(List<Frame> frames) {
    for (Frame f : frames) {
      if (f.type() == RawH2Client.HEADERS) {
        return (f.payload()[0] & 0xff) == 0x88 ? ":status 200" : "first field 0x" + Integer.toHexString(
            f.payload()[0] & 0xff);
      }
    }
    return "no HEADERS";
  }

  private static String types(List<Frame> frames) {
    StringBuilder b = new StringBuilder();
    for (Frame f : frames) {
      b.append(f.type()).append('/').append(f.flags()).append('@').append(f.stream()).append(' ');
    }
    return b.toString();
  }
}
