package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.context.ContextIndex;
import dev.coclone.context.ContextRetriever;
import dev.coclone.netty.Routes;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.signature.SignatureAdvisor;
import dev.coclone.signature.SignatureTracker;
import dev.coclone.testing.ScriptedBackend;
import dev.coclone.testing.ScriptedReply;
import dev.coclone.workspace.Workspace;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signature routes on a real server (port 0) with a real workspace and a scripted model. */
class SignatureRoutesTest {
  private static final String CART = """
      package shop;

      public class Cart {
        private int total;

        public int add(String item, int quantity) {
          total += quantity;
          return total;
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
  private static final String CART_WITH_DECIMAL = CART.replace("int quantity)", "java.math.BigDecimal quantity)");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ScriptedBackend backend;
  private CompletionEngine engine;
  private Workspace workspace;
  private SignatureRoutes signatures;
  private StandardServer server;
  private String token;

  @BeforeEach
  void start() throws Exception {
    backend = new ScriptedBackend("coder");
    engine = CompletionEngine.builder().backend(backend).cache(null).build();
    workspace = new Workspace(null);
    workspace.put("src/shop/Cart.java", CART);
    workspace.put("src/shop/Checkout.java", CHECKOUT);
    workspace.put("README.md", "# shop\n");
    ContextIndex index = new ContextIndex();
    workspace.addListener(index);
    signatures = new SignatureRoutes(workspace, new SignatureTracker(), new SignatureAdvisor(engine), json).start();
    Routes routes = Routes.builder()
        .addAll(new WorkspaceRoutes(workspace, new ContextRetriever(index, workspace::recentlyEdited),
            FimTemplate.DEEPSEEK_CODER, 1024, json).routes())
        .addAll(signatures.routes()).build();
    server = StandardServer.builder().engine(engine).apiKey("k").addRoutes(routes)
        .signingSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).port(0).build().start();
    token = server.issueToken();
  }

  @AfterEach
  void stop() {
    server.close();
    signatures.close();
    engine.close();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Object body) throws Exception {
    String text = body instanceof String s ? s : json.writeValueAsString(body);
    return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(text)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String path, String text) throws Exception {
    return http.send(request(path).PUT(HttpRequest.BodyPublishers.ofString(text)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body());
  }

  private ObjectNode body(String... pairs) {
    ObjectNode n = json.createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      n.put(pairs[i], pairs[i + 1]);
    }
    return n;
  }

  private JsonNode error(HttpResponse<String> r, int status) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    return json.readTree(r.body()).get("error");
  }

  @Test
  void scanListsEveryTrackedFileWithItsSignatures() throws Exception {
    JsonNode n = ok(get("/v1/signatures"));
    assertEquals(2, n.get("files").size(), n.toString());
    JsonNode cart = n.get("files").get(0);
    assertEquals("src/shop/Cart.java", cart.get("path").asText());
    assertEquals("java", cart.get("language").asText());
    assertTrue(cart.get("problem").isNull());
    JsonNode add = cart.get("signatures").get(0);
    assertEquals("add", add.get("name").asText());
    assertEquals("Cart", add.get("container").asText());
    assertEquals("method", add.get("kind").asText());
    assertEquals("int", add.get("return_type").asText());
    assertEquals("quantity", add.get("parameters").get(1).get("name").asText());
    assertEquals("public int add(String item, int quantity)", add.get("text").asText());
    assertEquals(6, add.get("line").asInt());
    assertEquals(2, n.get("functions").asInt());
  }

  @Test
  void scanShowsAFileThatDoesNotParse() throws Exception {
    ok(put("/v1/files/src/shop/Broken.java", "class Broken { void f( }"));
    JsonNode files = ok(get("/v1/signatures")).get("files");
    JsonNode broken = files.get(0);
    assertEquals("src/shop/Broken.java", broken.get("path").asText());
    assertEquals(0, broken.get("signatures").size());
    assertTrue(broken.get("problem").get("message").asText().length() > 0, broken.toString());
  }

  @Test
  void detectFindsTheCallerOfAnAddedParameterWithItsEditAndDiff() throws Exception {
    JsonNode d = ok(post("/v1/signatures/detect", body("path", "src/shop/Cart.java", "text", CART_WITH_GIFT)));
    assertTrue(d.get("problem").isNull());
    JsonNode report = d.get("reports").get(0);
    assertEquals("[\"parameter_added\"]", report.get("change").get("kinds").toString());
    assertTrue(report.get("change").get("breaks_callers").asBoolean());
    assertTrue(report.get("change").get("mechanical").asBoolean());
    assertEquals("public int add(String item, int quantity, boolean gift)", report.get("change").get("after").asText());
    JsonNode site = report.get("dependents").get(0);
    assertEquals("src/shop/Checkout.java", site.get("path").asText());
    assertEquals(5, site.get("line").asInt());
    assertEquals("call", site.get("kind").asText());
    assertTrue(site.get("edit").get("new_text").asText().contains("false"), site.toString());
    JsonNode fileEdit = report.get("file_edits").get(0);
    assertEquals("src/shop/Checkout.java", fileEdit.get("path").asText());
    String diff = fileEdit.get("diff").asText();
    assertTrue(diff.startsWith("--- a/src/shop/Checkout.java\n+++ b/src/shop/Checkout.java\n"), diff);
    assertTrue(diff.contains("-    return cart.add(\"apple\", 2);\n+    return cart.add(\"apple\", 2, "), diff);
    // Detection changes nothing.
    assertEquals(0, ok(get("/v1/signatures/pending")).get("reports").size());
  }

  @Test
  void everyFieldNameIsSnakeCaseLikeTheRestOfTheApi() throws Exception {
    ok(put("/v1/files/src/shop/Cart.java", CART_WITH_DECIMAL));
    JsonNode pending = ok(get("/v1/signatures/pending"));
    JsonNode detect = ok(post("/v1/signatures/detect", body("path", "src/shop/Cart.java", "text", CART_WITH_GIFT)));
    for (JsonNode answer : new JsonNode[] {ok(get("/v1/signatures")), pending, detect}) {
      assertSnakeCase(answer, "");
    }
    JsonNode report = detect.get("reports").get(0);
    assertTrue(report.has("file_edits") && report.has("elapsed_millis"), report.toString());
    assertTrue(report.get("change").get("breaks_callers").asBoolean());
    JsonNode edit = report.get("dependents").get(0).get("edit");
    for (String field : new String[] {"start_line", "start_column", "end_line", "end_column", "old_text", "new_text"}) {
      assertTrue(edit.has(field), field + " in " + edit);
    }
    assertTrue(report.get("file_edits").get(0).get("base_sha256").asText().length() == 64);
  }

  @Test
  void aCamelCaseFieldIsNotReadAndTheErrorSaysSo() throws Exception {
    JsonNode e = error(post("/v1/signatures/apply", body("path", "src/shop/Checkout.java", "baseSha256", "00")), 400);
    assertEquals("missing_field", e.get("code").asText());
    assertTrue(e.get("message").asText().contains("'base_sha256' is required"), e.toString());
    assertTrue(e.get("message").asText().contains("'baseSha256' is not read"), e.toString());
  }

  private static void assertSnakeCase(JsonNode n, String where) {
    if (n.isObject()) {
      n.fields().forEachRemaining(f -> {
        assertTrue(f.getKey().matches("[a-z][a-z0-9_]*"), "field '" + f.getKey() + "' at " + where);
        assertSnakeCase(f.getValue(), where + "." + f.getKey());
      });
    } else if (n.isArray()) {
      n.forEach(x -> assertSnakeCase(x, where + "[]"));
    }
  }

  @Test
  void applyWritesTheWorkspaceAndAStaleEditGets409() throws Exception {
    JsonNode report = ok(post("/v1/signatures/detect", body("path", "src/shop/Cart.java", "text", CART_WITH_GIFT)))
        .get("reports").get(0);
    JsonNode fileEdit = report.get("file_edits").get(0);
    ObjectNode apply = json.createObjectNode().put("path", "src/shop/Checkout.java")
        .put("base_sha256", fileEdit.get("base_sha256").asText());
    apply.set("edits", fileEdit.get("edits"));
    JsonNode applied = ok(post("/v1/signatures/apply", apply));
    assertTrue(applied.get("text").asText().contains("cart.add(\"apple\", 2, /* TODO: gift */ false)"),
        applied.toString());
    assertEquals(applied.get("text").asText(), workspace.get("src/shop/Checkout.java").orElseThrow().text());
    assertEquals(64, applied.get("sha256").asText().length());
    JsonNode stale = error(post("/v1/signatures/apply", apply), 409);
    assertEquals("stale_edit", stale.get("code").asText());
    assertTrue(stale.get("message").asText().contains("changed since"), stale.toString());
  }

  @Test
  void detectingAnUnsavedBufferAgainAfterItsCallerWasUpdatedLeavesNoSiteToUpdate() throws Exception {
    JsonNode fileEdit = ok(post("/v1/signatures/detect", body("path", "src/shop/Cart.java", "text", CART_WITH_GIFT)))
        .get("reports").get(0).get("file_edits").get(0);
    ObjectNode apply = json.createObjectNode().put("path", fileEdit.get("path").asText())
        .put("base_sha256", fileEdit.get("base_sha256").asText());
    apply.set("edits", fileEdit.get("edits"));
    ok(post("/v1/signatures/apply", apply));
    // What the editor does after Apply: the buffer (still unsaved) is detected again.
    JsonNode again = ok(post("/v1/signatures/detect", body("path", "src/shop/Cart.java", "text", CART_WITH_GIFT)));
    for (JsonNode report : again.get("reports")) {
      for (JsonNode site : report.get("dependents")) {
        assertTrue(!site.get("breaks").asBoolean() && site.get("edit").isNull(), again.toString());
      }
    }
  }

  @Test
  void aSyncedFileMakesItsChangePendingUntilDismissed() throws Exception {
    ok(put("/v1/files/src/shop/Cart.java", CART_WITH_GIFT));
    JsonNode pending = ok(get("/v1/signatures/pending")).get("reports");
    assertEquals(1, pending.size(), pending.toString());
    JsonNode report = pending.get(0);
    assertEquals("add", report.get("change").get("name").asText());
    assertEquals("src/shop/Checkout.java", report.get("dependents").get(0).get("path").asText());
    assertEquals("no_such_report", error(post("/v1/signatures/dismiss", body("id", "nope")), 404)
        .get("code").asText());
    assertTrue(ok(post("/v1/signatures/dismiss", body("id", report.get("id").asText()))).get("dismissed").asBoolean());
    assertEquals(0, ok(get("/v1/signatures/pending")).get("reports").size());
  }

  @Test
  void applyingEverySiteClearsThePendingChange() throws Exception {
    ok(put("/v1/files/src/shop/Cart.java", CART_WITH_GIFT));
    JsonNode fileEdit = ok(get("/v1/signatures/pending")).get("reports").get(0).get("file_edits").get(0);
    ObjectNode apply = json.createObjectNode().put("path", fileEdit.get("path").asText())
        .put("base_sha256", fileEdit.get("base_sha256").asText());
    apply.set("edits", fileEdit.get("edits"));
    ok(post("/v1/signatures/apply", apply));
    assertEquals(0, ok(get("/v1/signatures/pending")).get("reports").size());
  }

  @Test
  void aPastedFunctionIsComparedWithTheWorkspacesDeclaration() throws Exception {
    JsonNode d = ok(post("/v1/signatures/function", body("language", "java", "code",
        "public int add(String item, int quantity, boolean gift) {\n  return 0;\n}")));
    assertTrue(d.get("problem").isNull(), d.toString());
    JsonNode report = d.get("reports").get(0);
    assertEquals("src/shop/Cart.java", report.get("change").get("path").asText());
    assertTrue(report.get("file_edits").get(0).get("diff").asText().contains("+++ b/src/shop/Checkout.java"));
    JsonNode unknown = ok(post("/v1/signatures/function", body("language", "java", "code", "void nothing(int a) {}")));
    assertTrue(unknown.get("problem").get("message").asText().contains("no java function named nothing"),
        unknown.toString());
  }

  @Test
  void badRequestsSayWhatToDo() throws Exception {
    assertEquals("invalid_json", error(post("/v1/signatures/detect", "{\"path\": "), 400).get("code").asText());
    assertEquals("missing_body", error(post("/v1/signatures/detect", ""), 400).get("code").asText());
    JsonNode missing = error(post("/v1/signatures/detect", body("path", "src/shop/Cart.java")), 400);
    assertEquals("missing_field", missing.get("code").asText());
    assertTrue(missing.get("message").asText().contains("'text' is required"));
    assertEquals("invalid_path", error(post("/v1/signatures/detect", body("path", "../etc/passwd", "text", "x")), 400)
        .get("code").asText());
    assertEquals("invalid_path", error(post("/v1/signatures/apply", body("path", "/etc/passwd", "base_sha256", "0")),
        400).get("code").asText());
    assertEquals("no_such_file", error(post("/v1/signatures/detect", body("path", "src/Nope.java", "text", "x")), 404)
        .get("code").asText());
    assertEquals("missing_field", error(post("/v1/signatures/apply", body("path", "src/shop/Cart.java",
        "base_sha256", "00")), 400).get("code").asText());
    assertEquals("missing_field", error(post("/v1/signatures/function", body("language", "java")), 400)
        .get("code").asText());
    assertEquals("missing_field", error(post("/v1/signatures/suggest", body("path", "a.java")), 400)
        .get("code").asText());
    JsonNode notJava = ok(post("/v1/signatures/function", body("language", "cobol", "code", "x")));
    assertTrue(notJava.get("problem").get("message").asText().contains("cobol"));
    assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/v1/signatures")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  private ObjectNode suggestBody(String reportId) {
    return json.createObjectNode().put("report_id", reportId).put("path", "src/shop/Checkout.java").put("line", 5);
  }

  @Test
  void suggestStreamsTheModelsLineAndItsEdit() throws Exception {
    ok(put("/v1/files/src/shop/Cart.java", CART_WITH_DECIMAL));
    JsonNode report = ok(get("/v1/signatures/pending")).get("reports").get(0);
    JsonNode site = report.get("dependents").get(0);
    assertTrue(site.get("edit").isNull(), "a type change has no mechanical edit: " + site);
    backend.enqueue(ScriptedReply.tokens("return cart", ".add(\"apple\", ", "BigDecimal.valueOf(2));", "\n").build());
    HttpResponse<String> r = post("/v1/signatures/suggest", suggestBody(report.get("id").asText()));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    assertTrue(r.body().startsWith("event: token\ndata: {\"text\":\"return cart\"}\n\n"), r.body());
    int done = r.body().indexOf("event: done\ndata: ");
    assertTrue(done > 0, r.body());
    JsonNode s = json.readTree(r.body().substring(done + "event: done\ndata: ".length()).trim());
    assertEquals("return cart.add(\"apple\", BigDecimal.valueOf(2));", s.get("new_text").asText());
    assertEquals(5, s.get("line").asInt());
    assertEquals("scripted/coder", s.get("model").asText());
    // The suggestion's edit applies like any other.
    ObjectNode apply = json.createObjectNode().put("path", "src/shop/Checkout.java")
        .put("base_sha256", s.get("base_sha256").asText());
    apply.putArray("edits").add(s.get("edit"));
    assertTrue(ok(post("/v1/signatures/apply", apply)).get("text").asText()
        .contains("    return cart.add(\"apple\", BigDecimal.valueOf(2));\n"));
  }

  @Test
  void suggestForAChangeSentAsTextNeedsNoSync() throws Exception {
    backend.enqueue(ScriptedReply.tokens("return 0;", "\n").build());
    ObjectNode b = json.createObjectNode().put("path", "src/shop/Checkout.java").put("line", 5);
    b.putObject("change").put("path", "src/shop/Cart.java").put("text", CART_WITH_DECIMAL);
    HttpResponse<String> r = post("/v1/signatures/suggest", b);
    assertTrue(r.body().contains("event: done"), r.body());
    assertEquals("no_such_site", error(post("/v1/signatures/suggest", b.put("line", 2)), 404).get("code").asText());
    assertEquals("no_such_report", error(post("/v1/signatures/suggest", suggestBody("abc")), 404)
        .get("code").asText());
  }

  @Test
  void aTypeScriptChangeReadAroundASyntaxErrorElsewhereIsReportedAndCanBeAdvisedOn() throws Exception {
    ok(put("/v1/files/src/web/price.ts", "export function total(price: number): number {\n  return price;\n}\n"));
    ok(put("/v1/files/src/web/cart.ts", "import { total } from './price';\n\nexport const sum = total(3);\n"));
    // Mid-edit: the new parameter is typed, and a line further down is not finished yet.
    String changed = "export function total(price: number, tax: number): number {\n  return price + tax;\n}\n"
        + "\nexport const broken = ;\n";
    JsonNode d = ok(post("/v1/signatures/detect", body("path", "src/web/price.ts", "text", changed)));
    assertFalse(d.get("problem").isNull(), "the unfinished line is a problem: " + d);
    JsonNode site = d.get("reports").get(0).get("dependents").get(0);
    assertEquals("src/web/cart.ts", site.get("path").asText(), d.toString());
    backend.enqueue(ScriptedReply.tokens("total(3, 0)").build());
    ObjectNode b = json.createObjectNode().put("path", "src/web/cart.ts").put("line", site.get("line").asInt());
    b.putObject("change").put("path", "src/web/price.ts").put("text", changed);
    HttpResponse<String> r = post("/v1/signatures/suggest", b);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("event: done"), r.body());
  }

  @Test
  void aClientLeavingMidSuggestionStopsTheModel() throws Exception {
    ok(put("/v1/files/src/shop/Cart.java", CART_WITH_DECIMAL));
    String id = ok(get("/v1/signatures/pending")).get("reports").get(0).get("id").asText();
    backend.enqueue(ScriptedReply.tokens("x").tokenDelay(Duration.ofMillis(20)).endless().build());
    HttpResponse<InputStream> r = http.send(request("/v1/signatures/suggest").POST(HttpRequest.BodyPublishers
        .ofString(json.writeValueAsString(suggestBody(id)))).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    assertEquals("event: token", lines.readLine());
    assertEquals(1, ok(get("/v1/info")).get("active_calls").asInt(), "the suggestion is a call of the engine");
    r.body().close();
    assertNotNull(backend.awaitCancellation(Duration.ofSeconds(10)), "the model must see the cancel");
  }
}
