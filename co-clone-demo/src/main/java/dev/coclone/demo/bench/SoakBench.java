package dev.coclone.demo.bench;

import dev.coclone.netty.testing.RawH2Client;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.demo.cli.VersionProvider;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.metrics.Metrics;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench soak}: the hardening criteria of issue 13 in one run, against real servers. (a) One
 * HTTP/2 connection cancels N times a second for M minutes (half streams of tokens reset after
 * their answer began, half calls reset while the model works) while other streams on it must
 * finish, and it must never get GOAWAY. (b) Rapid Reset floods (thousands of streams opened and
 * reset a second, reconnecting after each cut) must each be cut off within 1 s with
 * ENHANCE_YOUR_CALM while a well-behaved client's p99 stays within 2x of its baseline; then, as a
 * figure, how fast one connection can open, answer and reset streams and when it is cut. (c) Slow
 * readers (window 0, asking for the big static file again and again) against a server JVM with a
 * small heap: /healthz keeps answering and the heap stays bounded. Prints every figure and one
 * PASS or FAIL line per criterion; exits 1 if any failed.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, description = {"Cancels on one connection for minutes, Rapid Reset floods beside a "
        + "well-behaved client, and slow readers against a small-heap server: every figure and a PASS/FAIL line "
        + "per criterion."})
final class SoakBench implements Callable<Integer> {
  static final String BIG_FILE = "/webjars/codemirror/5.65.18/lib/codemirror.js";

  @Option(names = "--minutes", paramLabel = "M", defaultValue = "10",
      description = "how long the one connection keeps cancelling (default: ${DEFAULT-VALUE})")
  double minutes;

  @Option(names = "--cancels-per-second", paramLabel = "N", defaultValue = "20",
      description = "cancels a second on that connection (default: ${DEFAULT-VALUE})")
  int cancelsPerSecond;

  @Option(names = "--baseline-seconds", paramLabel = "S", defaultValue = "10",
      description = "the well-behaved client alone, before the floods (default: ${DEFAULT-VALUE})")
  double baselineSeconds;

  @Option(names = "--flood-seconds", paramLabel = "S", defaultValue = "10",
      description = "how long the attacker floods, reconnecting after each cut (default: ${DEFAULT-VALUE})")
  double floodSeconds;

  @Option(names = "--flood-rate", paramLabel = "N", defaultValue = "5000",
      description = "streams the attacker opens and resets a second (default: ${DEFAULT-VALUE})")
  int floodRate;

  @Option(names = "--readers", paramLabel = "N", defaultValue = "4",
      description = "slow readers with a zero window (default: ${DEFAULT-VALUE})")
  int readers;

  @Option(names = "--reader-seconds", paramLabel = "S", defaultValue = "90",
      description = "how long the slow readers keep at it (default: ${DEFAULT-VALUE})")
  double readerSeconds;

