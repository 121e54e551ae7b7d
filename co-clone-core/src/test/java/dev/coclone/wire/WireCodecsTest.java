package dev.coclone.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionEngineBusyException;
import dev.coclone.completion.FinishReason;
import dev.coclone.model.ModelException;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.ContextSnippet;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecsTest {
  private final ObjectMapper json = new ObjectMapper();
  private final WireError missing = new WireError(400, "missing_field", "'prompt' is required");

  @Test
  void eachProtocolWritesErrorsInItsOwnShape() throws Exception {
    assertEquals("{\"error\":{\"code\":\"missing_field\",\"message\":\"'prompt' is required\"}}",
        new CoCloneWire().errorBody(missing));
    assertEquals("{\"error\":\"'prompt' is required\"}", new OllamaWire().errorBody(missing));
    assertEquals("{\"error\":{\"message\":\"'prompt' is required\",\"type\":\"invalid_request_error\",\"param\":null,"
        + "\"code\":\"missing_field\"}}", new OpenAiWire().errorBody(missing));
    JsonNode server = json.readTree(new OpenAiWire().errorBody(new WireError(502, "model_error", "down")));
    assertEquals("server_error", server.at("/error/type").asText());
  }

  @Test
  void failuresMapToOneErrorEach() {
    assertEquals(new WireError(499, "canceled", "the completion was canceled (superseded)"),
        WireError.of(new CanceledException(CancelReason.SUPERSEDED)));
    assertEquals(503, WireError.of(new CompletionEngineBusyException(64, 256)).status());
    assertEquals("engine_busy", WireError.of(new CompletionEngineBusyException(64, 256)).code());
    WireError down = WireError.of(new ModelException(ModelException.Kind.UNREACHABLE, "connection refused"));
    assertEquals(new WireError(503, "model_unreachable", "connection refused"), down);
    assertEquals(504, WireError.of(new ModelException(ModelException.Kind.TIMEOUT, "slow")).status());
    assertEquals(new WireError(502, "model_error", "the model failed: reset"), WireError.of(new IOException("reset")));
  }

  @Test
  void ollamaChunksCarryOnlyWhatTheirStageHas() throws Exception {
    OllamaWire ollama = new OllamaWire();
    String piece = ollama.line(ollama.piece("m", "ab"));
    assertTrue(piece.endsWith("}\n") && piece.indexOf('\n') == piece.length() - 1, piece);
    JsonNode p = json.readTree(piece);
    assertEquals(List.of("model", "created_at", "response", "done"), names(p));
    assertFalse(p.get("done").asBoolean());
    JsonNode last = json.readTree(ollama.body(ollama.last("m", "", "length",
        new OllamaWire.Stats(9, 1, 3, 2, 4, 5), List.of(1, 2))));
    assertEquals(List.of("model", "created_at", "response", "done", "done_reason", "context", "total_duration",
        "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"), names(last));
    assertEquals("length", last.get("done_reason").asText());
    assertEquals("{\"error\":\"boom\"}\n", ollama.errorLine(new WireError(500, "x", "boom")));
  }

  @Test
  void openAiChunksKeepNullsThatClientsExpectAndEndWithDone() throws Exception {
    OpenAiWire openAi = new OpenAiWire();
    String event = openAi.event(openAi.chunk("cmpl-1", "m", "ab", null));
    assertTrue(event.startsWith("data: {") && event.endsWith("}\n\n"), event);
    JsonNode chunk = json.readTree(event.substring("data: ".length()));
    assertEquals("text_completion", chunk.get("object").asText());
    assertTrue(chunk.at("/choices/0/logprobs").isNull() && chunk.at("/choices/0/finish_reason").isNull());
    assertFalse(chunk.has("usage"));
    assertEquals("data: [DONE]\n\n", openAi.done());
    JsonNode whole = json.readTree(openAi.body(openAi.whole("cmpl-1", "m", "ab", "stop", 3, 2)));
    assertEquals(5, whole.at("/usage/total_tokens").asInt());
    assertEquals("stop", whole.at("/choices/0/finish_reason").asText());
  }

  @Test
  void ourStreamsFrameTokensResultsAndErrors() throws Exception {
    CoCloneWire wire = new CoCloneWire();
    assertEquals("event: token\ndata: {\"text\":\"a\\nb\"}\n\n", wire.token(CoCloneWire.Stream.SSE, "a\nb"));
    assertEquals("{\"text\":\"a\"}\n", wire.token(CoCloneWire.Stream.NDJSON, "a"));
    Completion c = new Completion("x;", FinishReason.STOP, CompletionMode.SINGLE_LINE, Duration.ofMillis(2),
        Duration.ofMillis(5), 6, 2, "scripted", "m", List.of(new ContextSnippet("a.py", "def f(): ...", 0.5, "near")));
    CoCloneWire.Result result = CoCloneWire.Result.of("cmpl-1", c);
    String sse = wire.done(CoCloneWire.Stream.SSE, result);
    assertTrue(sse.startsWith("event: done\ndata: {\"id\":\"cmpl-1\",\"text\":\"x;\",\"finish_reason\":\"stop\","
        + "\"mode\":\"single_line\",\"timings\":{\"ttft_ms\":2.0,\"total_ms\":5.0}"), sse);
    assertFalse(sse.contains("\"done\""), sse);
    JsonNode nd = json.readTree(wire.done(CoCloneWire.Stream.NDJSON, result));
    assertTrue(nd.get("done").asBoolean());
    assertEquals("a.py", nd.at("/context/0/path").asText());
    assertEquals("event: error\ndata: {\"error\":{\"code\":\"missing_field\",\"message\":\"'prompt' is required\"}}\n\n",
        wire.error(CoCloneWire.Stream.SSE, missing));
  }

  @Test
  void eachProtocolsRepliesEncodeAStreamAndAWholeAnswer() throws Exception {
    Ending end = new Ending("ab", "length", 3, 2, Duration.ofMillis(1), Duration.ofMillis(5));
    ReplyEncoder<Ending> ollama = new OllamaWire().replies("m", null);
    JsonNode last = json.readTree(ollama.streamEnd(end));
    assertEquals("", last.get("response").asText());
    assertEquals(5_000_000L, last.get("total_duration").asLong());
    assertEquals(4_000_000L, last.get("eval_duration").asLong());
    assertFalse(last.has("context"), "a raw request's final chunk has no context");
    assertEquals("ab", json.readTree(ollama.whole(end)).get("response").asText());
    assertEquals("{\"error\":\"boom\"}\n", ollama.streamError(new WireError(500, "x", "boom")));

    ReplyEncoder<Ending> openAi = new OpenAiWire().replies("cmpl-9", "m");
    String stream = openAi.piece("a") + openAi.streamEnd(end);
    assertTrue(stream.endsWith("\n\ndata: [DONE]\n\n"), stream);
    assertTrue(stream.contains("\"finish_reason\":\"length\""), stream);
    assertEquals(5, json.readTree(openAi.whole(end)).at("/usage/total_tokens").asInt());
    assertTrue(openAi.streamError(missing).startsWith("data: {\"error\":{\"message\""));

    ReplyEncoder<CoCloneWire.Result> ours = new CoCloneWire().replies(CoCloneWire.Stream.NDJSON);
    assertEquals("application/x-ndjson", ours.streamContentType());
    assertEquals("{\"text\":\"a\"}\n", ours.piece("a"));
  }

  @Test
  void framingRefusesLineBreaksThatWouldSplitAnEvent() {
    assertThrows(IllegalArgumentException.class, () -> Framing.sseData("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> Framing.ndjson("{}\n{}"));
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
