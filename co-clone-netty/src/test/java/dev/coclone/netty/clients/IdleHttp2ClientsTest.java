package dev.coclone.netty.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coclone.netty.ServiceAndProxy;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real HTTP/2 clients built on nghttp2 (Node's http2, h2load, curl), which fail a connection on
 * a frame the server should not have sent (a second SETTINGS acknowledgement, say), at the
 * service and at the regional proxy's client edge, by prior knowledge and by TLS with ALPN h2:
 * a connection that first sits idle (the server's stand-in for its frame codec answers) and
 * then sends requests, and connections that send their first request at once.
 */
@Timeout(180)
class IdleHttp2ClientsTest {
  private ServiceAndProxy pair;

  @BeforeEach
  void start() throws Exception {
    pair = ServiceAndProxy.start(true);
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  private List<String> urls() {
    List<String> urls = new ArrayList<>();
    for (int port : pair.ports()) {
      urls.add("http://127.0.0.1:" + port);
      urls.add("https://127.0.0.1:" + port);
    }
    return urls;
  }

  @Test
  void nodeHttp2SitsIdleThroughSettingsAndPingsThenGetsItsAnswers() throws Exception {
    for (String url : urls()) {
      NodeClient.Result r = NodeClient.run("http2-idle.mjs", 60, url, "/healthz", "3");
      assertEquals(0, r.exitCode(), url + ": " + r.stdout() + r.stderr());
      assertEquals(List.of("{\"remoteSettings\":true}", "{\"pings\":3}", "{\"status\":200}", "{\"status\":200}",
          "{\"status\":200}", "{\"closed\":true,\"failed\":false}"), r.lines(), url + ": " + r.stderr());
    }
  }

  @Test
  void h2loadGetsEveryAnswerOnConnectionsThatAskAtOnce() throws Exception {
    assumeTrue(onPath("h2load"), "h2load (nghttp2-client) is not installed");
    for (String url : urls()) {
      String out = run(List.of("h2load", "-n", "200", "-c", "8", "-m", "4", url + "/healthz"));
      assertTrue(out.contains("200 succeeded, 0 failed, 0 errored"), url + ": " + out);
    }
  }

  @Test
  void curlGetsItsAnswerOverHttp2() throws Exception {
    assumeTrue(onPath("curl"), "curl is not installed");
    for (String url : urls()) {
      List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{http_version}",
          "--max-time", "20"));
      cmd.add(url.startsWith("https") ? "--http2" : "--http2-prior-knowledge");
      if (url.startsWith("https")) {
        cmd.add("-k");
      }
      cmd.add(url + "/healthz");
      assertEquals("200 2", run(cmd).trim(), url);
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command and gives back its standard output and error; fails the test if it hangs or fails. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("h2-client", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      boolean done = p.waitFor(60, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      assertTrue(done, command.get(0) + " did not finish in 60 s: " + text);
      assertEquals(0, p.exitValue(), command + ": " + text);
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
