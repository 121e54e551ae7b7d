package dev.coclone.demo.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 connection over a plain socket that writes what no well-behaved client would (floods
 * of HEADERS and RST_STREAM, a zero flow-control window) and notes the GOAWAY the server answers
 * with. {@code bench soak}'s attacker and slow readers.
 */
final class RawH2Connection implements AutoCloseable {
  static final int HEADERS = 1;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int GOAWAY = 7;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;
  static final int ENHANCE_YOUR_CALM = 0xb;

  private final Socket socket;
  private final OutputStream out;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CountDownLatch goAway = new CountDownLatch(1);
  private volatile long goAwayNanos;
  private volatile long endedNanos;
  private volatile int goAwayError = -1;
  private volatile long headersReceived;

  /**
   * Connects to 127.0.0.1 with prior knowledge and sends the preface.
   *
   * @param port              the server's port
   * @param initialWindowSize SETTINGS_INITIAL_WINDOW_SIZE to announce, or -1 for the default
   */
  RawH2Connection(int port, int initialWindowSize) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    byte[] settings = new byte[initialWindowSize < 0 ? 0 : 6];
    if (initialWindowSize >= 0) {
      settings[1] = 0x4;
      putInt(settings, 2, initialWindowSize);
    }
    write(frame(SETTINGS, 0, 0, settings));
    Thread reader = new Thread(this::read, "soak-raw-h2-" + port);
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        in.readInt();
        byte[] payload = in.readNBytes(len);
        if (type == SETTINGS && (flags & 1) == 0) {
          write(frame(SETTINGS, 1, 0, new byte[0]));
        } else if (type == HEADERS) {
          headersReceived++;
        } else if (type == GOAWAY && goAwayError < 0 && payload.length >= 8) {
          goAwayNanos = System.nanoTime();
          goAwayError = ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8)
              | (payload[7] & 0xff);
          goAway.countDown();
        }
      }
    } catch (IOException endOfConnection) {
      // The server closed the connection (after its GOAWAY, or a slow reader's timeout).
    } finally {
      endedNanos = System.nanoTime();
      ended.countDown();
      goAway.countDown();
    }
  }

  /** Writes bytes (several frames at once). */
  synchronized void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** When the GOAWAY came ({@link System#nanoTime()}), or 0. */
  long goAwayNanos() {
    return goAwayNanos;
  }

  /** When the server closed the connection ({@link System#nanoTime()}), or 0. */
  long endedNanos() {
    return endedNanos;
  }

  /** The GOAWAY's error code, or -1 if none came. */
  int goAwayError() {
    return goAwayError;
  }

  /** Response HEADERS frames received so far. */
  long headersReceived() {
    return headersReceived;
  }

  /** True once the server closed the connection. */
  boolean ended() {
    return ended.getCount() == 0;
  }

  /** Waits until a GOAWAY came or the connection ended; true if either happened in time. */
  boolean awaitGoAwayOrEnd(long nanos) throws InterruptedException {
    return goAway.await(nanos, TimeUnit.NANOSECONDS);
  }

  /** Waits until the server closes the connection; true if it did in time. */
  boolean awaitEnd(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  static byte[] frame(int type, int flags, int stream, byte[] payload) {
    byte[] f = new byte[9 + payload.length];
    f[0] = (byte) (payload.length >> 16);
    f[1] = (byte) (payload.length >> 8);
    f[2] = (byte) payload.length;
    f[3] = (byte) type;
    f[4] = (byte) flags;
    putInt(f, 5, stream);
    System.arraycopy(payload, 0, f, 9, payload.length);
    return f;
  }

  /** A request header block of literal fields without indexing (no Huffman). */
  static byte[] request(String method, String path, int port) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    String[] fields = {":method", method, ":scheme", "http", ":path", path, ":authority", "127.0.0.1:" + port};
    for (int i = 0; i < fields.length; i += 2) {
      b.write(0);
      literal(b, fields[i]);
      literal(b, fields[i + 1]);
    }
    return b.toByteArray();
  }

  private static void literal(ByteArrayOutputStream b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length >= 127) {
      throw new IllegalArgumentException("header field too long for this encoder: " + s);
    }
    b.write(bytes.length);
    b.writeBytes(bytes);
  }

  static byte[] rstCancel(int stream) {
    byte[] code = new byte[4];
    putInt(code, 0, 8);
    return frame(RST_STREAM, 0, stream, code);
  }

  static void putInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >> 24);
    b[o + 1] = (byte) (v >> 16);
    b[o + 2] = (byte) (v >> 8);
    b[o + 3] = (byte) v;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
