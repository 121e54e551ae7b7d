package dev.coclone.netty.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.testing.CoCloneTestServer;
import dev.coclone.testing.ScriptedReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published ollama-js client against a real Co-Clone server. */
class OllamaJsTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void streamingGenerateShowsEveryPieceAndEnds() throws Exception {
    try (CoCloneTestServer server = CoCloneTestServer.start()) {
      server.backend().enqueue(ScriptedReply.tokens("return ", "a + b;").build());
      String model = server.backend().model();
      NodeClient.Result r = NodeClient.run("ollama-generate.mjs", 60, server.url(), server.token(), model,
          "def add(a, b):\n    ");
      assertEquals(0, r.exitCode(), r.stderr());
      List<JsonNode> parts = new ArrayList<>();
      for (String line : r.lines()) {
        parts.add(json.readTree(line));
      }
      StringBuilder text = new StringBuilder();
      parts.forEach(p -> text.append(p.path("response").asText()));
      assertEquals("return a + b;", text.toString(), r.stdout());
      assertTrue(parts.get(parts.size() - 1).path("done").asBoolean(), r.stdout());
    }
  }
}
