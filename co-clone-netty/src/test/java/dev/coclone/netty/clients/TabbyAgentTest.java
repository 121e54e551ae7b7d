package dev.coclone.netty.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.model.GenerationRequest;
import dev.coclone.netty.testing.CoCloneTestServer;
import dev.coclone.source.ContextSnippet;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published tabby-agent (what Tabby's VS Code, IntelliJ and Vim plugins run) against a real
 * Co-Clone server, configured only through its own config file with the server's URL and a token.
 */
class TabbyAgentTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void languageServerCompletionShowsTheModelsText() throws Exception {
    try (CoCloneTestServer server = CoCloneTestServer.start()) {
      server.backend().enqueue(ScriptedReply.tokens("return ", "a + b").build());
      NodeClient.Result r = NodeClient.run("tabby-lsp.mjs", 90, server.url(), server.token());
      assertEquals(0, r.exitCode(), r.stderr());
      JsonNode list = json.readTree(r.stdout());
      JsonNode items = list.path("items");
      assertEquals(1, items.size(), r.stdout() + r.stderr());
      assertEquals("return a + b", items.get(0).path("textEdit").path("newText").asText(), r.stdout());
      GenerationRequest seen = server.backend().takeRequest(Duration.ofSeconds(5));
      assertNotNull(seen, "the model got no request");
      assertTrue(seen.prefix().endsWith("def add(a, b):\n    "), seen.prefix());
    }
  }

  @Test
  void declarationsSnippetsAndClipboardTheAgentSendsReachThePromptAndEventsAreCounted() throws Exception {
    try (CoCloneTestServer server = CoCloneTestServer.start()) {
      server.backend().enqueue(ScriptedReply.tokens("return PI * shape.radius ** 2").build());
      NodeClient.Result r = NodeClient.run("tabby-agent-stdio.mjs", 90, server.url(), server.token());
      assertEquals(0, r.exitCode(), r.stderr());
      JsonNode out = json.readTree(r.stdout());
      assertEquals("ready", out.path("status").asText(), "the agent's health check failed: " + r.stdout());
      JsonNode choice = out.path("completion").path("choices").path(0);
      assertEquals("return PI * shape.radius ** 2", choice.path("text").asText(), r.stdout());
      assertTrue(out.path("completion").path("id").asText().startsWith("cmpl-"), r.stdout());
      assertTrue(out.path("viewed").asBoolean() && out.path("selected").asBoolean(), r.stdout());

      GenerationRequest seen = server.backend().takeRequest(Duration.ofSeconds(5));
      assertNotNull(seen, "the model got no request");
      List<String> context = seen.context().stream().map(ContextSnippet::text).toList();
      assertTrue(context.stream().anyMatch(t -> t.contains("class Circle:")), "declaration missing: " + context);
      assertTrue(context.stream().anyMatch(t -> t.contains("def perimeter(circle)")), "snippet missing: " + context);
      assertTrue(context.contains("PI = 3.14159"), "clipboard missing: " + context);
      assertTrue(seen.context().stream().anyMatch(c -> c.path().equals("shapes.py")), "the agent sends paths "
          + "relative to the workspace: " + seen.context());

      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("coclone_completion_events_total{event=\"view\"} 1"), metrics);
      assertTrue(metrics.contains("coclone_completion_events_total{event=\"select\"} 1"), metrics);
      assertTrue(metrics.contains("coclone_completion_acceptance_ratio 1.0"), metrics);
    }
  }
}
