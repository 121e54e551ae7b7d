package dev.coclone.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.source.ContextSnippet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tabby's and llama.cpp's codecs: what they read from a plugin's body and what they write. */
class PluginWireTest {
  private final ObjectMapper json = new ObjectMapper();
  private final TabbyWire tabby = new TabbyWire();
  private final LlamaCppWire llama = new LlamaCppWire();

  @Test
  void tabbyBodiesAreToldFromOpenAiBodiesByTheirShape() throws Exception {
    assertTrue(TabbyWire.isTabbyRequest(json.readTree("{\"segments\": {\"prefix\": \"x\"}}")));
    assertFalse(TabbyWire.isTabbyRequest(json.readTree("{\"prompt\": \"x\"}")));
    assertFalse(TabbyWire.isTabbyRequest(json.readTree("{\"prompt\": \"x\", \"segments\": {\"prefix\": \"x\"}}")));
    assertFalse(TabbyWire.isTabbyRequest(json.readTree("{\"segments\": \"x\"}")));
  }

  @Test
  void tabbyContextPutsDeclarationsFirstThenSnippetsBestFirstThenTheClipboard() throws Exception {
    TabbyWire.Request r = tabby.request(json.readTree("""
        {"language": "go", "segments": {"prefix": "p", "git_url": "u",
         "declarations": [{"filepath": "d.go", "body": "type D struct{}"}, {"filepath": "e.go", "body": " "}],
         "relevant_snippets_from_changed_files": [{"filepath": "low.go", "body": "low", "score": 0.1},
                                                  {"filepath": "high.go", "body": "high", "score": 0.9}],
         "clipboard": "clip", "future_field": 1}, "seed": 3}"""));
    assertEquals("u", r.segments().gitUrl());
    List<String> paths = tabby.context(r.segments()).stream().map(ContextSnippet::path).toList();
    assertEquals(List.of("d.go", "high.go", "low.go", "clipboard"), paths);
  }

  @Test
  void tabbyRequestsWithoutAPrefixOrWithWrongTypesAreRefusedByName() throws Exception {
    IllegalArgumentException noPrefix = assertThrows(IllegalArgumentException.class,
        () -> tabby.request(json.readTree("{\"segments\": {\"suffix\": \"s\"}}")));
    assertTrue(noPrefix.getMessage().contains("segments.prefix"), noPrefix.getMessage());
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> tabby.request(json.readTree("{\"segments\": {\"prefix\": \"p\", \"declarations\": {}}}")));
    assertTrue(wrong.getMessage().contains("segments.declarations"), wrong.getMessage());
  }

  @Test
  void tabbyWritesItsAnswerHealthAndErrors() throws Exception {
    JsonNode answer = json.readTree(tabby.replies("cmpl-1").whole(
        new Ending("text", "stop", 1, 1, Duration.ZERO, Duration.ZERO)));
    assertEquals("{\"id\":\"cmpl-1\",\"choices\":[{\"index\":0,\"text\":\"text\"}]}", answer.toString());
    JsonNode health = json.readTree(tabby.body(new TabbyWire.Health("m", null, "cpu", "amd64", "Linux", 2, List.of(),
        new TabbyWire.Version("", "", "", "v0.11.0"))));
    assertEquals("v0.11.0", health.at("/version/git_describe").asText());
    assertTrue(health.has("cuda_devices") && health.has("cpu_count"), health.toString());
    assertEquals("{\"error\":\"bad\"}", tabby.errorBody(new WireError(400, "invalid_field", "bad")));
  }

  @Test
  void llamaReadsLlamaVscodesFieldsAndIgnoresSamplingOptions() throws Exception {
    LlamaCppWire.Request r = llama.request(json.readTree("""
        {"input_prefix": "a", "input_suffix": "b", "prompt": "c", "n_predict": 0, "stream": true,
         "t_max_predict_ms": 250, "samplers": ["top_k"], "top_k": 40, "cache_prompt": true, "n_indent": 4,
         "input_extra": [{"text": "x = 1\\n", "time": 1, "filename": "/p/x.py"}, {"text": "", "filename": "e"}]}"""));
    assertEquals(0, r.nPredict());
    assertEquals(250L, r.tMaxPredictMs());
    assertTrue(r.stream());
    assertEquals(List.of(new ContextSnippet("/p/x.py", "x = 1\n", 0, "input_extra chunk sent by the editor")),
        llama.context(r));
    assertNull(llama.request(json.readTree("{}")).nPredict());
  }

  @Test
  void textFieldsTakeOnlyStringsNotNumbersBooleansOrObjects() throws Exception {
    String[][] cases = {
        {"{\"input_prefix\": 5}", "'input_prefix' must be a string, not the number 5: send the text in double quotes"},
        {"{\"input_suffix\": true}", "'input_suffix' must be a string, not the boolean true"},
        {"{\"prompt\": {\"text\": \"a\"}}", "'prompt' must be a string, not an object"},
        {"{\"stop\": [\"\\n\", 0.5]}", "'stop[1]' must be a string, not the number 0.5"},
    };
    for (String[] c : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> llama.request(json.readTree(c[0])));
      assertTrue(e.getMessage().startsWith(c[1]), c[0] + " -> " + e.getMessage());
    }
    IllegalArgumentException tabbyPrefix = assertThrows(IllegalArgumentException.class,
        () -> tabby.request(json.readTree("{\"segments\": {\"prefix\": 12}}")));
    assertTrue(tabbyPrefix.getMessage().startsWith("'segments.prefix' must be a string, not the number 12"),
        tabbyPrefix.getMessage());
    assertEquals(5, llama.request(json.readTree("{\"input_prefix\": \"5\", \"n_predict\": 5}")).nPredict(),
        "numbers stay numbers where the field is one");
  }

  @Test
  void llamaStreamsContentWithStopAndEndsWithTheCounts() throws Exception {
    ReplyEncoder<Ending> enc = llama.replies("m");
    assertEquals("data: {\"content\":\"x\",\"index\":0,\"stop\":false}\n\n", enc.piece("x"));
    String end = enc.streamEnd(new Ending("", "length", 3, 2, Duration.ofMillis(5), Duration.ofMillis(9)));
    JsonNode last = json.readTree(end.substring("data: ".length()));
    assertTrue(last.path("stop").asBoolean());
    assertEquals("limit", last.path("stop_type").asText());
    assertEquals(2, last.path("tokens_predicted").asInt());
    assertEquals(4.0, last.at("/timings/predicted_ms").asDouble(), 1e-9);
    JsonNode error = json.readTree(llama.errorBody(new WireError(503, "engine_busy", "busy")));
    assertEquals(503, error.at("/error/code").asInt());
    assertEquals("unavailable_error", error.at("/error/type").asText());
  }
}
