package dev.coclone.netty;

import dev.coclone.netty.service.StandardServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.proxy.RegionalProxy;
import dev.coclone.netty.service.WorkspaceRoutes;
import dev.coclone.netty.testing.H2TestClient;
import dev.coclone.testing.ScriptedBackend;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Host allow-list, the pages' one-time login and their session cookie. */
class PageLoginTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final ObjectMapper json = new ObjectMapper();
  private CompletionEngine engine;
  private dev.coclone.workspace.Workspace workspace;
  private StandardServer server;

  @BeforeEach
  void start() throws Exception {
    engine = CompletionEngine.builder().backend(new ScriptedBackend("m")).cache(null).build();
    workspace = new dev.coclone.workspace.Workspace(null);
    workspace.put("util.py", "def secret():\n    return 42\n");
    server = server(StandardServer.builder()).start();
  }

  private StandardServer server(StandardServer.Builder b) {
    dev.coclone.context.ContextIndex index = new dev.coclone.context.ContextIndex();
    Routes files = new WorkspaceRoutes(workspace, new dev.coclone.context.ContextRetriever(index,
        workspace::recentlyEdited), dev.coclone.prompt.FimTemplate.DEEPSEEK_CODER, 1024, json).routes();
    return b.engine(engine).apiKey("key-1").signingSecret(SECRET).addRoutes(files).port(0).build();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  /** A response read off a raw socket. */
  private record Raw(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
          return line.substring(name.length() + 1).strip();
        }
      }
      return null;
    }
  }

  /** Sends HTTP/1.1 as curl would, with any Host the caller likes. */
  private static Raw raw(int port, String method, String path, String host, String body, String... headers)
      throws Exception {
    StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
        + "Connection: close\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    req.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      String text = out.toString(StandardCharsets.UTF_8);
      int cut = text.indexOf("\r\n\r\n");
      return new Raw(Integer.parseInt(text.substring(9, 12)), text.substring(0, cut), text.substring(cut + 4));
    }
  }

  private String loginToken(String url) {
    return url.substring(url.indexOf("login=") + "login=".length());
  }

  private Raw logIn(String loginToken) throws Exception {
    return raw(server.port(), "POST", "/v1/login", "localhost:" + server.port(),
        "{\"login\":\"" + loginToken + "\"}", "Content-Type", "application/json", "X-CoClone-Page", "1");
  }

  private Raw logIn(String loginToken, String proof) throws Exception {
    return raw(server.port(), "POST", "/v1/login", "localhost:" + server.port(),
        "{\"login\":\"" + loginToken + "\",\"proof\":\"" + proof + "\"}", "Content-Type", "application/json",
        "X-CoClone-Page", "1");
  }

  private static String code(Raw r) throws Exception {
    return new ObjectMapper().readTree(r.body()).at("/error/code").asText();
  }

  private static String cookieOf(Raw login) {
    String set = login.header("set-cookie");
    return set.substring(0, set.indexOf(';'));
  }

  @Test
  void aForgedHostIsRefusedAtPageTokenFilesAndThePagesSayingHowToAllowIt() throws Exception {
    int port = server.port();
    String evil = "evil.example:" + port;
    Raw pageToken = raw(port, "POST", "/v1/page-token", evil, null, "Origin", "http://" + evil,
        "X-CoClone-Page", "1");
    assertEquals(403, pageToken.status(), pageToken.body());
    assertEquals("host_not_allowed", code(pageToken));
    assertTrue(pageToken.body().contains("--allow-host evil.example"), pageToken.body());
    Raw files = raw(port, "GET", "/v1/files/util.py", evil, null, "Authorization", "Bearer " + server.issueToken());
    assertEquals(403, files.status(), files.body());
    assertTrue(!files.body().contains("return 42"));
    assertEquals(403, raw(port, "GET", "/", evil, null).status(), "public routes too");
    assertEquals(403, raw(port, "GET", "/", "localhost:" + (port == 1 ? 2 : port - 1), null).status(),
        "another port is another server");
    assertEquals(200, raw(port, "GET", "/v1/files/util.py", "127.0.0.1:" + port, null,
        "Authorization", "Bearer " + server.issueToken()).status());
    assertEquals(200, raw(port, "GET", "/", "localhost:" + port, null).status());
    assertEquals(200, raw(port, "GET", "/", "[::1]:" + port, null).status());
  }

  @Test
  void aForgedAuthorityOverHttp2IsRefusedToo() throws Exception {
    try (H2TestClient c = new H2TestClient(server.port())) {
      H2TestClient.Stream s = c.request("GET", "/v1/files/util.py", server.issueToken(), null,
          "evil.example:" + server.port());
      String body = s.body();
      assertEquals(403, s.status(), body);
      assertTrue(body.contains("host_not_allowed"), body);
      H2TestClient.Stream ok = c.request("GET", "/v1/files/util.py", server.issueToken(), null,
          "localhost:" + server.port());
      assertTrue(ok.body().contains("return 42"));
      assertEquals(200, ok.status());
    }
  }

  @Test
  void aNameGivenToTheBuilderIsAnswered() throws Exception {
    server.close();
    server = server(StandardServer.builder().allowHost("coclone.lan")).start();
    assertEquals(200, raw(server.port(), "GET", "/", "coclone.lan:" + server.port(), null).status());
    assertEquals(403, raw(server.port(), "GET", "/", "evil.lan:" + server.port(), null).status());
  }

  @Test
  void aCurlLikeClientWithAForgedOriginAndPageHeaderGetsNoToken() throws Exception {
    int port = server.port();
    String host = "127.0.0.1:" + port;
    Raw r = raw(port, "POST", "/v1/page-token", host, null, "Origin", "http://" + host, "X-CoClone-Page", "1");
    assertEquals(401, r.status(), r.body());
    assertEquals("not_logged_in", code(r));
    assertTrue(!r.body().contains("\"token\""));
  }

  @Test
  void theLoginTokenWorksOnceAndItsCookieGetsPageTokens() throws Exception {
    String url = server.loginUrl();
    assertTrue(url.startsWith("http://localhost:" + server.port() + "/?login="), url);
    Raw first = logIn(loginToken(url));
    assertEquals(200, first.status(), first.body());
    String setCookie = first.header("set-cookie");
    assertTrue(setCookie.startsWith("coclone_session_" + server.port() + "="), setCookie);
    assertTrue(setCookie.contains("HTTPOnly") || setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    Raw again = logIn(loginToken(url));
    assertEquals(401, again.status(), again.body());
    assertEquals("invalid_login", code(again));

    Raw token = raw(server.port(), "POST", "/v1/page-token", "localhost:" + server.port(), null,
        "Cookie", cookieOf(first), "X-CoClone-Page", "1");
    assertEquals(200, token.status(), token.body());
    String bearer = json.readTree(token.body()).get("token").asText();
    assertEquals(200, raw(server.port(), "GET", "/v1/info", "localhost:" + server.port(), null,
        "Authorization", "Bearer " + bearer).status());
  }

  @Test
  void aSpentLinkLogsInAgainOnlyTheClientThatSentItsProofFirst() throws Exception {
    String t = loginToken(server.newLoginUrl("/"));
    String proof = "Zm9yIHRoZSBicm93c2VyIHRoYXQgbGVmdCBlYXJseQ";
    Raw first = logIn(t, proof);
    assertEquals(200, first.status(), first.body());
    Raw other = logIn(t);
    assertEquals(401, other.status(), "another client without the proof: " + other.body());
    assertEquals("invalid_login", code(other));
    assertEquals(401, logIn(t, "YW5vdGhlciBjbGllbnQncyBvd24gcHJvb2YgdmFsdWU").status(), "with a proof of its own");
    Raw again = logIn(t, proof);
    assertEquals(200, again.status(), "the page that left before reading the answer: " + again.body());
    assertNotEquals(cookieOf(first), cookieOf(again));
    assertEquals(200, raw(server.port(), "POST", "/v1/page-token", "localhost:" + server.port(), null,
        "Cookie", cookieOf(again), "X-CoClone-Page", "1").status());
  }

  @Test
  void theCookieWorksOnlyWithThePagesOwnHeader() throws Exception {
    Raw login = logIn(loginToken(server.newLoginUrl("/ide")));
    assertEquals(200, login.status(), login.body());
    String host = "localhost:" + server.port();
    Raw withHeader = raw(server.port(), "GET", "/v1/files/util.py", host, null, "Cookie", cookieOf(login),
        "X-CoClone-Page", "1");
    assertEquals(200, withHeader.status(), withHeader.body());
    Raw without = raw(server.port(), "GET", "/v1/files/util.py", host, null, "Cookie", cookieOf(login));
    assertEquals(403, without.status(), without.body());
    assertEquals("page_header_missing", code(without));
    Raw tokenWithout = raw(server.port(), "POST", "/v1/page-token", host, null, "Cookie", cookieOf(login));
    assertEquals(403, tokenWithout.status());
    Raw forgedCookie = raw(server.port(), "GET", "/v1/files/util.py", host, null,
        "Cookie", "coclone_session_" + server.port() + "=made-up", "X-CoClone-Page", "1");
    assertEquals(401, forgedCookie.status());
  }

  @Test
  void aLoginWithoutThePageHeaderIsRefusedAndDoesNotSpendTheToken() throws Exception {
    String t = loginToken(server.newLoginUrl("/"));
    Raw noHeader = raw(server.port(), "POST", "/v1/login", "localhost:" + server.port(),
        "{\"login\":\"" + t + "\"}", "Content-Type", "application/json");
    assertEquals(403, noHeader.status());
    assertEquals(200, logIn(t).status());
    assertNotEquals(loginToken(server.newLoginUrl("/")), loginToken(server.newLoginUrl("/")));
  }

  @Test
  void aTokenHolderGetsAnotherOneTimeLoginLink() throws Exception {
    Raw link = raw(server.port(), "POST", "/v1/login-link", "localhost:" + server.port(), null,
        "Authorization", "Bearer " + server.issueToken());
    assertEquals(200, link.status(), link.body());
    String url = json.readTree(link.body()).get("url").asText();
    assertTrue(url.startsWith("http://localhost:" + server.port() + "/?login="), url);
    assertEquals(200, logIn(loginToken(url)).status());
    assertEquals(401, logIn(loginToken(url)).status());
    assertEquals(401, raw(server.port(), "POST", "/v1/login-link", "localhost:" + server.port(), null).status(),
        "only with a token");
  }

  @Test
  void noLoginRestoresSameOriginPageTokensButKeepsTheHostCheck() throws Exception {
    server.close();
    server = server(StandardServer.builder().noLogin(true)).start();
    assertEquals("http://localhost:" + server.port() + "/", server.loginUrl());
    HttpResponse<String> ok = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/page-token"))
            .header("Origin", "http://127.0.0.1:" + server.port()).header("X-CoClone-Page", "1")
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode(), ok.body());
    String evil = "evil.example:" + server.port();
    assertEquals(403, raw(server.port(), "POST", "/v1/page-token", evil, null, "Origin", "http://" + evil,
        "X-CoClone-Page", "1").status());
    IllegalStateException wide = assertThrows(IllegalStateException.class, () -> StandardServer.builder()
        .engine(engine).apiKey("k").signingSecret(SECRET).host("0.0.0.0").noLogin(true).build());
    assertTrue(wide.getMessage().contains("loopback"), wide.getMessage());
  }

  @Test
  void theProxyRefusesAForgedHostAndNamesTheServiceByItsOwnAuthority() throws Exception {
    try (RegionalProxy proxy = RegionalProxy.builder().upstream("127.0.0.1", server.port()).signingSecret(SECRET)
        .port(0).build().start()) {
      String evil = "evil.example:" + proxy.port();
      Raw page = raw(proxy.port(), "POST", "/v1/page-token", evil, null, "Origin", "http://" + evil,
          "X-CoClone-Page", "1");
      assertEquals(403, page.status(), page.body());
      assertEquals("host_not_allowed", code(page));
      Raw files = raw(proxy.port(), "GET", "/v1/files/util.py", evil, null,
          "Authorization", "Bearer " + server.issueToken());
      assertEquals(403, files.status());
      // Relayed with the service's own authority, the request is the service's to answer.
      Raw relayed = raw(proxy.port(), "GET", "/v1/files/util.py", "localhost:" + proxy.port(), null,
          "Authorization", "Bearer " + server.issueToken());
      assertEquals(200, relayed.status(), relayed.body());
      String local = "127.0.0.1:" + proxy.port();
      Raw forgedPage = raw(proxy.port(), "POST", "/v1/page-token", local, null, "Origin", "http://" + local,
          "X-CoClone-Page", "1");
      assertEquals(401, forgedPage.status(), forgedPage.body());
    }
  }
}
