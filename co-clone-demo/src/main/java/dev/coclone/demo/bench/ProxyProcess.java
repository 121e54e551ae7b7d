package dev.coclone.demo.bench;

import dev.coclone.netty.CoCloneServer;
import dev.coclone.netty.proxy.RegionalProxy;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Co-Clone's regional proxy in a JVM of its own for {@code bench proxy}, as haproxy runs in a
 * process of its own: the parent starts it, reads {@code ready PORT}, and drives it over standard
 * input with one command a line ({@code heap}: garbage-collect and print the used heap and the
 * open client connections; {@code cpu}: the process's CPU time so far in nanoseconds; {@code jfr-start FILE}, {@code jfr-stop}: a JFR recording with the
 * {@code profile} settings, sampling every 1 ms). It exits when standard input closes.
 */
public final class ProxyProcess implements AutoCloseable {
  private final ChildJvm child;

  private ProxyProcess(ChildJvm child) {
    this.child = child;
  }

  /**
   * Starts the proxy in a child JVM with this JVM's class path.
   *
   * @param upstreamPort the service's port on 127.0.0.1
   * @param secret       the token signing secret
   * @param cert         PEM certificate for TLS at the client edge
   * @param key          PEM (PKCS#8) key that goes with it
   * @return the running proxy
   * @throws IOException if it does not start
   */
  static ProxyProcess start(int upstreamPort, byte[] secret, File cert, File key) throws IOException {
    return start(upstreamPort, secret, cert, key, System.getProperty("java.class.path"));
  }

  /**
   * Starts the proxy of another build (its {@code co-clone-demo.jar}, which has this class too) in
   * a child JVM: the same proxy setup, that build's code.
   *
   * @param upstreamPort the service's port on 127.0.0.1
   * @param secret       the token signing secret
   * @param cert         PEM certificate for TLS at the client edge
   * @param key          PEM (PKCS#8) key that goes with it
   * @param classPath    the other build's jar
   * @return the running proxy
   * @throws IOException if it does not start
   */
  static ProxyProcess start(int upstreamPort, byte[] secret, File cert, File key, String classPath)
      throws IOException {
    return new ProxyProcess(ChildJvm.start("proxy", List.of(), classPath, ProxyProcess.class.getName(), List.of(
        String.valueOf(upstreamPort), HexFormat.of().formatHex(secret), cert.getPath(), key.getPath())));
  }

  /** The proxy's port (h2c, HTTP/1.1 and HTTP/2 over TLS). */
  int port() {
    return child.port();
  }

  /** The proxy JVM's process id. */
  long pid() {
    return child.pid();
  }

  /** Used heap after a full GC, and the open client connections, in the proxy JVM. */
  long[] heap() throws IOException {
    String[] parts = child.command("heap").split(" ");
    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
  }

  /** The proxy JVM's CPU time so far (all its threads, user and system), in nanoseconds. */
  long cpuNanos() throws IOException {
    return Long.parseLong(child.command("cpu").split(" ")[1]);
  }

  /** Starts a JFR recording in the proxy JVM that goes to this file when stopped. */
  void startRecording(Path file) throws IOException {
    child.command("jfr-start " + file.toAbsolutePath());
  }

  /** Stops the recording and writes it out. */
  void stopRecording() throws IOException {
    child.command("jfr-stop");
  }

  @Override
  public void close() throws InterruptedException {
    child.close();
  }

  /**
   * The child's side.
   *
   * @param args upstream port, secret (hex), certificate file, key file
   * @throws Exception if the proxy cannot start
   */
  public static void main(String[] args) throws Exception {
    // As the proxy command does.
    RegionalProxy.processDefaults();
    PrintStream stdout = System.out;
    try (RegionalProxy proxy = RegionalProxy.builder().upstream("127.0.0.1", Integer.parseInt(args[0]))
        .signingSecret(HexFormat.of().parseHex(args[1])).rateLimit(1e9, 1e9).port(0).limits(ProxyBench.BENCH_LIMITS)
        .tls(CoCloneServer.tls(new File(args[2]), new File(args[3]))).build().start()) {
      stdout.println("ready " + proxy.port());
      stdout.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      Recording recording = null;
      String line;
      while ((line = commands.readLine()) != null) {
        if (line.equals("heap")) {
          Runtime rt = Runtime.getRuntime();
          System.gc();
          stdout.println("heap " + (rt.totalMemory() - rt.freeMemory()) + " " + proxy.metrics().activeConnections());
        } else if (line.equals("cpu")) {
          stdout.println("cpu " + ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
              .getOperatingSystemMXBean()).getProcessCpuTime());
        } else if (line.startsWith("jfr-start ")) {
          recording = new Recording(Configuration.getConfiguration("profile"));
          // The profile's 10-20 ms would give a few hundred samples of a round: too few to rank the relay's parts.
          recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
          recording.setDestination(Path.of(line.substring(10)));
          recording.start();
          stdout.println("ok");
        } else if (line.equals("jfr-stop") && recording != null) {
          recording.stop();
          recording.close();
          recording = null;
          stdout.println("ok");
        } else {
          stdout.println("error: unknown command " + line);
        }
        stdout.flush();
      }
    }
  }
}
