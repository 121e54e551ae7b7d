package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.demo.cli.VersionProvider;
import dev.coclone.netty.CoCloneServer;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench proxy}: the completion service alone, through Co-Clone's proxy and through
 * haproxy 2.6 (the reference h2 proxy), measured in interleaved rounds so that whatever else runs
 * on the machine lands on every path alike: h2load throughput at an h2c and a TLS (ALPN h2) client
 * edge with the median of the per-round ratios proxy/haproxy, sequential latency added over the
 * direct path, cancel-to-model-server latency through the proxy, and the proxy's heap per idle
 * HTTP/2 connection. The model is scripted and instant, so the figures are the serving stack's
 * own. The proxy runs in a JVM of its own, as haproxy runs in a process of its own; {@code --jfr}
 * records a profile of that JVM during the rounds.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, description = {"The completion service alone, through Co-Clone's proxy and through "
        + "haproxy, with an instant scripted model, in interleaved rounds: h2load throughput (h2c and TLS at the "
        + "client edge), sequential latency, cancel-to-model-server latency, proxy heap per idle HTTP/2 connection.",
        "Needs haproxy and h2load for the throughput figures: " + Haproxy.INSTALL})
final class ProxyBench implements Callable<Integer> {
  static final String BODY = "{\"prefix\":\"int total = \",\"suffix\":\"\\n\",\"max_tokens\":16}";
  /**
   * Every client of the bench is 127.0.0.1: the idle connections, h2load, and haproxy's pooled
   * connections to the service would otherwise hit the per-peer connection cap (128) meant for
   * the network.
   */
  static final dev.coclone.netty.ServerLimits BENCH_LIMITS = dev.coclone.netty.ServerLimits.defaults().newBuilder()
      .maxConnections(50_000).maxConnectionsPerPeer(50_000).build();
  private static final String DIRECT = "direct";
  private static final String PROXY = "co-clone proxy";
  private static final String HAPROXY = "haproxy 2.6";
  private static final String BASELINE = "baseline proxy";

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "rounds; each runs every path once per client edge (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "20000",
      description = "h2load requests per path per round (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
      description = "h2load connections (-c) (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--streams", paramLabel = "N", defaultValue = "8",
      description = "h2load streams per connection (-m) (default: ${DEFAULT-VALUE})")
  int streams;

  @Option(names = "--edge", paramLabel = "E", defaultValue = "both",
      description = "client edge for h2load: h2c, tls or both (default: ${DEFAULT-VALUE})")
  String edge;

  @Option(names = "--sequential", paramLabel = "N", defaultValue = "1000",
      description = "sequential requests per path per round for the latency figures (default: ${DEFAULT-VALUE})")
  int sequential;

  @Option(names = "--cancels", paramLabel = "N", defaultValue = "200",
      description = "cancellations measured through the proxy (default: ${DEFAULT-VALUE})")
  int cancels;

  @Option(names = "--idle", paramLabel = "N", defaultValue = "10000",
      description = "idle HTTP/2 connections held open for the heap figure (default: ${DEFAULT-VALUE})")
  int idle;

  @Option(names = "--jfr", paramLabel = "FILE",
      description = "record a JFR profile of the proxy's JVM during the rounds into FILE, and print its hot spots")
  Path jfr;

  @Option(names = "--baseline", paramLabel = "JAR",
      description = "another build's co-clone-demo.jar: its proxy is one more path of the same rounds, and the "
          + "report adds the ratio of this build's proxy to it (a before/after comparison that the machine's load "
          + "hits alike)")
  Path baseline;

  @Mixin
  JsonOutput jsonOutput;

  @Override
  public Integer call() throws Exception {
    if (!List.of("h2c", "tls", "both").contains(edge)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--edge takes h2c, tls or both, not '" + edge + "'");
    }
    if (baseline != null && !Files.isRegularFile(baseline)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--baseline names no file: " + baseline + "; give another build's co-clone-demo/target/co-clone-demo.jar");
    }
    PrintStream err = System.err;
    boolean tools = H2Load.onPath("h2load") != null && H2Load.onPath("haproxy") != null;
    if (!tools) {
      err.println("bench proxy: haproxy or h2load is missing, so the throughput rounds and the ratio to haproxy "
          + "are skipped. Install them with: " + Haproxy.INSTALL);
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("load_average_before", loadAverage());
    SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
    Path pem = Files.createTempFile("co-clone-bench", ".pem");
    // The bench's scratch files (and the certificate's own) go when the JVM does, not left in /tmp.
    pem.toFile().deleteOnExit();
    cert.certificate().deleteOnExit();
    cert.privateKey().deleteOnExit();
    Files.write(pem, concat(Files.readAllBytes(cert.certificate().toPath()), Files.readAllBytes(cert.privateKey()
        .toPath())));
    int haproxyH2c = Haproxy.freePort();
    int haproxyTls = Haproxy.freePort();
    ScriptedBackend scripted = new ScriptedBackend("instant");
    scripted.setFallback(ScriptedReply.tokens("quantity", " * ", "price;").build());
    try (CompletionEngine engine = CompletionEngine.builder().backend(scripted).cache(null).build();
         StandardServer service = StandardServer.builder().engine(engine).apiKey("bench").signingSecret(secret)
             .tls(CoCloneServer.tls(cert.certificate(), cert.privateKey())).port(0).limits(BENCH_LIMITS)
             // haproxy passes the client's Host on; the service must answer to its front addresses.
             .allowHost("127.0.0.1:" + haproxyH2c).allowHost("127.0.0.1:" + haproxyTls).build().start();
         ProxyProcess proxy = ProxyProcess.start(service.port(), secret, cert.certificate(), cert.privateKey());
         ProxyProcess base = baseline == null ? null : ProxyProcess.start(service.port(), secret, cert.certificate(),
             cert.privateKey(), baseline.toAbsolutePath().toString());
         Haproxy haproxy = tools ? Haproxy.start(service.port(), pem, haproxyH2c, haproxyTls) : null) {
      String token = service.issueToken();
      Map<String, int[]> paths = new LinkedHashMap<>();
      paths.put(DIRECT, new int[] {service.port(), service.port()});
      paths.put(PROXY, new int[] {proxy.port(), proxy.port()});
      Map<String, CpuClock> proxies = new LinkedHashMap<>();
      proxies.put(PROXY, proxy::cpuNanos);
      if (base != null) {
        paths.put(BASELINE, new int[] {base.port(), base.port()});
        proxies.put(BASELINE, base::cpuNanos);
      }
      if (haproxy != null) {
        paths.put(HAPROXY, new int[] {haproxy.h2cPort(), haproxy.tlsPort()});
        proxies.put(HAPROXY, haproxy::cpuNanos);
      }
      Path body = Files.createTempFile("co-clone-body", ".json");
      body.toFile().deleteOnExit();
      Files.writeString(body, BODY);
      H2Load h2load = new H2Load(requests, concurrency, streams, body, token);
      Rounds r = new Rounds(paths, h2load, tools ? edges() : List.of(), sequential, err, proxies);
      r.warmUp();
      if (jfr != null) {
        proxy.startRecording(jfr);
      }
      for (int i = 1; i <= rounds; i++) {
        r.round(i, rounds);
      }
      if (jfr != null) {
        proxy.stopRecording();
        err.println("bench proxy: JFR recording of the proxy JVM (pid " + proxy.pid() + ") written to "
            + jfr.toAbsolutePath() + "; open it with JDK Mission Control or: jfr print --events jdk.ExecutionSample "
            + jfr.toAbsolutePath());
        out.putObject("jfr").put("file", jfr.toAbsolutePath().toString()).set("hot_spots", JfrHotSpots.read(jfr, 15));
      }
      out.put("rounds", rounds);
      if (tools) {
        out.put("h2load", h2load.options() + " POST /v1/complete with a token");
        out.set("throughput", r.throughput(PROXY, HAPROXY));
      }
      out.set("sequential_latency_ms", r.latency(DIRECT));
      r.close();
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
      out.put("idle_connections", idle);
      try {
        out.put("proxy_heap_bytes_per_idle_connection", idleHeap(proxy, idle));
      } catch (Exception e) {
        out.put("proxy_heap_error", failure(e));
      }
    }
    try {
      out.set("cancel_to_model_server_ms", CancelLatency.measure(secret, cancels));
    } catch (Exception e) {
      out.put("cancel_error", failure(e));
    }
    out.put("load_average_after", loadAverage());
    String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out);
    System.out.println(text);
    jsonOutput.write(text);
    return 0;
  }

  /** A failure of one part of the bench, kept in the report so the figures measured before it are not lost. */
  private static String failure(Exception e) {
    StackTraceElement[] at = e.getStackTrace();
    return e + (at.length > 0 ? " at " + at[0] : "");
  }

  private List<String> edges() {
    return edge.equals("both") ? List.of("h2c", "tls") : List.of(edge);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length + 1);
    c[a.length] = '\n';
    System.arraycopy(b, 0, c, a.length + 1, b.length);
    return c;
  }

  /** The 1, 5 and 15 minute load averages, as the kernel reports them (empty where there is none). */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "";
    }
  }

  /** Heap of the proxy JVM per idle HTTP/2 connection, held by a child process. */
  private static long idleHeap(ProxyProcess proxy, int n) throws Exception {
    long before = proxy.heap()[0];
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), IdleClients.class.getName(), String.valueOf(proxy.port()),
        String.valueOf(n)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
          java.nio.charset.StandardCharsets.UTF_8)).readLine();
      if (line == null || !line.startsWith("ready")) {
        throw new IllegalStateException("the idle clients did not connect: " + line);
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      long[] heap = proxy.heap();
      while (heap[1] < n && System.nanoTime() < deadline) {
        heap = proxy.heap();
      }
      if (heap[1] < n) {
        throw new IllegalStateException("the proxy saw " + heap[1] + " of " + n + " idle connections");
      }
      return (heap[0] - before) / n;
    } finally {
      child.getOutputStream().close();
      child.waitFor();
    }
  }

  /** The paths measured in rounds; one long-lived HTTP/2 connection per path for the sequential latency. */
  private static final class Rounds implements AutoCloseable {
    private final Map<String, int[]> paths;
    private final H2Load h2load;
    private final List<String> edges;
    private final int sequential;
    private final PrintStream log;
    private final Map<String, H2TestClient> clients = new LinkedHashMap<>();
    private final Map<String, Stats> latency = new LinkedHashMap<>();
    private final Map<String, List<H2Load.Result>> results = new LinkedHashMap<>();
    /** Each proxy JVM's CPU time per relayed request in each h2load run through it, by edge and path (microseconds). */
    private final Map<String, List<Double>> proxyCpu = new LinkedHashMap<>();
    private final Map<String, CpuClock> proxies;

    Rounds(Map<String, int[]> paths, H2Load h2load, List<String> edges, int sequential, PrintStream log,
        Map<String, CpuClock> proxies) throws InterruptedException {
      this.proxies = proxies;
      this.paths = paths;
      this.h2load = h2load;
      this.edges = edges;
      this.sequential = sequential;
      this.log = log;
      for (Map.Entry<String, int[]> p : paths.entrySet()) {
        clients.put(p.getKey(), new H2TestClient(p.getValue()[0]));
        latency.put(p.getKey(), new Stats());
      }
    }

    /** Warms every path, long enough for the JIT of the proxy's fresh JVM to settle: twice a round's requests. */
    void warmUp() throws Exception {
      for (String path : paths.keySet()) {
        sequential(path, sequential, null);
        for (String e : edges) {
          h2load.run(url(path, e), 2 * h2load.requests());
        }
      }
    }

    /** One round: every path once per edge, the proxies in alternating order, then the sequential requests. */
    void round(int i, int of) throws Exception {
      List<String> order = new ArrayList<>(paths.keySet());
      if (i % 2 == 0) {
        java.util.Collections.reverse(order.subList(1, order.size()));
      }
      for (String e : edges) {
        StringBuilder line = new StringBuilder("round " + i + "/" + of + " " + e + ":");
        for (String path : order) {
          CpuClock proxy = proxies.get(path);
          long cpu0 = proxy != null ? proxy.cpuNanos() : 0;
          H2Load.Result res = h2load.run(url(path, e), h2load.requests());
          results.computeIfAbsent(e + " " + path, k -> new ArrayList<>()).add(res);
          line.append(String.format(" %s %.0f req/s%s;", path, res.rps(), res.failed() > 0 ? " (" + res.failed()
              + " failed)" : ""));
          if (proxy != null && res.succeeded() > 0) {
            double us = (proxy.cpuNanos() - cpu0) / 1e3 / res.succeeded();
            proxyCpu.computeIfAbsent(e + " " + path, k -> new ArrayList<>()).add(us);
            line.append(String.format(" (CPU %.1f us/request);", us));
          }
        }
        log.println(line);
      }
      for (String path : order) {
        sequential(path, sequential, latency.get(path));
      }
    }

    private String url(String path, String e) {
      int[] ports = paths.get(path);
      return e.equals("tls") ? "https://127.0.0.1:" + ports[1] + "/v1/complete"
          : "http://127.0.0.1:" + ports[0] + "/v1/complete";
    }

    private void sequential(String path, int n, Stats into) throws InterruptedException {
      H2TestClient client = clients.get(path);
      if (!client.connectionOpen()) {
        // Servers close connections idle for a while, and the h2load runs of the other paths take that long.
        client.close();
        client = new H2TestClient(paths.get(path)[0]);
        clients.put(path, client);
      }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        String b = client.request("POST", "/v1/complete", h2load.token(), BODY).body();
        long t = System.nanoTime() - t0;
        if (!b.contains("\"text\"")) {
          throw new IllegalStateException("unexpected answer through " + path + ": " + b);
        }
        if (into != null) {
          into.add(t);
        }
      }
    }

    /** Per edge and path the median requests/s, and the per-round ratios of proxy to haproxy. */
    ObjectNode throughput(String proxy, String haproxy) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      for (String e : edges) {
        ObjectNode edge = o.putObject(e);
        for (String path : paths.keySet()) {
          List<H2Load.Result> rs = results.get(e + " " + path);
          ObjectNode p = edge.putObject(path);
          p.put("median_rps", Math.round(median(rs.stream().mapToDouble(H2Load.Result::rps).toArray())));
          ArrayNode per = p.putArray("per_round");
          rs.forEach(x -> per.add(Math.round(x.rps())));
          p.put("failed", rs.stream().mapToLong(H2Load.Result::failed).sum());
          p.put("mean_request_time_last_round", rs.get(rs.size() - 1).meanTime());
          if (rs.get(rs.size() - 1).tls() != null) {
            p.put("tls", rs.get(rs.size() - 1).tls());
          }
        }
        ratio(edge, "proxy_over_haproxy", results.get(e + " " + proxy), results.get(e + " " + haproxy));
        ratio(edge, "proxy_over_baseline", results.get(e + " " + proxy), results.get(e + " " + BASELINE));
        cpu(edge, "proxy_cpu_us_per_request", proxyCpu.get(e + " " + proxy));
        cpu(edge, "baseline_cpu_us_per_request", proxyCpu.get(e + " " + BASELINE));
        cpu(edge, "haproxy_cpu_us_per_request", proxyCpu.get(e + " " + haproxy));
      }
      return o;
    }

    /** The per-round ratios of two paths' requests/s, if both ran. */
    private static void ratio(ObjectNode edge, String name, List<H2Load.Result> a, List<H2Load.Result> b) {
      if (a == null || b == null) {
        return;
      }
      double[] ratio = new double[a.size()];
      for (int i = 0; i < ratio.length; i++) {
        ratio[i] = a.get(i).rps() / b.get(i).rps();
      }
      ObjectNode r = edge.putObject(name);
      r.put("median", round3(median(ratio))).put("min", round3(Arrays.stream(ratio).min().orElse(0)))
          .put("max", round3(Arrays.stream(ratio).max().orElse(0)));
      ArrayNode per = r.putArray("per_round");
      Arrays.stream(ratio).forEach(x -> per.add(round3(x)));
    }

    /** A proxy JVM's CPU time per request in each round, if it ran. */
    private static void cpu(ObjectNode edge, String name, List<Double> cpu) {
      if (cpu == null) {
        return;
      }
      // CPU time is less sensitive than requests/s to what else runs on the machine.
      ObjectNode c = edge.putObject(name);
      c.put("median", round3(median(cpu.stream().mapToDouble(Double::doubleValue).toArray())));
      ArrayNode per = c.putArray("per_round");
      cpu.forEach(x -> per.add(round3(x)));
    }

    /** p50 and p99 per path over all rounds, and what each proxy adds to the direct path. */
    ObjectNode latency(String direct) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      Stats d = latency.get(direct);
      for (Map.Entry<String, Stats> s : latency.entrySet()) {
        ObjectNode p = o.putObject(s.getKey());
        p.put("samples", s.getValue().count());
        p.put("p50", round3(s.getValue().percentile(50) / 1e6)).put("p99", round3(s.getValue().percentile(99) / 1e6));
        if (!s.getKey().equals(direct)) {
          p.put("added_p50", round3((s.getValue().percentile(50) - d.percentile(50)) / 1e6));
          p.put("added_p99", round3((s.getValue().percentile(99) - d.percentile(99)) / 1e6));
        }
      }
      return o;
    }

    @Override
    public void close() {
      for (Map.Entry<String, H2TestClient> c : clients.entrySet()) {
        try {
          c.getValue().close();
        } catch (Exception e) { // Netty rethrows a failed close unchecked, ClosedChannelException included.
          log.println("bench proxy: the sequential client of " + c.getKey() + " did not close cleanly: " + e);
        }
      }
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  /** A relaying process's CPU time so far (all its threads, user and system), in nanoseconds. */
  @FunctionalInterface
  interface CpuClock {
    long cpuNanos() throws java.io.IOException;
  }
}
