package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coclone.model.GenerationRequest;
import dev.coclone.testing.ScriptedReply;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tabby's and llama.cpp's endpoints over HTTP: their answers, their error shapes, their auth. */
class PluginRoutesTest {
  private static final String TABBY_BODY = """
      {"language": "python", "segments": {"prefix": "def f():\\n    ", "suffix": "\\n",
       "filepath": "a.py", "git_url": "https://example.com/r.git",
       "declarations": [{"filepath": "b.py", "body": "def g(): pass"}],
       "relevant_snippets_from_changed_files": [{"filepath": "c.py", "body": "x = 1", "score": 0.5}]},
       "temperature": 0.1, "seed": 7, "mode": "standard", "user": "ann"}""";

  @Test
  void tabbyBodyAtV1CompletionsGetsTabbysAnswerWhileOpenAiBodiesKeepOpenAis() throws Exception {
    try (ServiceFixture f = new ServiceFixture()) {
      f.backend.enqueue(ScriptedReply.tokens("return g()").build());
      HttpResponse<String> r = f.post("/v1/completions", f.token, TABBY_BODY);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode n = f.read(r.body());
      assertTrue(n.path("id").asText().startsWith("cmpl-"), r.body());
      assertEquals(0, n.path("choices").path(0).path("index").asInt(-1), r.body());
      assertEquals("return g()", n.path("choices").path(0).path("text").asText(), r.body());
      assertTrue(n.path("object").isMissingNode(), "Tabby's answer is not OpenAI's: " + r.body());
      GenerationRequest seen = f.backend.takeRequest(Duration.ofSeconds(5));
      assertNotNull(seen);
      assertEquals("python", seen.language());
      assertEquals(2, seen.context().size(), seen.context().toString());

      f.backend.enqueue(ScriptedReply.tokens("1").build());
      HttpResponse<String> openAi = f.post("/v1/completions", f.token,
          "{\"model\": \"co-clone\", \"prompt\": \"x = \", \"max_tokens\": 4}");
      assertEquals(200, openAi.statusCode(), openAi.body());
      assertEquals("text_completion", f.read(openAi.body()).path("object").asText(), openAi.body());
    }
  }

