package dev.coclone.demo.bench;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.StandardServer;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standard server in a JVM of its own with a small heap, for {@code bench soak}'s slow
 * readers: the parent starts it with {@code -Xmx}, reads {@code ready PORT}, and asks over standard
 * input {@code heap} (used heap now, and the maximum) or {@code heap-gc} (used after a full GC).
 * It exits when standard input closes.
 */
final class SoakServerProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  private final int port;

  private SoakServerProcess(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String line = out.readLine();
    if (line == null || !line.startsWith("ready ")) {
      process.destroy();
      throw new IOException("the server process did not start: " + line);
    }
    this.port = Integer.parseInt(line.substring(6).strip());
  }

  /**
   * Starts the server in a child JVM with this JVM's class path.
   *
   * @param maxHeap the child's {@code -Xmx}, e.g. {@code 256m}
   */
  static SoakServerProcess start(String maxHeap) throws IOException {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
        "-cp", System.getProperty("java.class.path"), SoakServerProcess.class.getName());
    return new SoakServerProcess(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  int port() {
    return port;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Used heap now and the heap's maximum, in bytes. */
  long[] heap() throws IOException {
    String[] parts = command("heap").split(" ");
    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
  }

  /** Used heap after a full GC, in bytes. */
  long heapAfterGc() throws IOException {
    return Long.parseLong(command("heap-gc").split(" ")[1]);
  }

  private synchronized String command(String line) throws IOException {
    in.println(line);
    String answer = out.readLine();
    if (answer == null || !answer.startsWith("heap")) {
      throw new IOException("the server process failed '" + line + "': " + answer);
    }
    return answer;
  }

  @Override
  public void close() throws InterruptedException {
    in.close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /**
   * The child's side: a standard server with a scripted model on a free port.
   *
   * @param args none
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    PrintStream stdout = System.out;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ScriptedBackend backend = new ScriptedBackend("soak");
    backend.setFallback(ScriptedReply.tokens("ok;").build());
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (CompletionEngine engine = CompletionEngine.builder().backend(backend).cache(null).build();
         StandardServer server = StandardServer.builder().engine(engine).apiKey("soak").signingSecret(secret)
             .port(0).build().start()) {
      stdout.println("ready " + server.port());
      stdout.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = commands.readLine()) != null) {
        if (line.equals("heap")) {
          stdout.println("heap " + memory.getHeapMemoryUsage().getUsed() + " " + memory.getHeapMemoryUsage().getMax());
        } else if (line.equals("heap-gc")) {
          for (int i = 0; i < 3; i++) {
            System.gc();
          }
          stdout.println("heap " + memory.getHeapMemoryUsage().getUsed());
        } else {
          stdout.println("error: unknown command " + line);
        }
        stdout.flush();
      }
    }
  }
}