  @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "256m",
      description = "-Xmx of the server JVM the slow readers attack (default: ${DEFAULT-VALUE})")
  String heap;

  @Spec
  CommandSpec spec;

  private PrintWriter out;
  private final List<String> verdicts = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ScriptedBackend backend = new ScriptedBackend("soak");
    // Every call streams 400 tokens over about 2 s: long enough to be cancelled mid-work.
    String[] tokens = new String[400];
    Arrays.fill(tokens, "t");
    backend.setFallback(ScriptedReply.tokens(tokens).tokenDelay(java.time.Duration.ofMillis(5)).build());
    try (CompletionEngine engine = CompletionEngine.builder().backend(backend).cache(null).build();
         StandardServer server = StandardServer.builder().engine(engine).apiKey("soak").signingSecret(secret)
             .port(0).build().start()) {
      cancels(server);
      floods(server);
    }
    new SlowReaders(out, verdicts).run(heap, readers, readerSeconds);
    out.println();
    verdicts.forEach(out::println);
    out.flush();
    return verdicts.stream().allMatch(v -> v.startsWith("PASS")) ? 0 : 1;
  }

  private void verdict(boolean pass, String criterion) {
    verdicts.add((pass ? "PASS " : "FAIL ") + criterion);
  }

  private static String body(boolean stream, int maxTokens) {
    return "{\"prefix\":\"int f() {\\n\",\"suffix\":\"\\n}\",\"max_tokens\":" + maxTokens
        + (stream ? ",\"stream\":\"sse\"" : "") + "}";
  }

  /** (a) N cancels a second on one connection for M minutes, with other streams finishing beside them. */
  private void cancels(StandardServer server) throws Exception {
    long total = Math.round(minutes * 60 * cancelsPerSecond);
    out.printf(Locale.ROOT, "(a) %d cancels at %d/s on one HTTP/2 connection (%.1f min)%n", total,
        cancelsPerSecond, minutes);
    ExecutorService readersOfKept = Executors.newFixedThreadPool(2);
    List<Future<Boolean>> kept = new ArrayList<>();
    long period = 1_000_000_000L / cancelsPerSecond;
    long answered = 0;
    long unanswered = 0;
    long lost = 0;
    boolean open;
    try (H2TestClient client = new H2TestClient(server.port())) {
      String token = server.issueToken();
      long start = System.nanoTime();
      long tokenAt = start;
      for (long i = 0; i < total && client.connectionOpen(); i++) {
        LockSupport.parkNanos(start + i * period - System.nanoTime());
        if (System.nanoTime() - tokenAt > TimeUnit.MINUTES.toNanos(1)) {
          token = server.issueToken(); // tokens live 10 minutes
          tokenAt = System.nanoTime();
        }
        if (i % cancelsPerSecond == 0) {
          H2TestClient.Stream s = client.request("POST", "/v1/complete", token, body(true, 40));
          kept.add(readersOfKept.submit(() -> s.body().contains("event: done")));
        }
        boolean stream = i % 2 == 0;
        H2TestClient.Stream s = client.request("POST", "/v1/complete", token, body(stream, 4000));
        if (stream) {
          // A stream of tokens the editor no longer wants: answered, then reset.
          if (!"headers".equals(s.next())) {
            lost++;
          }
          answered++;
        } else {
          unanswered++; // a call reset while the model works on it
        }
        s.reset();
        if (i > 0 && i % (60L * cancelsPerSecond) == 0) {
          out.printf(Locale.ROOT, "    %d cancels after %.0f s%n", i, (System.nanoTime() - start) / 1e9);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int finished = 0;
      for (Future<Boolean> f : kept) {
        finished += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      open = client.connectionOpen();
      Metrics m = server.server().metrics();
      long hits = m.limitHits("premature_resets") + m.limitHits("unanswered_cancels") + m.limitHits("answered_cancels");
      out.printf(Locale.ROOT, "    cancels: %d (%d answered, %d unanswered) in %.1f s = %.1f/s; unanswered by the "
          + "server: %d%n", answered + unanswered, answered, unanswered, seconds, (answered + unanswered) / seconds, lost);
      out.printf(Locale.ROOT, "    other streams finished: %d of %d; connection open: %s; reset limit hits: %d%n",
          finished, kept.size(), open, hits);
      verdict(open && hits == 0 && lost == 0 && finished == kept.size() && answered + unanswered == total,
          String.format(Locale.ROOT, "(a) %d cancels at %.1f/s on one connection: no GOAWAY, %d of %d other streams "
              + "finished", answered + unanswered, (answered + unanswered) / seconds, finished, kept.size()));
    } finally {
      readersOfKept.shutdownNow();
    }
  }

  /** (b) Rapid Reset floods beside a well-behaved client. */
  private void floods(StandardServer server) throws Exception {
    out.printf(Locale.ROOT, "(b) Rapid Reset floods of %d streams/s for %.0f s beside a well-behaved client%n",
        floodRate, floodSeconds);
    try (H2TestClient client = new H2TestClient(server.port())) {
      String token = server.issueToken();
      Stats baseline = measure(client, token, baselineSeconds, () -> false);
      Flooder flooder = new Flooder(server.port(), floodSeconds, floodRate);
      Thread attacker = new Thread(flooder, "soak-flooder");
      attacker.start();
      Stats during = measure(client, token, floodSeconds, () -> !attacker.isAlive());
      attacker.join();
      double p99Before = baseline.percentile(99) / 1000.0;
      double p99During = during.percentile(99) / 1000.0;
      out.printf(Locale.ROOT, "    well-behaved GET /v1/info: baseline p50 %.2f ms p99 %.2f ms (%d requests); "
          + "during the floods p50 %.2f ms p99 %.2f ms (%d requests)%n", baseline.percentile(50) / 1000.0, p99Before,
          baseline.count(), during.percentile(50) / 1000.0, p99During, during.count());
      out.printf(Locale.ROOT, "    floods: %d connections, %d streams opened and reset (%.0f/s while flooding); "
          + "GOAWAY ENHANCE_YOUR_CALM: %d, another GOAWAY: %d, closed with the GOAWAY lost to the TCP reset: %d; "
          + "cut within 1 s: %d; time to cut p50 %.0f ms max %.0f ms%n",
          flooder.floods, flooder.streams, flooder.streams / Math.max(1e-9, flooder.floodingNanos / 1e9),
          flooder.calm, flooder.otherGoAway, flooder.closedWithoutGoAway, flooder.withinASecond,
          flooder.cutMillis.percentile(50), flooder.cutMillis.percentile(100));
      verdict(flooder.floods > 0 && flooder.calm > 0 && flooder.otherGoAway == 0
          && flooder.withinASecond == flooder.floods, String.format(Locale.ROOT, "(b) %d Rapid Reset floods each "
          + "cut within 1 s (max %.0f ms), every GOAWAY ENHANCE_YOUR_CALM (%d seen)", flooder.floods,
          flooder.cutMillis.percentile(100), flooder.calm));
      verdict(p99During <= 2 * p99Before, String.format(Locale.ROOT, "(b) well-behaved p99 during the floods "
          + "%.2f ms <= 2x baseline %.2f ms", p99During, p99Before));
    }
    // A figure, not a criterion: how fast one connection can open, answer and reset here, and
    // when the answered-cancel budget (1000, then 500/s) cuts it.
    AnsweredFlood answered = new AnsweredFlood().run(server.port(), floodSeconds);
    out.printf(Locale.ROOT, "    open-answer-reset flood on one connection: %d resets in %.1f s = %.0f/s; %s%n",
        answered.resets, answered.seconds, answered.resets / Math.max(1e-9, answered.seconds),
        answered.cutMillis < 0 ? "not cut (the server's answers did not outrun the budget's refill)"
            : "cut after " + answered.cutMillis + " ms with GOAWAY " + (answered.goAwayError
                == RawH2Client.ENHANCE_YOUR_CALM ? "ENHANCE_YOUR_CALM" : "code " + answered.goAwayError)
                + ", answered_cancels limit hits: " + server.server().metrics().limitHits("answered_cancels"));
  }

  /** Sequential GET /v1/info for a while; latencies in microseconds. */
  private static Stats measure(H2TestClient client, String token, double seconds,
      java.util.function.BooleanSupplier done) throws Exception {
    Stats s = new Stats();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end && !done.getAsBoolean()) {
      long t0 = System.nanoTime();
      H2TestClient.Stream r = client.request("GET", "/v1/info", token, null);
      String b = r.body();
      if (r.status() != 200 || !b.contains("active_calls")) {
        throw new IllegalStateException("the well-behaved client was refused: " + r.status() + " " + b);
      }
      s.add((System.nanoTime() - t0) / 1000);
    }
    return s;
  }

  /**
   * Opens streams and resets them before their request is complete, in batches of 50 at the given
   * rate, until the server answers with GOAWAY (writing on past it would make the server's socket
   * reset the connection and lose the GOAWAY); then reconnects and floods again.
   */
  private static final class Flooder implements Runnable {
    private static final int BATCH = 50;
    private final int port;
    private final long durationNanos;
    private final long batchNanos;
    final Stats cutMillis = new Stats();
    int floods;
    int calm;
    int otherGoAway;
    int closedWithoutGoAway;
    int withinASecond;
    long streams;
    long floodingNanos;

    Flooder(int port, double seconds, int rate) {
      this.port = port;
      this.durationNanos = (long) (seconds * 1e9);
      this.batchNanos = 1_000_000_000L * BATCH / rate;
    }

    @Override
    public void run() {
      byte[] headers = RawH2Client.post("/v1/complete");
      long end = System.nanoTime() + durationNanos;
      while (System.nanoTime() < end) {
        try (RawH2Client c = RawH2Client.connect(port)) {
          long start = System.nanoTime();
          int id = 1;
          try {
            for (long n = 1; System.nanoTime() - start < 5_000_000_000L; n++) {
              java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
              for (int i = 0; i < BATCH; i++, id += 2) {
                batch.writeBytes(RawH2Client.frameBytes(RawH2Client.HEADERS, RawH2Client.END_HEADERS, id,
                    headers));
                batch.writeBytes(RawH2Client.frameBytes(RawH2Client.RST_STREAM, 0, id, RawH2Client.rstCancel()));
              }
              c.raw(batch.toByteArray());
              streams += BATCH;
              long untilNext = Math.max(0, start + n * batchNanos - System.nanoTime());
              if (c.awaitGoAwayOrClosed(java.time.Duration.ofNanos(untilNext))) {
                break;
              }
            }
          } catch (java.io.IOException cut) {
            // the server closed the connection: the flood was cut
          }
          c.awaitClosed(java.time.Duration.ofMillis(2000));
          floods++;
          // The GOAWAY can be lost when the attacker's last writes reach a socket the server had
          // closed (the TCP reset discards it): then the close is the cut.
          long cut = c.goAwayNanos() > 0 ? c.goAwayNanos() : c.closedNanos();
          floodingNanos += (cut > 0 ? cut : System.nanoTime()) - start;
          if (c.goAwayError() == RawH2Client.ENHANCE_YOUR_CALM) {
            calm++;
          } else if (c.goAwayError() >= 0) {
            otherGoAway++;
          } else if (cut > 0) {
            closedWithoutGoAway++;
          }
          if (cut > 0) {
            cutMillis.add((cut - start) / 1_000_000);
            withinASecond += cut - start < 1_000_000_000L ? 1 : 0;
          }
        } catch (java.io.IOException | InterruptedException e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return;
          }
          floods++; // could not even connect: counted, and it fails the criterion
        }
      }
    }
  }
}
