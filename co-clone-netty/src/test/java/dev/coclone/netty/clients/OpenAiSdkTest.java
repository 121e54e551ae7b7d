package dev.coclone.netty.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.engine.EmbeddedBackend;
import dev.coclone.engine.EmbeddedEngine;
import dev.coclone.engine.IndexProgress;
import dev.coclone.netty.testing.CoCloneTestServer;
import dev.coclone.source.SourceFile;
import dev.coclone.testing.ScriptedReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The published openai SDK against a real Co-Clone server, read the way its user sees it: models
 * listed and retrieved, completions with one and two choices, streamed and not, an aborted stream,
 * and each error's message, status and code.
 */
class OpenAiSdkTest {
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

  /** Runs one call of openai-calls.mjs and gives back every line it printed. */
  private List<JsonNode> call(String call, String model) throws Exception {
    NodeClient.Result r = NodeClient.run("openai-calls.mjs", 60, call, server.url(), server.token(), model);
    assertEquals(0, r.exitCode(), r.stderr());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : r.lines()) {
      lines.add(json.readTree(line));
    }
    assertFalse(lines.isEmpty(), "the script printed nothing: " + r.stderr());
    return lines;
  }

  private JsonNode last(String call, String model) throws Exception {
    List<JsonNode> lines = call(call, model);
    return lines.get(lines.size() - 1);
  }

  @Test
  void modelsListsExactlyTheNamesCompletionsAccept() throws Exception {
    JsonNode ids = last("models", "-");
    assertEquals("[\"scripted\",\"co-clone\"]", ids.toString());
    for (JsonNode id : ids) {
      server.backend().enqueue(ScriptedReply.tokens("return a + b;").build());
      JsonNode r = last("complete", id.asText());
      assertEquals("return a + b;", r.at("/choices/0/text").asText(), id + ": " + r);
      assertEquals(id.asText(), r.path("model").asText());
    }
  }

  @Test
  void retrieveGivesAServedModelAndRefusesAnUnknownOne() throws Exception {
    JsonNode m = last("retrieve", "co-clone");
    assertEquals("co-clone", m.path("id").asText(), m.toString());
    assertEquals("model", m.path("object").asText());
    assertEquals("co-clone:latest", last("retrieve", "co-clone:latest").path("id").asText(), "a tagged name too");
    JsonNode e = last("retrieve", "gpt-3.5-turbo-instruct");
    assertEquals(404, e.path("status").asInt(), e.toString());
    assertEquals("model_not_found", e.path("code").asText(), e.toString());
  }

  @Test
  void nTwoGivesTwoDistinctChoices() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("return ", "a + b;").build());
    server.backend().enqueue(ScriptedReply.tokens("return ", "b + a;").build());
    JsonNode r = last("complete-n2", "scripted");
    JsonNode choices = r.path("choices");
    assertEquals(2, choices.size(), r.toString());
    assertEquals(0, choices.get(0).path("index").asInt());
    assertEquals(1, choices.get(1).path("index").asInt());
    assertEquals("return a + b;", choices.get(0).path("text").asText());
    assertEquals("return b + a;", choices.get(1).path("text").asText());
  }

  /** Runs one call and gives each choice's whole text by index (streamed pieces joined). */
  private Map<Integer, String> choices(String call, CoCloneTestServer on, String model) throws Exception {
    NodeClient.Result r = NodeClient.run("openai-calls.mjs", 60, call, on.url(), on.token(), model);
    assertEquals(0, r.exitCode(), r.stderr());
    Map<Integer, StringBuilder> byIndex = new TreeMap<>();
    for (String line : r.lines()) {
      JsonNode n = json.readTree(line);
      assertFalse(n.has("error"), line);
      for (JsonNode c : n.has("choices") ? n.get("choices") : List.of(n)) {
        byIndex.computeIfAbsent(c.path("index").asInt(), k -> new StringBuilder()).append(c.path("text").asText());
      }
    }
    Map<Integer, String> out = new TreeMap<>();
    byIndex.forEach((i, t) -> out.put(i, t.toString()));
    return out;
  }

  @Test
  void nTwoAlwaysGivesTwoChoicesTheSecondEmptyWhenTheModelHasNoOtherSuggestion() throws Exception {
    for (String call : List.of("complete-n2", "stream-n2")) {
      // The second answer repeats the first: there is no other distinct suggestion to give.
      server.backend().enqueue(ScriptedReply.tokens("return ", "a + b;").build());
      server.backend().enqueue(ScriptedReply.tokens("return ", "a + b;").build());
      assertEquals(Map.of(0, "return a + b;", 1, ""), choices(call, server, "scripted"), call);
    }
  }

  @Test
  void withTheEmbeddedEngineNTwoAlwaysGivesTwoChoices() throws Exception {
    // The embedded engine offers only suggestions it is confident in, often fewer than asked for.
    EmbeddedEngine engine = new EmbeddedEngine();
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      code.append("def add").append(i).append("(a, b):\n    return a + b\n\n");
    }
    engine.index(List.of(SourceFile.of("adds.py", code.toString())), IndexProgress.NONE);
    try (CoCloneTestServer embedded = CoCloneTestServer.start(new EmbeddedBackend(engine))) {
      for (String call : List.of("complete-n2", "stream-n2")) {
        Map<Integer, String> c = choices(call, embedded, "co-clone");
        assertEquals(List.of(0, 1), List.copyOf(c.keySet()), call + ": " + c);
        assertTrue(c.get(1).isEmpty() || !c.get(1).equals(c.get(0)), call + ": distinct or empty: " + c);
      }
    }
  }

  @Test
  void streamingShowsEveryPieceAndTheFinishReason() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("return ", "a + b;").build());
    List<JsonNode> chunks = call("stream", "scripted");
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> text.append(c.path("text").asText()));
    assertEquals("return a + b;", text.toString(), chunks.toString());
    assertEquals("stop", chunks.get(chunks.size() - 1).path("finish_reason").asText(), chunks.toString());
  }

  @Test
  void aFailureMidStreamShowsTheServersMessage() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("return ", "a").failAfter(1, ScriptedReply.Ending.ERROR_LINE)
        .errorMessage("the model server died").build());
    List<JsonNode> lines = call("stream", "scripted");
    assertEquals("return ", lines.get(0).path("text").asText(), lines.toString());
    JsonNode e = lines.get(lines.size() - 1);
    assertEquals("the model server died", e.path("error").asText(), lines.toString());
  }

  @Test
  void streamingWithNTwoGivesEachChoiceUnderItsIndex() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("return ", "a + b;").build());
    server.backend().enqueue(ScriptedReply.tokens("return ", "b + a;").build());
    Map<Integer, StringBuilder> byIndex = new TreeMap<>();
    Map<Integer, String> finish = new TreeMap<>();
    List<JsonNode> chunks = call("stream-n2", "scripted");
    for (JsonNode c : chunks) {
      assertFalse(c.has("error"), c.toString());
      int i = c.path("index").asInt();
      byIndex.computeIfAbsent(i, k -> new StringBuilder()).append(c.path("text").asText());
      if (c.hasNonNull("finish_reason")) {
        finish.put(i, c.path("finish_reason").asText());
      }
    }
    assertEquals("return a + b;", byIndex.get(0).toString(), chunks.toString());
    assertEquals("return b + a;", byIndex.get(1).toString(), chunks.toString());
    assertEquals(Map.of(0, "stop", 1, "stop"), finish, chunks.toString());
  }

  @Test
  void abortingTheStreamStopsTheModel() throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("a").endless().tokenDelay(Duration.ofMillis(20)).build());
    List<JsonNode> lines = call("abort", "scripted");
    assertEquals("a", lines.get(0).path("text").asText(), lines.toString());
    assertNotNull(server.backend().awaitCancellation(Duration.ofSeconds(10)),
        "the model was still generating after the client aborted: " + lines);
  }

  @Test
  void anUnknownModelIsNotFound() throws Exception {
    JsonNode e = last("complete", "gpt-3.5-turbo-instruct");
    assertEquals(404, e.path("status").asInt(), e.toString());
    assertEquals("model_not_found", e.path("code").asText(), e.toString());
    assertTrue(e.path("error").asText().startsWith("The model `gpt-3.5-turbo-instruct` does not exist"), e.toString());
    assertEquals(0, server.backend().tokensSent(), "nothing was generated for an unknown model");
  }

  @Test
  void chatSaysItIsOutOfScopeAndWhatToUse() throws Exception {
    JsonNode e = last("chat", "scripted");
    assertEquals(404, e.path("status").asInt(), e.toString());
    assertTrue(e.path("error").asText().contains("chat is out of scope"), e.toString());
    assertTrue(e.path("error").asText().contains("/v1/completions"), e.toString());
  }
}
