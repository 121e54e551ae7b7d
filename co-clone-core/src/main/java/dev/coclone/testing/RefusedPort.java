package dev.coclone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where nothing listens, held until closed: connections to it are refused, and no
 * server the test starts meanwhile on port 0 is given it. For tests of a model server or service
 * that is down. (A port found free with a {@code ServerSocket} and closed again is free for the
 * next server the test starts, which then answers where "down" was meant.)
 *
 * <pre>{@code
 * try (RefusedPort down = RefusedPort.open(); MockModelServer up = MockModelServer.start()) {
 *   backend = balanced(down.url(), up.url());
 * }
 * }</pre>
 */
public final class RefusedPort implements AutoCloseable {
  private final Socket socket;

  private RefusedPort(Socket socket) {
    this.socket = socket;
  }

  /**
   * Reserves a port on 127.0.0.1 (a socket bound to it that does not listen).
   *
   * @return the reserved port
   * @throws UncheckedIOException if no port can be bound
   */
  public static RefusedPort open() {
    Socket s = new Socket();
    try {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return new RefusedPort(s);
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("could not reserve a loopback port: " + e.getMessage(), e);
    }
  }

  /** The port. */
  public int port() {
    return socket.getLocalPort();
  }

  /** {@code http://127.0.0.1:port}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Frees the port. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
