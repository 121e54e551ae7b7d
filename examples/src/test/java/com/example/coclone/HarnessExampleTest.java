package com.example.coclone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.netty.testing.CoCloneServerExtension;
import dev.coclone.netty.testing.CoCloneTestServer;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.MockModelServerExtension;
import dev.coclone.testing.RecordedRequest;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How another application's tests use Co-Clone's harness: script, run, verify. */
@ExtendWith({MockModelServerExtension.class, CoCloneServerExtension.class})
class HarnessExampleTest {
  @Test
  void ollamaClientAgainstTheScriptedModelServer(MockModelServer ollama) throws Exception {
    ollama.enqueue(ScriptedReply.tokens("counts", " = Counter(items)").build());
    OllamaBackend backend = OllamaBackend.builder().baseUrl(ollama.url()).model("deepseek-coder:6.7b-base").build();
    try (CompletionEngine engine = CompletionEngine.builder().backend(backend).build()) {
      String text = engine.newCall(CompletionRequest.builder().prefix("def f(items):\n    ").suffix("\n")
          .language("python").build()).execute().text();
      assertEquals("counts = Counter(items)", text);
    }
    RecordedRequest show = ollama.takeRequest(Duration.ofSeconds(5));
    assertEquals("/api/show", show.path());
    RecordedRequest generate = ollama.takeRequest(Duration.ofSeconds(5));
    assertTrue(generate.field("prompt").contains("def f(items):"));
  }

  @Test
  void httpClientAgainstAFullCoCloneServer(CoCloneTestServer server) throws Exception {
    server.backend().enqueue(ScriptedReply.tokens("return a + b;").build());
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.url() + "/v1/complete"))
        .header("Authorization", "Bearer " + server.token())
        .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\":\"int add(int a, int b) {\\n  \",\"suffix\":\"\\n}\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("\"text\":\"return a + b;\""), r.body());
    assertNotNull(server.backend().takeRequest(Duration.ofSeconds(5)));
  }
}
