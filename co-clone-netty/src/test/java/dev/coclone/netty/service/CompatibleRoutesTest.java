package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coclone.testing.ScriptedReply;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each protocol's routes answer errors in that protocol's shape, read here the way its client
 * reads them: ollama-js takes {@code body.error} as the message (a string, or it shows
 * "[object Object]"), the openai SDK takes {@code body.error.message}.
 */
class CompatibleRoutesTest {
  private ServiceFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ServiceFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** What ollama-js shows: {@code error} must be a string. */
  private String ollamaMessage(String body) throws Exception {
    JsonNode error = f.read(body).get("error");
    assertTrue(error != null && error.isTextual(), "Ollama clients need {\"error\": \"...\"}: " + body);
    return error.asText();
  }

  /** What the openai SDK shows: {@code error.message}, with {@code type}, {@code param} and {@code code} present. */
  private JsonNode openAiError(String body) throws Exception {
    JsonNode error = f.read(body).get("error");
    assertTrue(error != null && error.isObject() && error.get("message").isTextual() && error.has("type")
        && error.has("param") && error.has("code"), "OpenAI clients need error.message/type/param/code: " + body);
    return error;
  }

  @Test
  void ollamaRoutesAnswerErrorsAsAString() throws Exception {
    HttpResponse<String> noToken = f.post("/api/generate", null, "{\"model\":\"scripted-model\",\"prompt\":\"x\"}");
    assertEquals(401, noToken.statusCode());
    assertTrue(ollamaMessage(noToken.body()).contains("token"), noToken.body());
    HttpResponse<String> badPrompt = f.post("/api/generate", f.token, "{\"model\":\"scripted-model\",\"prompt\":1}");
    assertEquals(400, badPrompt.statusCode());
    assertEquals("'prompt' must be a string, not the number 1: send the text in double quotes",
        ollamaMessage(badPrompt.body()));
    assertTrue(ollamaMessage(f.post("/api/generate", f.token, "{nope").body()).startsWith("the body is not valid JSON"));

    f.backend.enqueue(ScriptedReply.httpError(500, "the model server died"));
    HttpResponse<String> whole = f.post("/api/generate", f.token, "{\"model\":\"scripted-model\",\"prompt\":\"x = \",\"stream\":false}");
    assertEquals(502, whole.statusCode());
    assertEquals("the model server died", ollamaMessage(whole.body()));
  }

  @Test
  void aStreamThatFailsBeforeItsFirstTokenIsAnHttpErrorAsOllamaAndOpenAiAnswerIt() throws Exception {
    // Ollama and OpenAI answer a request whose model cannot run with an error status, streamed or
    // not; ollama-js then throws a ResponseError with status_code, the openai client an APIError with status.
    f.backend.enqueue(ScriptedReply.httpError(500, "the model server died"));
    HttpResponse<String> ollama = f.post("/api/generate", f.token, "{\"model\":\"scripted-model\",\"prompt\":\"x = \"}");
    assertEquals(502, ollama.statusCode(), ollama.body());
    assertEquals("the model server died", ollamaMessage(ollama.body().strip()));
    f.backend.enqueue(ScriptedReply.httpError(500, "the model server died"));
    HttpResponse<String> openAi = f.post("/v1/completions", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":\"x = \",\"stream\":true}");
    assertEquals(502, openAi.statusCode(), openAi.body());
    assertEquals("the model server died", openAiError(openAi.body()).get("message").asText());
    f.backend.enqueue(ScriptedReply.httpError(500, "the model server died"));
    HttpResponse<String> ours = f.post("/v1/complete", f.token, "{\"prefix\":\"x = \",\"stream\":\"sse\"}");
    assertEquals(502, ours.statusCode(), ours.body());
  }

