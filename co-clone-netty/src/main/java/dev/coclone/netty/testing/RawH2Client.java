package dev.coclone.netty.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client over a plain socket (prior knowledge, 127.0.0.1) for tests and benches that
 * must send what a well-behaved client never would: floods of HEADERS and RST_STREAM, a zero
 * flow-control window, broken HPACK, endless CONTINUATION. It writes raw frames, acknowledges the
 * server's SETTINGS, and records every frame the server sends: in a queue for the {@code await}
 * methods, and as the first GOAWAY, the end of the connection and a count of HEADERS for callers
 * that only watch. Header blocks are literal fields without indexing or Huffman coding.
 * {@link H2TestClient} is the well-behaved client.
 */
public final class RawH2Client implements AutoCloseable {
  /** Frame type DATA. */
  public static final int DATA = 0;
  /** Frame type HEADERS. */
  public static final int HEADERS = 1;
  /** Frame type RST_STREAM. */
  public static final int RST_STREAM = 3;
  /** Frame type SETTINGS. */
  public static final int SETTINGS = 4;
  /** Frame type PING. */
  public static final int PING = 6;
  /** Frame type GOAWAY. */
  public static final int GOAWAY = 7;
  /** Frame type WINDOW_UPDATE. */
  public static final int WINDOW_UPDATE = 8;
  /** Frame type CONTINUATION. */
  public static final int CONTINUATION = 9;
  /** Flag END_STREAM. */
  public static final int END_STREAM = 0x1;
  /** Flag END_HEADERS. */
  public static final int END_HEADERS = 0x4;
  /** Setting SETTINGS_HEADER_TABLE_SIZE. */
  public static final int HEADER_TABLE_SIZE = 0x1;
  /** Setting SETTINGS_MAX_FRAME_SIZE. */
  public static final int MAX_FRAME_SIZE = 0x5;
  /** Setting SETTINGS_INITIAL_WINDOW_SIZE. */
  public static final int INITIAL_WINDOW_SIZE = 0x4;
  /** Error code PROTOCOL_ERROR. */
  public static final int PROTOCOL_ERROR = 0x1;
  /** Error code FLOW_CONTROL_ERROR. */
  public static final int FLOW_CONTROL_ERROR = 0x3;
  /** Error code ENHANCE_YOUR_CALM. */
  public static final int ENHANCE_YOUR_CALM = 0xb;

  /**
   * A frame the server sent; a frame of type -1 marks the end of the connection (its payload
   * names the I/O error, if any).
   *
   * @param type    the frame type
   * @param flags   the flags
   * @param stream  the stream id
   * @param payload the payload
   */
  public record Frame(int type, int flags, int stream, byte[] payload) {
    /** The error code of a GOAWAY frame. */
    public int goAwayError() {
      return getInt(payload, 4);
    }

    /** The last stream id of a GOAWAY frame. */
    public int goAwayLastStream() {
      return getInt(payload, 0) & 0x7fffffff;
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CountDownLatch goAwayOrEnd = new CountDownLatch(1);
  private volatile long goAwayNanos;
  private volatile long endedNanos;
  private volatile int goAwayError = -1;
  private volatile long headersReceived;

  private RawH2Client(int port, int... settings) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    byte[] payload = new byte[settings.length / 2 * 6];
    for (int i = 0; i + 1 < settings.length; i += 2) {
      int o = i / 2 * 6;
      payload[o] = (byte) (settings[i] >> 8);
      payload[o + 1] = (byte) settings[i];
      putInt(payload, o + 2, settings[i + 1]);
    }
    frame(SETTINGS, 0, 0, payload);
    Thread reader = new Thread(this::read, "raw-h2-" + port);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Connects to 127.0.0.1 with prior knowledge and sends the preface and a SETTINGS frame.
   *
   * @param port     the server's port
   * @param settings SETTINGS to announce, as (id, value) pairs, e.g. {@code INITIAL_WINDOW_SIZE, 0}
   * @return the connected client
   * @throws IOException if it cannot connect
   */
  public static RawH2Client connect(int port, int... settings) throws IOException {
    return new RawH2Client(port, settings);
  }

  private void read() {
    Frame end = new Frame(-1, 0, 0, new byte[0]);
    try {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[len];
        in.readFully(payload);
        if (type == SETTINGS && (flags & 1) == 0) {
          frame(SETTINGS, 1, 0, new byte[0]);
        } else if (type == HEADERS) {
          headersReceived++;
        } else if (type == GOAWAY && goAwayError < 0 && len >= 8) {
          goAwayNanos = System.nanoTime();
          goAwayError = getInt(payload, 4);
          goAwayOrEnd.countDown();
        }
        frames.add(new Frame(type, flags, stream, payload));
      }
    } catch (EOFException endOfConnection) {
      // the server closed the connection
    } catch (IOException e) {
      end = new Frame(-1, 0, 0, e.toString().getBytes(StandardCharsets.UTF_8));
    } finally {
      endedNanos = System.nanoTime();
      frames.add(end);
      ended.countDown();
      goAwayOrEnd.countDown();
    }
  }