  @Test
  void aTabbyClientThatGoesAwayStopsTheModel() throws Exception {
    try (ServiceFixture f = new ServiceFixture()) {
      f.backend.enqueue(ScriptedReply.tokens("x").tokenDelay(Duration.ofMillis(20)).endless().build());
      byte[] body = TABBY_BODY.getBytes(StandardCharsets.UTF_8);
      try (Socket socket = new Socket("127.0.0.1", f.server.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:" + f.server.port() + "\r\nAuthorization: Bearer "
            + f.token + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        assertNotNull(f.backend.takeRequest(Duration.ofSeconds(10)), "the model got no request");
      } // tabby-agent drops a request when the user types on
      assertNotNull(f.backend.awaitCancellation(Duration.ofSeconds(10)), "the model kept generating");
    }
  }

  @Test
  void tabbyErrorsAreTabbysStringErrors() throws Exception {
    try (ServiceFixture f = new ServiceFixture()) {
      HttpResponse<String> r = f.post("/v1/completions", f.token, "{\"segments\": {\"suffix\": \"x\"}}");
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(f.read(r.body()).path("error").asText().contains("segments.prefix"), r.body());
      HttpResponse<String> typed = f.post("/v1/completions", f.token, "{\"segments\": {\"prefix\": \"p\", \"declarations\": 2}}");
      assertEquals(400, typed.statusCode(), typed.body());
      assertTrue(f.read(typed.body()).path("error").asText().contains("declarations"), typed.body());
      HttpResponse<String> event = f.post("/v1/events", f.token, "{\"completion_id\": \"cmpl-1\"}");
      assertEquals(400, event.statusCode(), event.body());
      assertTrue(f.read(event.body()).path("error").asText().contains("'type'"), event.body());
      assertEquals(401, f.get("/v1/health", null).statusCode());
    }
  }

  @Test
  void tabbyHealthAndServerSettingHaveWhatTheAgentReads() throws Exception {
    try (ServiceFixture f = new ServiceFixture()) {
      JsonNode health = f.read(f.get("/v1/health").body());
      assertEquals("scripted-model", health.path("model").asText(), health.toString());
      assertTrue(health.hasNonNull("device") && health.path("version").hasNonNull("git_describe"), health.toString());
      JsonNode setting = f.read(f.get("/v1beta/server_setting").body());
      assertTrue(setting.path("disable_client_side_telemetry").asBoolean(), setting.toString());
    }
  }

  @Test
  void tabbyEventsAreCountedAsAcceptanceRate() throws Exception {
    try (ServiceFixture f = new ServiceFixture()) {
      for (String type : new String[] {"view", "view", "select", "dismiss"}) {
        HttpResponse<String> r = f.post("/v1/events?select_kind=line", f.token,
            "{\"type\": \"" + type + "\", \"completion_id\": \"cmpl-1\", \"choice_index\": 0}");
        assertEquals(200, r.statusCode(), r.body());
      }
      String metrics = f.get("/metrics", null).body();
      assertTrue(metrics.contains("coclone_completion_events_total{event=\"view\"} 2"), metrics);
      assertTrue(metrics.contains("coclone_completion_events_total{event=\"dismiss\"} 1"), metrics);
      assertTrue(metrics.contains("coclone_completion_acceptance_ratio 0.5"), metrics);
    }
  }

  @Test
  void llamaHealthIsPublicAndInfillNeedsTheTokenInLlamaCppsErrorShape() throws Exception {
    try (ServiceFixture f = new ServiceFixture()) {
      HttpResponse<String> health = f.get("/health", null);
      assertEquals(200, health.statusCode());
      assertEquals("ok", f.read(health.body()).path("status").asText());
      HttpResponse<String> r = f.post("/infill", null, "{\"input_prefix\": \"x\"}");
      assertEquals(401, r.statusCode(), r.body());
      JsonNode error = f.read(r.body()).path("error");
      assertEquals(401, error.path("code").asInt(), r.body());
      assertEquals("authentication_error", error.path("type").asText(), r.body());
      assertTrue(error.path("message").asText().length() > 0, r.body());
      HttpResponse<String> bad = f.post("/infill", f.token, "{\"input_prefix\": \"x\", \"n_predict\": \"many\"}");
      assertEquals(400, bad.statusCode(), bad.body());
      assertEquals("invalid_request_error", f.read(bad.body()).path("error").path("type").asText(), bad.body());
      assertTrue(f.read(bad.body()).path("error").path("message").asText().contains("n_predict"), bad.body());
    }
  }

  @Test
  void llamaVscodeCacheWarmupWithNoTokensAnswersAtOnceWithoutTheModel() throws Exception {
    try (ServiceFixture f = new ServiceFixture()) {
      HttpResponse<String> warm = f.post("/infill", f.token, "{\"input_prefix\": \"\", \"input_suffix\": \"\", "
          + "\"input_extra\": [{\"text\": \"a = 1\\n\", \"filename\": \"a.py\"}], \"prompt\": \"\", \"n_predict\": 0, "
          + "\"samplers\": [], \"cache_prompt\": true, \"t_max_predict_ms\": 1}");
      assertEquals(200, warm.statusCode(), warm.body());
      JsonNode n = f.read(warm.body());
      assertEquals("", n.path("content").asText("missing"), warm.body());
      assertTrue(n.path("stop").asBoolean(), warm.body());
      assertEquals(0, n.path("tokens_predicted").asInt(-1), warm.body());

      f.backend.enqueue(ScriptedReply.tokens("2").build());
      HttpResponse<String> real = f.post("/infill", f.token, "{\"input_prefix\": \"b = \", \"n_predict\": 4}");
      assertEquals("2", f.read(real.body()).path("content").asText(), real.body());
      GenerationRequest first = f.backend.takeRequest(Duration.ofSeconds(5));
      assertEquals("b = ", first.prefix(), "the warm-up reached the model");
    }
  }
}
