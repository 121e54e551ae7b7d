package dev.coclone.demo.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * haproxy as {@code bench proxy}'s reference: one process in front of the completion service
 * with two frontends, h2c ({@code proto h2}) and HTTP/2 over TLS ({@code ssl alpn h2}), relaying
 * over h2c ({@code server ... proto h2}) as Co-Clone's proxy does.
 */
final class Haproxy implements AutoCloseable {
  /** What to tell a user whose machine lacks the tools. */
  static final String INSTALL = "apt-get install -y haproxy nghttp2-client (Debian/Ubuntu; haproxy 2.6 and h2load)";

  private final Process process;
  private final int h2cPort;
  private final int tlsPort;

  private Haproxy(Process process, int h2cPort, int tlsPort) {
    this.process = process;
    this.h2cPort = h2cPort;
    this.tlsPort = tlsPort;
  }

  /**
   * Starts haproxy and waits until both frontends accept connections.
   *
   * @param servicePort the service's port on 127.0.0.1
   * @param pem         certificate and key in one PEM file, for the TLS frontend
   * @param h2c         the h2c frontend's port (haproxy passes the client's Host on, so the service
   *                    must know these ports beforehand)
   * @param tls         the TLS frontend's port
   * @return the running haproxy
   * @throws IOException if it is not installed or does not start
   */
  static Haproxy start(int servicePort, Path pem, int h2c, int tls) throws IOException, InterruptedException {
    if (H2Load.onPath("haproxy") == null) {
      throw new IOException("haproxy is not installed: " + INSTALL);
    }
    Path cfg = Files.createTempFile("co-clone-haproxy", ".cfg");
    cfg.toFile().deleteOnExit();
    Files.writeString(cfg, String.join("\n",
        "global", "  maxconn 4096", "defaults", "  mode http", "  timeout connect 5s", "  timeout client 60s",
        "  timeout server 60s",
        "frontend h2c", "  bind 127.0.0.1:" + h2c + " proto h2", "  default_backend service",
        "frontend tls", "  bind 127.0.0.1:" + tls + " ssl crt " + pem + " alpn h2", "  default_backend service",
        "backend service", "  server s1 127.0.0.1:" + servicePort + " proto h2", ""));
    Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int port : new int[] {h2c, tls}) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!accepts(port)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroy();
          throw new IOException("haproxy did not start (exit " + (p.isAlive() ? "none" : p.exitValue())
              + "); try: haproxy -c -f " + cfg);
        }
        p.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
    return new Haproxy(p, h2c, tls);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** A port free now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * haproxy's CPU time so far (all its threads, user and system), as the kernel counts it.
   *
   * @return nanoseconds, or 0 where the platform does not tell
   */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  /** The h2c frontend's port. */
  int h2cPort() {
    return h2cPort;
  }

  /** The TLS frontend's port. */
  int tlsPort() {
    return tlsPort;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(5, TimeUnit.SECONDS);
  }
}
