package dev.coclone.netty.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.model.GenerationRequest;
import dev.coclone.netty.testing.CoCloneTestServer;
import dev.coclone.source.ContextSnippet;
import dev.coclone.testing.ScriptedReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** llama.cpp's {@code POST /infill} with the request llama.vscode sends, from Node's fetch. */
class LlamaVscodeInfillTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void wholeAnswerHasContentStopAndCountsAndTheChunksReachThePrompt() throws Exception {
    try (CoCloneTestServer server = CoCloneTestServer.start()) {
      server.backend().enqueue(ScriptedReply.tokens("math.pi", " * r * r").build());
      NodeClient.Result r = NodeClient.run("llama-infill.mjs", 60, server.url(), server.token(), "whole");
      assertEquals(0, r.exitCode(), r.stderr());
      JsonNode out = json.readTree(r.stdout());
      assertEquals(200, out.path("status").asInt(), r.stdout());
      JsonNode body = out.path("body");
      assertEquals("math.pi * r * r", body.path("content").asText(), r.stdout());
      assertTrue(body.path("stop").asBoolean(), r.stdout());
      assertEquals(2, body.path("tokens_predicted").asInt(), r.stdout());
      assertTrue(body.path("timings").has("predicted_ms"), r.stdout());

      GenerationRequest seen = server.backend().takeRequest(Duration.ofSeconds(5));
      assertNotNull(seen, "the model got no request");
      assertTrue(seen.prefix().endsWith("def area(r):\n    return "), "prompt follows input_prefix: " + seen.prefix());
      assertTrue(seen.suffix().startsWith("\n\nprint(area(2))"), seen.suffix());
      List<String> context = seen.context().stream().map(ContextSnippet::text).toList();
      assertTrue(context.contains("def circumference(r):\n    return 2 * math.pi * r\n"), "input_extra: " + context);
    }
  }

  @Test
  void streamedAnswerSendsContentPiecesAndEndsWithStop() throws Exception {
    try (CoCloneTestServer server = CoCloneTestServer.start()) {
      server.backend().enqueue(ScriptedReply.tokens("math.pi", " * r * r").build());
      NodeClient.Result r = NodeClient.run("llama-infill.mjs", 60, server.url(), server.token(), "stream");
      assertEquals(0, r.exitCode(), r.stderr());
      List<JsonNode> events = new ArrayList<>();
      for (String line : r.lines()) {
        events.add(json.readTree(line));
      }
      assertTrue(events.size() >= 2, r.stdout());
      StringBuilder text = new StringBuilder();
      for (JsonNode e : events.subList(0, events.size() - 1)) {
        assertFalse(e.path("stop").asBoolean(true), "only the last event stops: " + r.stdout());
        text.append(e.path("content").asText());
      }
      JsonNode last = events.get(events.size() - 1);
      text.append(last.path("content").asText());
      assertEquals("math.pi * r * r", text.toString(), r.stdout());
      assertTrue(last.path("stop").asBoolean(), r.stdout());
      assertEquals(2, last.path("tokens_predicted").asInt(), r.stdout());
    }
  }

  @Test
  void droppingTheStreamStopsTheModel() throws Exception {
    try (CoCloneTestServer server = CoCloneTestServer.start()) {
      server.backend().enqueue(ScriptedReply.tokens("x", " + 1").tokenDelay(Duration.ofMillis(20)).endless().build());
      NodeClient.Result r = NodeClient.run("llama-infill.mjs", 60, server.url(), server.token(), "abort");
      assertEquals(0, r.exitCode(), r.stderr());
      assertEquals("x", json.readTree(r.lines().get(0)).path("content").asText(), r.stdout());
      assertNotNull(server.backend().awaitCancellation(Duration.ofSeconds(10)),
          "the model kept generating after the client dropped the stream");
    }
  }
}
