package dev.coclone.netty.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.testing.CoCloneTestServer;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The published ollama-js client against a real Co-Clone server, read the way its user sees it:
 * what {@code list()}, {@code show()}, {@code generate()} give back, and each error's
 * {@code message}, which must be the server's own text.
 */
class OllamaJsTest {
  private final ObjectMapper json = new ObjectMapper();
  private CoCloneTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = CoCloneTestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Runs one call of ollama-calls.mjs and gives back every line it printed. */
  private List<JsonNode> call(String call, String token, String model) throws Exception {
    NodeClient.Result r = NodeClient.run("ollama-calls.mjs", 60, call, server.url(), token, model);
    assertEquals(0, r.exitCode(), r.stderr());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : r.lines()) {
      lines.add(json.readTree(line));
    }
    assertFalse(lines.isEmpty(), "the script printed nothing: " + r.stderr());
    return lines;
  }

  private JsonNode last(String call, String token, String model) throws Exception {
    List<JsonNode> lines = call(call, token, model);
    return lines.get(lines.size() - 1);
  }

  @Test
  void streamingGenerateShowsEveryPieceAndEnds() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("return ", "a + b;").build());
    List<JsonNode> parts = call("stream", server.token(), server.backend().model());
    StringBuilder text = new StringBuilder();
    parts.forEach(p -> text.append(p.path("response").asText()));
    assertEquals("return a + b;", text.toString(), parts.toString());
    JsonNode end = parts.get(parts.size() - 1);
    assertTrue(end.path("done").asBoolean(), parts.toString());
    assertEquals("stop", end.path("done_reason").asText());
  }

  @Test
  void aFailureMidStreamShowsTheServersMessage() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("return ", "a").failAfter(1, ScriptedReply.Ending.ERROR_LINE)
        .errorMessage("the model server died").build());
    List<JsonNode> lines = call("stream", server.token(), "scripted");
    assertEquals("return ", lines.get(0).path("response").asText(), lines.toString());
    assertEquals("the model server died", lines.get(lines.size() - 1).path("error").asText(), lines.toString());
  }

  @Test
  void generateWithoutStreamingGivesTheWholeResponse() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("return ", "a + b;").build());
    JsonNode r = last("generate", server.token(), "co-clone");
    assertEquals("return a + b;", r.path("response").asText(), r.toString());
    assertTrue(r.path("done").asBoolean());
    assertEquals("co-clone", r.path("model").asText());
  }

  @Test
  void listShowsExactlyTheNamesGenerateAccepts() throws Exception {
    JsonNode names = last("list", server.token(), "-");
    assertEquals("[\"scripted:latest\",\"co-clone:latest\"]", names.toString());
    for (JsonNode name : names) {
      server.backend().enqueue(ScriptedReply.tokens("1;").build());
      JsonNode r = last("generate", server.token(), name.asText());
      assertEquals("1;", r.path("response").asText(), name + ": " + r);
    }
  }

  @Test
  void showReportsCompletionAndInsert() throws Exception {
    JsonNode show = last("show", server.token(), "scripted");
    List<String> capabilities = new ArrayList<>();
    show.path("capabilities").forEach(c -> capabilities.add(c.asText()));
    assertEquals(List.of("completion", "insert"), capabilities, show.toString());
    assertTrue(show.path("template").asText().contains(".Suffix"), show.toString());
    assertEquals("scripted", show.at("/details/family").asText(), show.toString());
    assertTrue(show.path("model_info").isObject(), show.toString());
  }

  @Test
  void psListsTheLoadedModel() throws Exception {
    assertEquals("[\"scripted:latest\"]", last("ps", server.token(), "-").toString());
  }

  @Test
  void abortingTheStreamStopsTheModel() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("a").endless().tokenDelay(Duration.ofMillis(20)).build());
    List<JsonNode> lines = call("abort", server.token(), "scripted");
    assertEquals("a", lines.get(0).path("response").asText(), lines.toString());
    assertNotNull(server.backend().awaitCancellation(Duration.ofSeconds(10)),
        "the model was still generating after the client aborted: " + lines);
  }

  @Test
  void abortingEveryStreamOfTheClientStopsTheModel() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("a").endless().tokenDelay(Duration.ofMillis(20)).build());
    List<JsonNode> lines = call("abort-all", server.token(), "scripted");
    assertEquals("a", lines.get(0).path("response").asText(), lines.toString());
    assertNotNull(server.backend().awaitCancellation(Duration.ofSeconds(10)),
        "the model was still generating after ollama.abort(): " + lines);
  }

  @Test
  void anUnknownModelIsNotFoundInOllamasWords() throws Exception {
    JsonNode e = last("generate", server.token(), "does-not-exist:7b");
    assertEquals(404, e.path("status").asInt(), e.toString());
    assertTrue(e.path("error").asText().startsWith("model \"does-not-exist:7b\" not found, try pulling it first"),
        e.toString());
    assertEquals(404, last("show", server.token(), "does-not-exist:7b").path("status").asInt());
    assertEquals(0, server.backend().tokensSent(), "nothing was generated for an unknown model");
  }

  @Test
  void aMissingTokenShowsTheServersMessage() throws Exception {
    HttpResponse<String> raw = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url() + "/api/tags")).build(), HttpResponse.BodyHandlers.ofString());
    String serverText = json.readTree(raw.body()).path("error").asText();
    assertFalse(serverText.isBlank(), raw.body());
    JsonNode e = last("list", "-", "-");
    assertEquals(401, e.path("status").asInt(), e.toString());
    assertEquals(serverText, e.path("error").asText());
  }

  @Test
  void theApiKeySentAsATokenIsToldToBeExchanged() throws Exception {
    JsonNode e = last("list", server.apiKey(), "-");
    assertEquals(401, e.path("status").asInt(), e.toString());
    assertTrue(e.path("error").asText().contains("if it is the API key, exchange it"), e.toString());
    assertTrue(e.path("error").asText().contains("POST /v1/token"), e.toString());
  }

  @Test
  void chatSaysItIsOutOfScopeAndWhatToUse() throws Exception {
    JsonNode e = last("chat", server.token(), "scripted");
    assertTrue(e.path("error").asText().contains("chat is out of scope"), e.toString());
    assertTrue(e.path("error").asText().contains("/api/generate"), e.toString());
  }

  @Test
  void livenessChecksAnswerHeadWithoutATokenAndTheFormPageStays() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/", "/api/version")) {
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, head.statusCode(), path);
      assertEquals("", head.body(), path);
    }
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers().toString());
    assertEquals("0.5.7", last("version", server.token(), "-").path("version").asText());
  }
}