  @Test
  void ollamaStreamsEndAFailureWithAnErrorLine() throws Exception {
    f.backend.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.ERROR_LINE)
        .errorMessage("the model server died").build());
    String body = f.post("/api/generate", f.token, "{\"model\":\"scripted-model\",\"prompt\":\"x = \"}").body();
    String[] lines = body.split("\n");
    assertEquals("a", f.read(lines[0]).get("response").asText());
    assertEquals("the model server died", ollamaMessage(lines[lines.length - 1]));
  }

  @Test
  void ollamaStreamEndsWithDoneReasonAndCounts() throws Exception {
    f.backend.enqueue(ScriptedReply.tokens("a", "b;").build());
    String[] lines = f.post("/api/generate", f.token, "{\"model\":\"scripted-model\",\"prompt\":\"x = \"}").body().split("\n");
    JsonNode last = f.read(lines[lines.length - 1]);
    assertTrue(last.get("done").asBoolean());
    assertEquals("stop", last.get("done_reason").asText());
    assertEquals("scripted-model", last.get("model").asText());
    assertTrue(last.get("eval_count").isInt() && last.get("total_duration").isNumber(), last.toString());
  }

  @Test
  void openAiRoutesAnswerErrorsWithMessageTypeParamAndCode() throws Exception {
    HttpResponse<String> noToken = f.post("/v1/completions", null, "{\"model\":\"scripted-model\",\"prompt\":\"x\"}");
    assertEquals(401, noToken.statusCode());
    JsonNode e = openAiError(noToken.body());
    assertTrue(e.get("message").asText().contains("token"), noToken.body());
    assertEquals("invalid_request_error", e.get("type").asText());
    JsonNode missing = openAiError(f.post("/v1/completions", f.token, "{\"model\":\"scripted-model\"}").body());
    assertEquals("'prompt' is required and must be a string", missing.get("message").asText());
    assertEquals("missing_field", missing.get("code").asText());
    assertTrue(missing.get("param").isNull());
    HttpResponse<String> models = f.get("/v1/models", null);
    assertEquals(401, models.statusCode());
    openAiError(models.body());
    HttpResponse<String> tags = f.get("/api/tags", null);
    assertEquals(401, tags.statusCode());
    ollamaMessage(tags.body());

    f.backend.enqueue(ScriptedReply.httpError(500, "the model server died"));
    HttpResponse<String> whole = f.post("/v1/completions", f.token, "{\"model\":\"scripted-model\",\"prompt\":\"x = \"}");
    assertEquals(502, whole.statusCode());
    JsonNode failed = openAiError(whole.body());
    assertEquals("the model server died", failed.get("message").asText());
    assertEquals("server_error", failed.get("type").asText());
  }

  @Test
  void openAiPromptsThatAreNotOneStringAreRefusedSayingWhatIsServedNotThatThePromptIsMissing() throws Exception {
    JsonNode batch = openAiError(f.post("/v1/completions", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":[\"a = \",\"b = \"]}").body());
    assertEquals("invalid_field", batch.get("code").asText());
    String message = batch.get("message").asText();
    assertTrue(message.contains("one prompt per request") && message.contains("was a list of 2"), message);
    JsonNode tokens = openAiError(f.post("/v1/completions", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":[1, 2, 3]}").body());
    assertEquals("invalid_field", tokens.get("code").asText());
    assertTrue(tokens.get("message").asText().contains("Token ids are not accepted"), tokens.toString());
  }

  @Test
  void openAiStreamsEndAFailureWithAnErrorEvent() throws Exception {
    f.backend.enqueue(ScriptedReply.tokens("a", "b").failAfter(1, ScriptedReply.Ending.ERROR_LINE)
        .errorMessage("the model server died").build());
    String body = f.post("/v1/completions", f.token, "{\"model\":\"scripted-model\",\"prompt\":\"x = \",\"stream\":true}").body();
    String[] events = body.split("\n\n");
    assertEquals("a", f.read(events[0].substring("data: ".length())).at("/choices/0/text").asText());
    String last = events[events.length - 1];
    assertTrue(last.startsWith("data: "), body);
    assertEquals("the model server died", openAiError(last.substring("data: ".length())).get("message").asText());
  }

  @Test
  void ourOwnRoutesKeepTheirErrorShape() throws Exception {
    HttpResponse<String> r = f.post("/v1/complete", null, "{\"prefix\":\"x\"}");
    assertEquals(401, r.statusCode());
    JsonNode error = f.read(r.body()).get("error");
    assertTrue(error.isObject() && error.get("code").isTextual() && error.get("message").isTextual(), r.body());
  }

  @Test
  void otherOllamaEndpointsAnswerInOllamasShape() throws Exception {
    HttpResponse<String> pull = f.post("/api/pull", f.token, "{\"model\":\"x\"}");
    assertEquals(404, pull.statusCode());
    assertTrue(ollamaMessage(pull.body()).contains("/api/generate"), pull.body());
    HttpResponse<String> wrongMethod = f.get("/api/generate");
    assertEquals(405, wrongMethod.statusCode());
    assertTrue(ollamaMessage(wrongMethod.body()).contains("use POST"), wrongMethod.body());
  }

  @Test
  void aMissingModelIsAClearErrorInEachProtocol() throws Exception {
    HttpResponse<String> ollama = f.post("/api/generate", f.token, "{\"prompt\":\"x\"}");
    assertEquals(400, ollama.statusCode());
    assertTrue(ollamaMessage(ollama.body()).startsWith("model is required"), ollama.body());
    HttpResponse<String> openAi = f.post("/v1/completions", f.token, "{\"prompt\":\"x\"}");
    assertEquals(400, openAi.statusCode());
    assertTrue(openAiError(openAi.body()).get("message").asText().contains("scripted-model"), openAi.body());
  }

  @Test
  void noTokensAtAllIsRefusedAsOpenAiRefusesIt() throws Exception {
    HttpResponse<String> r = f.post("/v1/completions", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":\"x = \",\"max_tokens\":0}");
    assertEquals(400, r.statusCode(), r.body());
    JsonNode e = openAiError(r.body());
    assertEquals("invalid_field", e.get("code").asText());
    assertTrue(e.get("message").asText().contains("less than the minimum of 1 - 'max_tokens'"), r.body());
  }

  @Test
  void aStreamFlagThatIsNotTrueOrFalseIsRefusedInEachProtocolsShape() throws Exception {
    HttpResponse<String> ollama = f.post("/api/generate", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":\"x\",\"stream\":\"yes\"}");
    assertEquals(400, ollama.statusCode(), ollama.body());
    assertTrue(ollamaMessage(ollama.body()).contains("'stream' must be true or false"), ollama.body());
    HttpResponse<String> openAi = f.post("/v1/completions", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":\"x\",\"stream\":1}");
    assertEquals(400, openAi.statusCode(), openAi.body());
    JsonNode e = openAiError(openAi.body());
    assertEquals("invalid_field", e.get("code").asText());
    assertTrue(e.get("message").asText().contains("'stream' must be true or false"), openAi.body());
  }

  @Test
  void moreThanEightChoicesIsAClearErrorInOpenAisShape() throws Exception {
    HttpResponse<String> r = f.post("/v1/completions", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":\"x\",\"n\":9}");
    assertEquals(400, r.statusCode());
    assertTrue(openAiError(r.body()).get("message").asText().contains("between 1 and 8"), r.body());
  }

  @Test
  void ourCompleteGivesDistinctAlternativesWhenAskedForSeveral() throws Exception {
    f.backend.enqueue(ScriptedReply.tokens("compute();").build());
    f.backend.enqueue(ScriptedReply.tokens("compute();").build());
    f.backend.enqueue(ScriptedReply.tokens("other();").build());
    JsonNode r = f.read(f.post("/v1/complete", f.token, "{\"prefix\":\"x = \",\"n\":3}").body());
    assertEquals("compute();", r.get("text").asText());
    assertEquals("[\"compute();\",\"other();\"]", r.get("alternatives").toString());
    f.backend.enqueue(ScriptedReply.tokens("one();").build());
    JsonNode one = f.read(f.post("/v1/complete", f.token, "{\"prefix\":\"y = \"}").body());
    assertTrue(one.get("alternatives") == null, "no alternatives unless asked for: " + one);
  }

  @Test
  void anEmptyAnswerAskedForSeveralHasAnEmptyListOfAlternativesStreamedOrNot() throws Exception {
    for (String stream : new String[] {"false", "\"ndjson\"", "\"sse\""}) {
      for (int i = 0; i < 3; i++) {
        f.backend.enqueue(ScriptedReply.tokens(new String[0]).build());
      }
      String body = f.post("/v1/complete", f.token, "{\"prefix\":\"x = \",\"n\":3,\"stream\":" + stream + "}").body();
      String last = body.strip().substring(body.strip().lastIndexOf('\n') + 1);
      JsonNode r = f.read(last.startsWith("data: ") ? last.substring("data: ".length()) : last);
      assertEquals("", r.get("text").asText(), body);
      assertEquals("[]", String.valueOf(r.get("alternatives")), "no suggestion is no alternative (" + stream + "): " + body);
    }
    // An empty first answer does not hide the others, and is not listed among them.
    f.backend.enqueue(ScriptedReply.tokens(new String[0]).build());
    f.backend.enqueue(ScriptedReply.tokens("other();").build());
    f.backend.enqueue(ScriptedReply.tokens(new String[0]).build());
    JsonNode r = f.read(f.post("/v1/complete", f.token, "{\"prefix\":\"y = \",\"n\":3}").body());
    assertEquals("[\"other();\"]", String.valueOf(r.get("alternatives")), r.toString());
    // OpenAI's API always answers n choices: an empty one says "no suggestion" there, as choice 0 does.
    f.backend.enqueue(ScriptedReply.tokens(new String[0]).build());
    f.backend.enqueue(ScriptedReply.tokens(new String[0]).build());
    JsonNode o = f.read(f.post("/v1/completions", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":\"z = \",\"n\":2}").body());
    assertEquals(2, o.get("choices").size(), o.toString());
    assertEquals("", o.get("choices").get(0).get("text").asText(), o.toString());
    assertEquals("", o.get("choices").get(1).get("text").asText(), o.toString());
  }

  @Test
  void metricsUseBaseUnits() throws Exception {
    f.backend.enqueue(ScriptedReply.tokens("a;").build());
    f.post("/v1/complete", f.token, "{\"prefix\":\"x = \"}");
    String metrics = f.get("/metrics").body();
    assertTrue(metrics.contains("# TYPE coclone_time_to_first_token_seconds histogram"), metrics);
    assertTrue(metrics.contains("# TYPE coclone_completion_latency_seconds histogram"), metrics);
    assertTrue(metrics.contains("coclone_completion_latency_seconds_count 1"), metrics);
    assertTrue(metrics.lines().noneMatch(l -> l.split("[{ ]")[l.startsWith("#") ? 2 : 0].contains("_ms")),
        "no metric is named in milliseconds: " + metrics);
  }

  @Test
  void ollamaGenerateWithoutAPromptPreloadsAsOllamaDoes() throws Exception {
    HttpResponse<String> r = f.post("/api/generate", f.token, "{\"model\":\"scripted-model\"}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode n = f.read(r.body());
    assertTrue(n.get("done").asBoolean(), r.body());
    assertEquals("load", n.get("done_reason").asText());
    assertEquals("", n.get("response").asText());
    assertEquals(0, f.backend.tokensSent(), "nothing is generated for a preload");
  }

  @Test
  void requestsThatNameNoLanguageGetOneGuessedFromTheirText() throws Exception {
    // Neither Ollama's nor OpenAI's body names a file: without a guess the engine saw plain text.
    f.backend.enqueue(ScriptedReply.tokens("return a + b").build());
    assertEquals(200, f.post("/v1/completions", f.token,
        "{\"model\":\"scripted-model\",\"prompt\":\"def add(a, b):\\n    \"}").statusCode());
    assertEquals("python", f.backend.takeRequest(java.time.Duration.ofSeconds(10)).language());
    f.backend.enqueue(ScriptedReply.tokens("println").build());
    assertEquals(200, f.post("/api/generate", f.token, "{\"model\":\"scripted-model\",\"stream\":false,"
        + "\"prompt\":\"public class A {\\n  void f() {\\n    System.out.\"}").statusCode());
    assertEquals("java", f.backend.takeRequest(java.time.Duration.ofSeconds(10)).language());
    // llama.cpp's /infill names no file either (llama.vscode sends the lines above and the cursor's line).
    f.backend.enqueue(ScriptedReply.tokens("Counter(text.split())").build());
    assertEquals(200, f.post("/infill", f.token, "{\"input_prefix\":\"from collections import Counter\\n\\n"
        + "def count_words(text):\\n\",\"prompt\":\"    return \",\"input_suffix\":\"\\n\"}").statusCode());
    assertEquals("python", f.backend.takeRequest(java.time.Duration.ofSeconds(10)).language());
  }
}