  /** Writes one frame. */
  public synchronized void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    out.write(header(type, flags, stream, payload.length));
    out.write(payload);
    out.flush();
  }

  /** Writes bytes as they are (several frames at once). */
  public synchronized void raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** A frame header (9 bytes) for a payload of the given length. */
  public static byte[] header(int type, int flags, int stream, int length) {
    return new byte[] {(byte) (length >> 16), (byte) (length >> 8), (byte) length, (byte) type, (byte) flags,
        (byte) (stream >> 24), (byte) (stream >> 16), (byte) (stream >> 8), (byte) stream};
  }

  /** A whole frame: its header and payload, to gather several into one {@link #raw} write. */
  public static byte[] frameBytes(int type, int flags, int stream, byte[] payload) {
    byte[] f = header(type, flags, stream, payload.length);
    byte[] whole = java.util.Arrays.copyOf(f, f.length + payload.length);
    System.arraycopy(payload, 0, whole, f.length, payload.length);
    return whole;
  }

  /** A header block of literal fields without indexing (name, value pairs). */
  public static byte[] headerBlock(String... nameValues) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i + 1 < nameValues.length; i += 2) {
      b.write(0);
      string(b, nameValues[i]);
      string(b, nameValues[i + 1]);
    }
    return b.toByteArray();
  }

  /** An HPACK string literal (no Huffman): its length as a 7-bit-prefix integer, then the bytes. */
  private static void string(ByteArrayOutputStream b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    int n = bytes.length;
    if (n < 127) {
      b.write(n);
    } else {
      b.write(127);
      n -= 127;
      while (n >= 128) {
        b.write((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      b.write(n);
    }
    b.writeBytes(bytes);
  }

  /** A GET request's header block. */
  public static byte[] get(String path) {
    return headerBlock(":method", "GET", ":scheme", "http", ":path", path, ":authority", "127.0.0.1");
  }

  /** A POST request's header block (the body is still to come). */
  public static byte[] post(String path) {
    return headerBlock(":method", "POST", ":scheme", "http", ":path", path, ":authority", "127.0.0.1",
        "content-type", "application/json");
  }

  /** The payload of RST_STREAM with the error code CANCEL. */
  public static byte[] rstCancel() {
    byte[] p = new byte[4];
    putInt(p, 0, 8);
    return p;
  }

  /** Writes a big-endian 32-bit integer at an offset. */
  public static void putInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >> 24);
    b[o + 1] = (byte) (v >> 16);
    b[o + 2] = (byte) (v >> 8);
    b[o + 3] = (byte) v;
  }

  private static int getInt(byte[] b, int o) {
    return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
  }

  /** Waits for the server's GOAWAY; null if the connection closed without one or nothing came in time. */
  public Frame awaitGoAway(Duration timeout) throws InterruptedException {
    Frame f = poll(timeout, GOAWAY, -1, true);
    return f == null || f.type() == -1 ? null : f;
  }

  /** Waits for the next frame of a type on a stream; the end-of-connection frame if it ends first; else null. */
  public Frame await(int type, int stream, Duration timeout) throws InterruptedException {
    return poll(timeout, type, stream, false);
  }

  /** Waits for the next frame of any type; the end-of-connection frame if it ends first; else null. */
  public Frame next(Duration timeout) throws InterruptedException {
    return frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Like {@link #await}, but also returns a GOAWAY as soon as it comes (a flood's answer). */
  public Frame awaitOrGoAway(int type, int stream, Duration timeout) throws InterruptedException {
    return poll(timeout, type, stream, true);
  }

  private Frame poll(Duration timeout, int type, int stream, boolean goAway) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null || f.type() == -1 || (goAway && f.type() == GOAWAY)
          || (f.type() == type && (stream < 0 || f.stream() == stream))) {
        return f;
      }
    }
  }

  /** Waits until the server closes the connection; true if it did within the timeout. */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until a GOAWAY came or the connection ended; true if either happened in time. */
  public boolean awaitGoAwayOrClosed(Duration timeout) throws InterruptedException {
    return goAwayOrEnd.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** True once the server closed the connection. */
  public boolean closed() {
    return ended.getCount() == 0;
  }

  /** When the first GOAWAY came ({@link System#nanoTime()}), or 0. */
  public long goAwayNanos() {
    return goAwayNanos;
  }

  /** When the server closed the connection ({@link System#nanoTime()}), or 0. */
  public long closedNanos() {
    return endedNanos;
  }

  /** The first GOAWAY's error code, or -1 if none came. */
  public int goAwayError() {
    return goAwayError;
  }

  /** Response HEADERS frames received so far. */
  public long headersReceived() {
    return headersReceived;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
