package dev.coclone.demo.bench;

import dev.coclone.demo.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.model.PromptStyle;
import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.netty.StandardServer;
import dev.coclone.netty.proxy.RegionalProxy;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench proxy}: the completion service alone, through Co-Clone's proxy, and through
 * haproxy 2.6 (the reference h2 proxy) in one run: h2load throughput, sequential latency p50 added
 * by each proxy, cancel-to-model-server latency through the proxy, and the proxy's memory with
 * many idle HTTP/2 connections. The model is scripted and instant, so the figures are the
 * serving stack's own.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, description = {"The completion service alone, through Co-Clone's proxy and through "
        + "haproxy (when installed), with an instant scripted model: h2load throughput, sequential latency, "
        + "cancel-to-model-server latency, proxy heap per idle HTTP/2 connection."})
final class ProxyBench implements Callable<Integer> {
  private static final String BODY = "{\"prefix\":\"int total = \",\"suffix\":\"\\n\",\"max_tokens\":16}";

  @Option(names = "--requests", paramLabel = "N", defaultValue = "20000",
      description = "h2load requests per path (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
      description = "h2load connections (-c) (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--streams", paramLabel = "N", defaultValue = "8",
      description = "h2load streams per connection (-m) (default: ${DEFAULT-VALUE})")
  int streams;

  @Option(names = "--sequential", paramLabel = "N", defaultValue = "2000",
      description = "sequential requests per path for the latency figures (default: ${DEFAULT-VALUE})")
  int sequential;

  @Option(names = "--cancels", paramLabel = "N", defaultValue = "200",
      description = "cancellations measured through the proxy (default: ${DEFAULT-VALUE})")
  int cancels;

  @Option(names = "--idle", paramLabel = "N", defaultValue = "10000",
      description = "idle HTTP/2 connections held open for the heap figure (default: ${DEFAULT-VALUE})")
  int idle;

  @Mixin
  JsonOutput jsonOutput;

  @Override
  public Integer call() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ObjectNode out = new ObjectMapper().createObjectNode();

