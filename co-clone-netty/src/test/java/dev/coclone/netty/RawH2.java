package dev.coclone.netty;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-rolled HTTP/2 client over a plain socket for tests that must send what a well-behaved
 * client never would (floods, broken HPACK, endless CONTINUATION): it writes raw frames and
 * records the frames the server sends back.
 */
final class RawH2 implements AutoCloseable {
  static final int DATA = 0;
  static final int HEADERS = 1;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int PING = 6;
  static final int GOAWAY = 7;
  static final int WINDOW_UPDATE = 8;
  static final int CONTINUATION = 9;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;

  /** A frame the server sent; a {@code closed} frame (type -1) marks the end of the connection. */
  record Frame(int type, int flags, int stream, byte[] payload) {
    int goAwayError() {
      return ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8)
          | (payload[7] & 0xff);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

  private RawH2(int port, int... settings) throws IOException {
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
    Thread reader = new Thread(this::read, "raw-h2-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Connects with prior knowledge and sends the preface and the given SETTINGS (id, value pairs). */
  static RawH2 connect(int port, int... settings) throws IOException {
    return new RawH2(port, settings);
  }

  private void read() {
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
        }
        frames.add(new Frame(type, flags, stream, payload));
      }
    } catch (EOFException e) {
      frames.add(new Frame(-1, 0, 0, new byte[0]));
    } catch (IOException e) {
      frames.add(new Frame(-1, 0, 0, e.toString().getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Writes one frame. */
  synchronized void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    out.write(header(type, flags, stream, payload.length));
    out.write(payload);
    out.flush();
  }

  /** Writes bytes as they are (several frames at once). */
  synchronized void raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  static byte[] header(int type, int flags, int stream, int length) {
    return new byte[] {(byte) (length >> 16), (byte) (length >> 8), (byte) length, (byte) type, (byte) flags,
        (byte) (stream >> 24), (byte) (stream >> 16), (byte) (stream >> 8), (byte) stream};
  }

  /** A header block of literal fields without indexing (name, value pairs). */
  static byte[] headerBlock(String... nameValues) {
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
  static byte[] get(String path) {
    return headerBlock(":method", "GET", ":scheme", "http", ":path", path, ":authority", "127.0.0.1");
  }

  /** A POST request's header block (the body is still to come). */
  static byte[] post(String path) {
    return headerBlock(":method", "POST", ":scheme", "http", ":path", path, ":authority", "127.0.0.1",
        "content-type", "application/json");
  }

  static byte[] rstCancel() {
    byte[] p = new byte[4];
    putInt(p, 0, 8);
    return p;
  }

  static void putInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >> 24);
    b[o + 1] = (byte) (v >> 16);
    b[o + 2] = (byte) (v >> 8);
    b[o + 3] = (byte) v;
  }

  /** Waits for the server's GOAWAY; null if the connection closed without one or nothing came in time. */
  Frame awaitGoAway(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null || f.type() == -1) {
        return null;
      }
      if (f.type() == GOAWAY) {
        return f;
      }
    }
  }

  /** Waits for the next frame of a type on a stream, or null. */
  Frame await(int type, int stream, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null || f.type() == -1) {
        return f;
      }
      if (f.type() == type && f.stream() == stream) {
        return f;
      }
    }
  }

  /** Like {@link #await}, but also returns a GOAWAY as soon as it comes (a flood's answer). */
  Frame awaitOrGoAway(int type, int stream, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null || f.type() == -1 || f.type() == GOAWAY || (f.type() == type && f.stream() == stream)) {
        return f;
      }
    }
  }

  /** Waits until the server closes the connection; true if it did within the timeout. */
  boolean awaitClosed(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null) {
        return false;
      }
      if (f.type() == -1) {
        return true;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
