package dev.coclone.netty.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoCloneAppTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> messages = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  private CoCloneApp.Builder app() throws IOException {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(ws.resolve("util.py"), "def add(a, b):\n    return a + b\n");
    Files.writeString(ws.resolve("Cart.java"), "class Cart {\n  int total(int price, int quantity) {\n"
        + "    return price * quantity;\n  }\n}\n");
    return CoCloneApp.builder().workspace(ws).home(dir.resolve("home")).jdkSources(null)
        .backend(BackendKind.EMBEDDED).port(0).messages(messages::add);
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void startsOnAFreePortServesHealthzAndTheWorkspaceThenCloses() throws Exception {
    int port;
    try (CoCloneApp app = app().build().start()) {
      port = app.port();
      assertTrue(port > 0, "bound port " + port);
      HttpResponse<String> health = get(port, "/healthz", null);
      assertEquals(200, health.statusCode(), health.body());

      HttpResponse<String> files = get(port, "/v1/files", app.issueToken());
      assertEquals(200, files.statusCode(), files.body());
      assertTrue(files.body().contains("util.py") && files.body().contains("Cart.java"), files.body());
      assertEquals(List.of(), app.regions());
    }
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("generated an API key")), messages.toString());
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("indexed 2 files of ")), messages.toString());
    assertTrue(messages.contains("using the embedded engine (no model server needed)"), messages.toString());
    assertThrows(IOException.class, () -> get(port, "/healthz", null), "the port is closed after close()");
  }

  @Test
  void aPortInUseIsSaidAtOnceBeforeTheWorkspaceIsIndexed() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> app().port(port).build().start());
      assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + " ("), e.getMessage());
      assertTrue(e.getMessage().endsWith("Choose another port with --port"), e.getMessage());
      assertTrue(messages.stream().noneMatch(m -> m.startsWith("indexed ")), "nothing indexed first: " + messages);
    }
  }

  /** The status line of a raw HTTP/1.1 request with the given Host (the JDK client will not forge Host). */
  private static String statusWithHost(int port, String host) throws IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void printsALoginUrlAndAnswersOnlyToTheHostsItWasGiven() throws Exception {
    try (CoCloneApp app = app().allowHost("dev.example").build().start()) {
      assertTrue(app.loginUrl().startsWith("http://localhost:" + app.port() + "/?login="), app.loginUrl());
      assertTrue(statusWithHost(app.port(), "dev.example:" + app.port()).contains(" 200 "));
      assertTrue(statusWithHost(app.port(), "localhost:" + app.port()).contains(" 200 "));
      assertTrue(statusWithHost(app.port(), "evil.example:" + app.port()).contains(" 403 "));
    }
    try (CoCloneApp app = app().noLogin(true).build().start()) {
      assertEquals("http://localhost:" + app.port() + "/", app.loginUrl());
    }
  }

  @Test
  void theApiKeyGivenIsExchangedForTokens() throws Exception {
    try (CoCloneApp app = app().apiKey("key-given").build().start()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
          + "/v1/token")).header("Authorization", "Bearer key-given").POST(HttpRequest.BodyPublishers.noBody())
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode token = json.readTree(r.body()).get("token");
      assertEquals(200, get(app.port(), "/v1/info", token.asText()).statusCode());
      assertEquals("key-given", app.apiKey());
    }
    assertTrue(messages.stream().noneMatch(m -> m.contains("API key")), messages.toString());
  }

  @Test
  void multiRegionModeServesTheSameAppBehindFourProxies() throws Exception {
    try (CoCloneApp app = app().multiRegion(0).checkInterval(Duration.ofMillis(200)).build().start()) {
      assertEquals(4, app.regions().size());
      assertEquals(200, get(app.port(), "/healthz", null).statusCode());
      HttpResponse<String> files = get(app.port(), "/v1/files", app.issueToken());
      assertTrue(files.body().contains("util.py"), files.body());
      HttpResponse<String> route = get(app.port(), "/v1/route?location=eu", null);
      assertEquals("eu-west", json.readTree(route.body()).get("region").asText(), route.body());
    }
  }

  @Test
  void aWorkspaceThatIsNotAFolderIsRefusedAtBuild() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder.txt"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CoCloneApp.builder().workspace(file).build());
    assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
  }

  @Test
  void aPortTakenIsAClearErrorThatNamesItAndLeavesTheFirstAppServing() throws Exception {
    try (CoCloneApp first = app().build().start()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> app().port(first.port()).build().start());
      assertTrue(e.getMessage().contains(String.valueOf(first.port())), e.getMessage());
      assertEquals(200, get(first.port(), "/healthz", null).statusCode());
    }
  }
}