    ScriptedBackend scripted = new ScriptedBackend("instant");
    scripted.setFallback(ScriptedReply.tokens("quantity", " * ", "price;").build());
    // haproxy passes the client's Host on: the service must answer to haproxy's own address.
    int haproxyFront = freePort();
    try (CompletionEngine engine = CompletionEngine.builder().backend(scripted).cache(null).build();
         StandardServer service = StandardServer.builder().engine(engine).apiKey("bench").signingSecret(secret)
             .allowHost("127.0.0.1:" + haproxyFront).port(0).build().start();
         RegionalProxy proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(secret)
             .rateLimit(1e9, 1e9).port(0).build().start()) {
      String token = service.issueToken();
      Process haproxy = startHaproxy(haproxyFront, service.port());
      int haproxyPort = haproxy == null ? -1 : Integer.parseInt(haproxyPortOf(haproxy));
      try {
        Map<String, Integer> targets = new java.util.LinkedHashMap<>();
        targets.put("direct", service.port());
        targets.put("co-clone proxy", proxy.port());
        if (haproxy != null) {
          targets.put("haproxy 2.6", haproxyPort);
        }
        // Sequential latency over one HTTP/2 connection each.
        ObjectNode seq = out.putObject("sequential_latency_ms");
        for (Map.Entry<String, Integer> t : targets.entrySet()) {
          sequential(t.getValue(), token, sequential / 2); // warm every path before measuring any
        }
        for (Map.Entry<String, Integer> t : targets.entrySet()) {
          Stats s = sequential(t.getValue(), token, sequential);
          seq.putObject(t.getKey()).put("p50", s.percentile(50) / 1e6).put("p99", s.percentile(99) / 1e6);
        }
        // Throughput with h2load, when installed.
        ObjectNode thr = out.putObject("h2load");
        if (onPath("h2load") == null) {
          thr.put("skipped", "h2load is not installed (Debian package nghttp2-client)");
        } else {
          Path body = Files.createTempFile("co-clone-body", ".json");
          Files.writeString(body, BODY);
          for (Map.Entry<String, Integer> t : targets.entrySet()) {
            h2load(t.getValue(), token, body, requests / 5, concurrency, streams); // warm-up
          }
          for (Map.Entry<String, Integer> t : targets.entrySet()) {
            thr.set(t.getKey(), h2load(t.getValue(), token, body, requests, concurrency, streams));
          }
        }
      } finally {
        if (haproxy != null) {
          haproxy.destroy();
        }
      }
      out.put("idle_connections", idle);
      out.put("proxy_heap_bytes_per_idle_connection", idleMemory(proxy, idle));
    }
    out.set("cancel_to_model_server_ms", cancelLatency(secret, cancels));
    String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out);
    System.out.println(text);
    jsonOutput.write(text);
    return 0;
  }

  private static Stats sequential(int port, String token, int n) throws Exception {
    Stats s = new Stats();
    try (H2TestClient client = new H2TestClient(port)) {
      for (int i = 0; i < n + 200; i++) {
        long t0 = System.nanoTime();
        H2TestClient.Stream st = client.request("POST", "/v1/complete", token, BODY);
        String b = st.body();
        if (!b.contains("\"text\"")) {
          throw new IllegalStateException("unexpected answer on port " + port + ": " + b);
        }
        if (i >= 200) {
          s.add(System.nanoTime() - t0);
        }
      }
    }
    return s;
  }

  private static ObjectNode h2load(int port, String token, Path body, int n, int c, int m) throws Exception {
    Process p = new ProcessBuilder("h2load", "-n", String.valueOf(n), "-c", String.valueOf(c), "-m", String.valueOf(m),
        "-d", body.toString(), "-H", "authorization: Bearer " + token, "-H", "content-type: application/json",
        "http://127.0.0.1:" + port + "/v1/complete").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    ObjectNode n2 = new ObjectMapper().createObjectNode();
    Matcher rps = Pattern.compile("finished in [^,]+, ([0-9.]+) req/s").matcher(output);
    Matcher ok = Pattern.compile("requests: \\d+ total, \\d+ started, \\d+ done, (\\d+) succeeded, (\\d+) failed")
        .matcher(output);
    Matcher lat = Pattern.compile("time for request:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)").matcher(output);
    if (rps.find()) {
      n2.put("requests_per_second", Double.parseDouble(rps.group(1)));
    }
    if (ok.find()) {
      n2.put("succeeded", Long.parseLong(ok.group(1)));
      n2.put("failed", Long.parseLong(ok.group(2)));
    }
    if (lat.find()) {
      n2.put("request_time_mean", lat.group(3));
    }
    if (!rps.find(0)) {
      n2.put("output", output);
    }
    return n2;
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process startHaproxy(int port, int servicePort) throws Exception {
    if (onPath("haproxy") == null) {
      return null;
    }
    Path cfg = Files.createTempFile("co-clone-haproxy", ".cfg");
    Files.writeString(cfg, String.join("\n",
        "global", "  maxconn 4096", "defaults", "  mode http", "  timeout connect 5s", "  timeout client 60s",
        "  timeout server 60s", "frontend f", "  bind 127.0.0.1:" + port + " proto h2", "  default_backend b",
        "backend b", "  server s1 127.0.0.1:" + servicePort + " proto h2", ""));
    Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        PORTS.put(p, port);
        return p;
      } catch (java.io.IOException notYet) {
        if (!p.isAlive()) {
          return null;
        }
        Thread.onSpinWait();
        p.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
    p.destroy();
    return null;
  }

  private static final Map<Process, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();

  private static String haproxyPortOf(Process p) {
    return String.valueOf(PORTS.get(p));
  }

  private static long idleMemory(RegionalProxy proxy, int n) throws Exception {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    String jar = new File(ProxyBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    Process child = new ProcessBuilder(javaBin(), "-cp", jar, IdleClients.class.getName(),
        String.valueOf(proxy.port()), String.valueOf(n)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || !line.startsWith("ready")) {
      child.destroy();
      throw new IllegalStateException("the idle clients did not connect: " + line);
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (proxy.metrics().activeConnections() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    System.gc();
    long after = rt.totalMemory() - rt.freeMemory();
    child.getOutputStream().close();
    child.waitFor();
    return (after - before) / n;
  }

  private static ObjectNode cancelLatency(byte[] secret, int n) throws Exception {
    ObjectNode o = new ObjectMapper().createObjectNode();
    try (MockModelServer ollama = MockModelServer.start()) {
      for (int i = 0; i < n; i++) {
        ollama.enqueue(ScriptedReply.tokens("t").tokenDelay(Duration.ofMillis(5)).endless().build());
      }
      OllamaBackend backend = OllamaBackend.builder().baseUrl(ollama.url()).model("deepseek-coder:6.7b-base")
          .promptStyle(PromptStyle.RAW_FIM).build();
      try (CompletionEngine engine = CompletionEngine.builder().backend(backend).cache(null).build();
           StandardServer service = StandardServer.builder().engine(engine).apiKey("bench").signingSecret(secret)
               .port(0).build().start();
           RegionalProxy proxy = RegionalProxy.builder().upstream("127.0.0.1", service.port()).signingSecret(secret)
               .rateLimit(1e9, 1e9).port(0).build().start();
           H2TestClient client = new H2TestClient(proxy.port())) {
        String token = service.issueToken();
        Stats s = new Stats();
        for (int i = 0; i < n; i++) {
          H2TestClient.Stream st = client.request("POST", "/v1/complete", token,
              "{\"prefix\":\"void f() {\\n\",\"suffix\":\"\\n}\",\"stream\":\"sse\",\"max_tokens\":4000}");
          String e;
          while ((e = st.next()) != null && !e.startsWith("data:")) {
            // Wait for the first streamed token.
          }
          long t0 = System.nanoTime();
          st.reset();
          if (ollama.awaitCancellation(Duration.ofSeconds(10)) == null) {
            throw new IllegalStateException("the model server never saw cancel " + i);
          }
          s.add(System.nanoTime() - t0);
        }
        o.put("samples", s.count()).put("p50", s.percentile(50) / 1e6).put("p99", s.percentile(99) / 1e6);
      }
    }
    return o;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static File onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f;
      }
    }
    return null;
  }

}
