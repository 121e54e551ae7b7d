package dev.coclone.demo.bench;

import dev.coclone.netty.testing.RawH2Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench soak}'s part (c): slow readers that announce a zero window and ask for the big
 * static file on every stream they may open, reconnecting whenever the server cuts them off,
 * against a server JVM with a small heap, while {@code /healthz} is asked twice a second and the
 * server's heap is sampled every second.
 */
final class SlowReaders {
  private static final int STREAMS = 256;
  private final PrintWriter out;
  private final List<String> verdicts;

  SlowReaders(PrintWriter out, List<String> verdicts) {
    this.out = out;
    this.verdicts = verdicts;
  }

  void run(String heap, int readers, double seconds) throws Exception {
    out.flush();
    out.printf(Locale.ROOT, "(c) %d slow readers (window 0, %s again and again) for %.0f s against -Xmx%s%n",
        readers, SoakBench.BIG_FILE, seconds, heap);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    try (SoakServerProcess server = SoakServerProcess.start(heap)) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(base.resolve(SoakBench.BIG_FILE)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      long before = server.heapAfterGc();
      out.printf(Locale.ROOT, "    the file: HTTP %d, %d KB; server heap after GC before: %.1f MB%n",
          file.statusCode(), file.body().length / 1024, before / 1048576.0);
      long end = System.nanoTime() + (long) (seconds * 1e9);
      AtomicInteger connections = new AtomicInteger();
      AtomicLong requests = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        Thread t = new Thread(() -> read(server.port(), end, connections, requests), "soak-slow-reader-" + r);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      Stats health = new Stats();
      int failed = 0;
      long peak = 0;
      long max = 0;
      long nextHeap = 0;
      while (System.nanoTime() < end) {
        long t0 = System.nanoTime();
        try {
          HttpResponse<String> h = http.send(HttpRequest.newBuilder(base.resolve("/healthz"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
          failed += h.statusCode() == 200 ? 0 : 1;
        } catch (IOException e) {
          failed++;
        }
        health.add((System.nanoTime() - t0) / 1000);
        if (t0 >= nextHeap) {
          long[] h = server.heap();
          peak = Math.max(peak, h[0]);
          max = h[1];
          nextHeap = t0 + 1_000_000_000L;
        }
        LockSupport.parkNanos(500_000_000L - (System.nanoTime() - t0));
      }
      for (Thread t : threads) {
        t.join(10_000);
      }
      long after = server.heapAfterGc();
      boolean alive = server.alive();
      out.printf(Locale.ROOT, "    reader connections: %d, file requests: %d%n", connections.get(), requests.get());
      out.printf(Locale.ROOT, "    /healthz: %d asked, %d failed, p50 %.1f ms, max %.1f ms%n", health.count(), failed,
          health.percentile(50) / 1000.0, health.percentile(100) / 1000.0);
      out.printf(Locale.ROOT, "    server heap: peak used %.1f MB of %.0f MB; after GC %.1f MB (before %.1f MB)%n",
          peak / 1048576.0, max / 1048576.0, after / 1048576.0, before / 1048576.0);
      verdicts.add((file.statusCode() == 200 && alive && failed == 0 && health.count() > 0 ? "PASS " : "FAIL ")
          + String.format(Locale.ROOT, "(c) /healthz answered %d of %d times beside %d slow readers at -Xmx%s",
          health.count() - failed, health.count(), readers, heap));
      verdicts.add((alive && after - before < 64L << 20 ? "PASS " : "FAIL ")
          + String.format(Locale.ROOT, "(c) heap bounded: peak %.1f MB, after GC %.1f MB (+%.1f MB, limit +64 MB)",
          peak / 1048576.0, after / 1048576.0, (after - before) / 1048576.0));
    }
  }

  /** One reader: a zero window, every stream asking for the file, again after each cut. */
  private static void read(int port, long end, AtomicInteger connections, AtomicLong requests) {
    byte[] get = RawH2Client.get(SoakBench.BIG_FILE);
    while (System.nanoTime() < end) {
      try (RawH2Client c = RawH2Client.connect(port, RawH2Client.INITIAL_WINDOW_SIZE, 0)) {
        connections.incrementAndGet();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0, id = 1; i < STREAMS; i++, id += 2) {
          b.writeBytes(RawH2Client.frameBytes(RawH2Client.HEADERS,
              RawH2Client.END_HEADERS | RawH2Client.END_STREAM, id, get));
        }
        c.raw(b.toByteArray());
        requests.addAndGet(STREAMS);
        // Never read a byte of the bodies: wait until the server gives up on this reader.
        c.awaitClosed(java.time.Duration.ofMillis(Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (IOException e) {
        LockSupport.parkNanos(100_000_000L); // refused (connection caps): try again shortly
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
