package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.signature.FileEdits;
import dev.coclone.signature.SignatureAdvisor;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/signatures/apply} on a real workspace folder: the files on disk change, safely. */
class SignatureApplyDiskTest {
  private static final String CART = """
      package shop;

      public class Cart {
        public int add(String item, int quantity) {
          return quantity;
        }
      }
      """;
  private static final String CHECKOUT = """
      package shop;

      public class Checkout {
        int run(Cart cart) {
          return cart.add("apple", 2);
        }
      }
      """;
  private static final String CART_WITH_GIFT = CART.replace("int quantity)", "int quantity, boolean gift)");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CompletionEngine engine = CompletionEngine.builder().backend(new ScriptedBackend()).cache(null)
      .build();
  private Workspace workspace;
  private SignatureRoutes signatures;
  private StandardServer server;
  private String token;

  @TempDir
  Path root;

  private void start(boolean readOnly) throws Exception {
    Files.createDirectories(root.resolve("src/shop"));
    Files.writeString(root.resolve("src/shop/Cart.java"), CART);
    Files.writeString(root.resolve("src/shop/Checkout.java"), CHECKOUT);
    workspace = new Workspace(root);
    workspace.scan(null);
    signatures = new SignatureRoutes(workspace, new SignatureTracker(), new SignatureAdvisor(engine), json, readOnly)
        .start();
    server = StandardServer.builder().engine(engine).apiKey("k").addRoutes(signatures.routes())
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).port(0).build().start();
    token = server.issueToken();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      signatures.close();
      workspace.close();
    }
    engine.close();
  }

  private HttpResponse<String> post(String path, Object body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The apply request for the caller's edits that changing Cart.add calls for. */
  private ObjectNode applyForGift() throws Exception {
    HttpResponse<String> d = post("/v1/signatures/detect", json.createObjectNode().put("path", "src/shop/Cart.java")
        .put("text", CART_WITH_GIFT));
    assertEquals(200, d.statusCode(), d.body());
    JsonNode fileEdit = json.readTree(d.body()).at("/reports/0/file_edits/0");
    assertEquals("src/shop/Checkout.java", fileEdit.path("path").asText(), d.body());
    ObjectNode apply = json.createObjectNode().put("path", "src/shop/Checkout.java")
        .put("base_sha256", fileEdit.get("base_sha256").asText());
    apply.set("edits", fileEdit.get("edits"));
    return apply;
  }

  @Test
  void applyWritesTheFileOnDiskAndSaysWhichLinesChanged() throws Exception {
    start(false);
    HttpResponse<String> r = post("/v1/signatures/apply", applyForGift());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode a = json.readTree(r.body());
    String disk = Files.readString(root.resolve("src/shop/Checkout.java"));
    assertTrue(disk.contains("cart.add(\"apple\", 2, /* TODO: gift */ false)"), disk);
    assertEquals(disk, a.get("text").asText());
    assertEquals(FileEdits.sha256(disk), a.get("sha256").asText());
    assertTrue(a.get("on_disk").asBoolean(), r.body());
    assertEquals(FileEdits.sha256(CHECKOUT), a.get("previous_sha256").asText(), "for an undo with If-Match");
    assertEquals("[5]", a.get("changed_lines").toString(), r.body());
    try (var tmp = Files.list(root.resolve("src/shop"))) {
      assertEquals(2, tmp.count(), "no temporary file left behind by the atomic write");
    }
  }

  @Test
  void aFileChangedOnDiskSinceTheEditsWereMadeIsNotOverwritten() throws Exception {
    start(false);
    ObjectNode apply = applyForGift();
    // Someone edits the caller in another editor after the check, before Apply.
    String theirs = CHECKOUT.replace("int run(Cart cart) {", "int run(Cart cart) { // checked by hand");
    Files.writeString(root.resolve("src/shop/Checkout.java"), theirs);
    HttpResponse<String> r = post("/v1/signatures/apply", apply);
    assertEquals(409, r.statusCode(), r.body());
    JsonNode e = json.readTree(r.body()).get("error");
    assertEquals("stale_edit", e.get("code").asText(), r.body());
    assertTrue(e.get("message").asText().contains("changed since"), r.body());
    assertEquals(theirs, Files.readString(root.resolve("src/shop/Checkout.java")), "their edit is kept");
    assertEquals(theirs, workspace.get("src/shop/Checkout.java").orElseThrow().text(),
        "the server now holds the disk's version, so detection gives fresh edits");
  }

  @Test
  void readOnlyAppliesInMemoryAndLeavesTheDiskAlone() throws Exception {
    start(true);
    HttpResponse<String> r = post("/v1/signatures/apply", applyForGift());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode a = json.readTree(r.body());
    assertFalse(a.get("on_disk").asBoolean(), r.body());
    assertEquals(CHECKOUT, Files.readString(root.resolve("src/shop/Checkout.java")));
    assertTrue(workspace.get("src/shop/Checkout.java").orElseThrow().text().contains("/* TODO: gift */"));
  }

  @Test
  void aPathThroughALinkOutOfTheWorkspaceIsRefused(@TempDir Path outside) throws Exception {
    start(false);
    Files.writeString(outside.resolve("Secret.java"), CHECKOUT);
    Files.createSymbolicLink(root.resolve("out"), outside);
    ObjectNode apply = applyForGift().put("path", "out/Secret.java");
    HttpResponse<String> r = post("/v1/signatures/apply", apply);
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("invalid_path", json.readTree(r.body()).at("/error/code").asText(), r.body());
    assertEquals(CHECKOUT, Files.readString(outside.resolve("Secret.java")));
  }
}
