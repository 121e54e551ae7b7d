package dev.coclone.demo.bench;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * The standard server in a JVM of its own with a small heap, for {@code bench soak}'s slow
 * readers: the parent starts it with {@code -Xmx}, reads {@code ready PORT}, and asks over standard
 * input {@code heap} (used heap now, and the maximum) or {@code heap-gc} (used after a full GC).
 * It exits when standard input closes.
 */
final class SoakServerProcess implements AutoCloseable {
  private final ChildJvm child;

  private SoakServerProcess(ChildJvm child) {
    this.child = child;
  }

  /**
   * Starts the server in a child JVM with this JVM's class path.
   *
   * @param maxHeap the child's {@code -Xmx}, e.g. {@code 256m}
   */
  static SoakServerProcess start(String maxHeap) throws IOException {
    return new SoakServerProcess(ChildJvm.start("server", List.of("-Xmx" + maxHeap), SoakServerProcess.class, List.of()));
  }

  int port() {
    return child.port();
  }

  boolean alive() {
    return child.alive();
  }

  /** Used heap now and the heap's maximum, in bytes. */
  long[] heap() throws IOException {
    String[] parts = child.command("heap").split(" ");
    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
  }

  /** Used heap after a full GC, in bytes. */
  long heapAfterGc() throws IOException {
    return Long.parseLong(child.command("heap-gc").split(" ")[1]);
  }

  @Override
  public void close() throws InterruptedException {
    child.close();
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
