package dev.coclone.demo.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child process by {@code bench proxy}: opens N HTTP/2 connections (client preface and
 * an empty SETTINGS frame) to a port, waits until the server has answered each with its own
 * SETTINGS, acknowledges them and waits for the answer to a PING sent after (so every connection
 * is set up as HTTP/2 as a real client's is, not just accepted), prints {@code ready},
 * and holds them until standard input closes. A separate process so the server's process holds only its own side of the sockets.
 */
public final class IdleClients {
  private IdleClients() {}

  /**
   * Opens and holds the connections.
   *
   * @param args port and count
   * @throws IOException if connecting fails
   */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    List<SocketChannel> open = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      ByteBuffer buf = ByteBuffer.allocate(preface.length + settings.length);
      buf.put(preface).put(settings).flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      open.add(ch);
    }
    ByteBuffer frameHead = ByteBuffer.allocate(9);
    for (SocketChannel ch : open) {
      readFrame(ch, frameHead);
      if (frameHead.get(3) != 4) {
        throw new IOException("the server's first frame was of type " + frameHead.get(3) + ", not SETTINGS (4)");
      }
    }
    // As a real client does: acknowledge the server's SETTINGS (so it applies them), then a PING
    // whose answer says the server has read the acknowledgement.
    byte[] ackAndPing = {0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
    for (SocketChannel ch : open) {
      ByteBuffer buf = ByteBuffer.wrap(ackAndPing);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
    for (SocketChannel ch : open) {
      do {
        readFrame(ch, frameHead);
      } while (frameHead.get(3) != 6 || (frameHead.get(4) & 1) == 0);
    }
    System.out.println("ready " + open.size());
    System.out.flush();
    while (System.in.read() >= 0) {
      // Hold the connections until the parent closes our input.
    }
    for (SocketChannel ch : open) {
      ch.close();
    }
  }

  /** Reads one frame: its 9-byte head into {@code head}, its payload skipped. */
  private static void readFrame(SocketChannel ch, ByteBuffer head) throws IOException {
    head.clear();
    fill(ch, head);
    int length = (head.get(0) & 0xff) << 16 | (head.get(1) & 0xff) << 8 | (head.get(2) & 0xff);
    fill(ch, ByteBuffer.allocate(length));
  }

  private static void fill(SocketChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new IOException("the server closed an idle connection while it was being set up");
      }
    }
  }
}
