package dev.coclone.demo.bench;

import dev.coclone.demo.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.route.MultiRegionStack;
import dev.coclone.netty.route.Region;
import dev.coclone.netty.route.RegionHealth;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench routing}: users from each location ask the router and complete through their
 * proxy (which adds the modelled wide-area delay); then eu-west is killed and restarted while its
 * users keep working, following the failover contract (route, then alternatives in order). Reports
 * the chosen region and latency per location, failed requests, and how long detection took.
 */
@Command(name = "routing", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, description = {"Users in Seattle, New York, Paris and Tokyo ask the router and complete "
        + "through their proxy; then eu-west is killed and restarted while its users keep working: the chosen "
        + "region and latency per location, failed requests, detection times."})
final class RoutingBench implements Callable<Integer> {
  private static final Map<String, String> USERS = new LinkedHashMap<>();

  static {
    USERS.put("Seattle", "47.6,-122.3");
    USERS.put("New York", "40.7,-74.0");
    USERS.put("Paris", "FR");
    USERS.put("Tokyo", "JP");
  }

  @Option(names = "--requests", paramLabel = "N", defaultValue = "50",
      description = "requests per location and per failover phase (default: ${DEFAULT-VALUE})")
  int requests;

  @Mixin
  JsonOutput jsonOutput;

  @Override
  public Integer call() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ScriptedBackend backend = new ScriptedBackend("instant");
    backend.setFallback(ScriptedReply.tokens("ok;").build());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(1)).build();
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    try (CompletionEngine engine = CompletionEngine.builder().backend(backend).cache(null).build();
         MultiRegionStack stack = MultiRegionStack.builder().engine(engine).apiKey("bench").signingSecret(secret)
             .ports(0, 0).checkInterval(Duration.ofMillis(250)).build().start()) {
      Semaphore changes = new Semaphore(0);
      stack.router().health().onChange(changes::release);
      String token = stack.app().issueToken();
      Client client = new Client(http, json, stack.app().port(), token);
      ObjectNode perUser = out.putObject("users");
      for (Map.Entry<String, String> u : USERS.entrySet()) {
        Stats latency = new Stats();
        String region = null;
        for (int i = 0; i < requests; i++) {
          long t0 = System.nanoTime();
          Client.Result r = client.complete(u.getValue());
          latency.add(System.nanoTime() - t0);
          region = r.region;
        }
        perUser.putObject(u.getKey()).put("location", u.getValue()).put("region", region)
            .put("expected_rtt_ms", client.route(u.getValue()).get("expected_latency_ms").asDouble())
            .put("latency_p50_ms", latency.percentile(50) / 1e6).put("latency_p99_ms", latency.percentile(99) / 1e6);
      }
      // Failover: Paris users keep completing while eu-west dies and comes back.
      ObjectNode fo = out.putObject("failover_eu_west");
      Map<String, Integer> servedBy = new LinkedHashMap<>();
      int failed = 0;
      int total = 0;
      for (int i = 0; i < requests; i++, total++) {
        failed += client.tryComplete("FR", servedBy) ? 0 : 1;
      }
      long killedAt = System.nanoTime();
      stack.stopRegion("eu-west");
      long detected = -1;
      while (detected < 0 || total < 2 * requests) {
        failed += client.tryComplete("FR", servedBy) ? 0 : 1;
        total++;
        if (detected < 0 && stack.router().health().state("eu-west") == RegionHealth.State.DOWN) {
          detected = System.nanoTime() - killedAt;
        }
        if (System.nanoTime() - killedAt > TimeUnit.SECONDS.toNanos(30)) {
          break;
        }
      }
      long restartedAt = System.nanoTime();
      stack.restartRegion("eu-west");
      long recovered = -1;
      while (recovered < 0 && System.nanoTime() - restartedAt < TimeUnit.SECONDS.toNanos(30)) {
        changes.tryAcquire(100, TimeUnit.MILLISECONDS);
        if (stack.router().health().state("eu-west") == RegionHealth.State.UP) {
          recovered = System.nanoTime() - restartedAt;
        }
        failed += client.tryComplete("FR", servedBy) ? 0 : 1;
        total++;
      }
      for (int i = 0; i < requests; i++, total++) {
        failed += client.tryComplete("FR", servedBy) ? 0 : 1;
      }
      fo.put("requests", total);
      fo.put("failed", failed);
      fo.put("down_detected_after_ms", detected / 1e6);
      fo.put("recovery_detected_after_ms", recovered / 1e6);
      ObjectNode served = fo.putObject("served_by");
      servedBy.forEach(served::put);
      List<String> regions = new ArrayList<>();
      for (Region r : stack.regions()) {
        regions.add(r.name() + " " + r.url());
      }
      out.put("regions", String.join(", ", regions));
    }
    String text = json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out);
    System.out.println(text);
    jsonOutput.write(text);
    return 0;
  }

  /** A client that follows the failover contract. */
  private static final class Client {
    private final HttpClient http;
    private final ObjectMapper json;
    private final int appPort;
    private final String token;

    Client(HttpClient http, ObjectMapper json, int appPort, String token) {
      this.http = http;
      this.json = json;
      this.appPort = appPort;
      this.token = token;
    }

    record Result(String region) {}

    JsonNode route(String location) throws Exception {
      return json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort
          + "/v1/route?location=" + location)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    Result complete(String location) throws Exception {
      JsonNode route = route(location);
      List<String[]> targets = new ArrayList<>();
      targets.add(new String[] {route.get("region").asText(), route.get("url").asText()});
      route.get("alternatives").forEach(a -> targets.add(new String[] {a.get("region").asText(),
          a.get("url").asText()}));
      for (String[] t : targets) {
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(t[1] + "/v1/complete"))
              .header("Authorization", "Bearer " + token).header("x-coclone-location", location)
              .timeout(Duration.ofSeconds(5))
              .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\":\"x = \"}")).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return new Result(t[0]);
          }
        } catch (java.io.IOException regionGone) {
          // Next alternative.
        }
      }
      throw new java.io.IOException("no region answered for " + location);
    }

    boolean tryComplete(String location, Map<String, Integer> servedBy) {
      try {
        Result r = complete(location);
        servedBy.merge(r.region, 1, Integer::sum);
        return true;
      } catch (Exception e) {
        return false;
      }
    }
  }
}
