package dev.coclone.demo.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between the browser and a server on 127.0.0.1 that, while holding, keeps back the
 * answer on any connection whose request starts with a given line: the server has answered (and
 * done what the request asked), the browser has not seen the answer. It names the server by its own
 * port in {@code Host}, so the server's Host check and cookie name are those of a direct visit.
 */
final class HoldingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final String requestLine;
  private final String fromHost;
  private final String toHost;
  private final AtomicInteger held = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean holding = true;

  /**
   * @param target      the server's port on 127.0.0.1
   * @param requestLine the start of the requests whose answers are held, e.g. {@code "POST /v1/login "}
   */
  HoldingProxy(int target, String requestLine) throws IOException {
    this.target = target;
    this.requestLine = requestLine;
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    fromHost = "Host: 127.0.0.1:" + listener.getLocalPort() + "\r\n";
    toHost = "Host: 127.0.0.1:" + target + "\r\n";
    Thread accept = new Thread(this::accept, "holding-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** How many answers are held back so far (each one the server has written in full or in part). */
  int held() {
    return held.get();
  }

  /** Lets the answers of later requests through (those held so far stay held). */
  void stopHolding() {
    holding = false;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        boolean[] hold = {false};
        pump(client, server, bytes -> {
          String text = new String(bytes, StandardCharsets.ISO_8859_1);
          if (holding && text.startsWith(requestLine)) {
            hold[0] = true;
          }
          return text.replace(fromHost, toHost).getBytes(StandardCharsets.ISO_8859_1);
        });
        boolean[] counted = {false};
        pump(server, client, bytes -> {
          if (!hold[0]) {
            return bytes;
          }
          if (!counted[0]) {
            counted[0] = true;
            held.incrementAndGet();
          }
          return new byte[0];
        });
      } catch (IOException e) {
        return;   // closed
      }
    }
  }

  private interface Filter {
    byte[] apply(byte[] bytes);
  }

  private static void pump(Socket from, Socket to, Filter filter) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          byte[] passed = filter.apply(java.util.Arrays.copyOf(buffer, n));
          if (passed.length > 0) {
            out.write(passed);
            out.flush();
          }
        }
      } catch (IOException e) {
        // either side went away: the other is closed below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "holding-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closeQuietly(listener);
    sockets.forEach(HoldingProxy::closeQuietly);
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
