package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.testing.ScriptedReply;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real {@code /metrics} scrape, after traffic of every kind that it counts, passes Prometheus's
 * own parser and linter ({@code promtool check metrics}), installed by .ci/install-deps.sh.
 */
class PromtoolMetricsTest {
  /** promtool on the PATH; like the browser tests' Chromium, a missing one fails the test and says how to get it. */
  private static File promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "promtool");
      if (f.canExecute()) {
        return f;
      }
    }
    throw new IllegalStateException("promtool is not on the PATH: run .ci/install-deps.sh (it installs promtool "
        + "from Debian's prometheus package)");
  }

  /** Runs {@code promtool check metrics} on a scrape; gives its exit code and what it printed. */
  private static String check(String scrape, int[] exit) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(promtool().getPath(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(scrape.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool did not finish in 30 s: " + out);
    }
    exit[0] = p.exitValue();
    return out;
  }

  @Test
  void aRealScrapePassesPromtoolsParserAndLinter() throws Exception {
    try (ServiceFixture f = new ServiceFixture()) {
      f.backend.enqueue(ScriptedReply.tokens("a;").build());
      assertEquals(200, f.post("/v1/complete", f.token, "{\"prefix\":\"x = \"}").statusCode());
      f.post("/v1/complete", f.token, "{\"prefix\":\"x = \"}"); // a cache hit
      f.post("/v1/complete", "not-a-token", "{\"prefix\":\"x = \"}"); // refused
      for (String type : new String[] {"view", "select"}) {
        f.post("/v1/events", f.token, "{\"type\": \"" + type + "\", \"completion_id\": \"cmpl-1\"}");
      }
      String scrape = f.get("/metrics", null).body();
      assertTrue(scrape.contains("coclone_completion_latency_seconds_count"), scrape);
      int[] exit = {-1};
      String out = check(scrape, exit);
      assertEquals(0, exit[0], "promtool check metrics found problems:\n" + out + "\nin:\n" + scrape);
    }
  }

  @Test
  void promtoolReallyFlagsAMillisecondName() throws Exception {
    // The check above could pass by promtool accepting anything: a name in ms is linted.
    int[] exit = {-1};
    String out = check("# HELP x_latency_ms latency.\n# TYPE x_latency_ms gauge\nx_latency_ms 1\n", exit);
    assertTrue(exit[0] != 0 && out.contains("x_latency_ms"), exit[0] + ": " + out);
  }
}
