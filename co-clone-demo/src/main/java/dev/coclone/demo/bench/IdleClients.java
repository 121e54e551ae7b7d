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
 * SETTINGS (so every connection is set up as HTTP/2, not just accepted), prints {@code ready},
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
      frameHead.clear();
      while (frameHead.hasRemaining()) {
        if (ch.read(frameHead) < 0) {
          throw new IOException("the server closed an idle connection before its SETTINGS frame");
        }
      }
      if (frameHead.get(3) != 4) {
        throw new IOException("the server's first frame was of type " + frameHead.get(3) + ", not SETTINGS (4)");
      }
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
}
