package dev.coclone.netty.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A number, a boolean or an object where a protocol's field holds text is a 400 {@code invalid_field}
 * in that route's own error shape, naming the field and saying to send text, on every protocol;
 * it is never read as the text of the number ({@code "input_prefix": 5} completed after "5"). The
 * model is not scripted: a request that got through would be answered 502.
 */
class StringFieldsTest {
  private ServiceFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ServiceFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** The message of a 400, after checking that it says what the field must be and what to send. */
  private static String refused(HttpResponse<String> r, String message, String field) {
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(message.contains("'" + field + "' must be a string"), field + ": " + r.body());
    assertTrue(message.contains("send"), "says what to send: " + r.body());
    return message;
  }

  @Test
  void coCloneApiRefusesNumbersAndBooleansInItsStringFields() throws Exception {
    String[][] cases = {
        {"{\"prefix\": 5}", "prefix", "the number 5"},
        {"{\"prefix\": [\"x = \"]}", "prefix", "a list"},
        {"{\"prefix\": \"x = \", \"suffix\": 5}", "suffix", "the number 5"},
        {"{\"prefix\": \"x = \", \"language\": true}", "language", "true"},
        {"{\"prefix\": \"x = \", \"context\": [{\"path\": \"a.py\", \"text\": 12}]}", "context[0].text", "the number 12"},
        {"{\"prefix\": \"x = \", \"context\": [{\"path\": false, \"text\": \"y = 1\"}]}", "context[0].path", "false"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = f.post("/v1/complete", f.token, c[0]);
      JsonNode error = f.read(r.body()).path("error");
      assertEquals("invalid_field", error.path("code").asText(), r.body());
      assertTrue(refused(r, error.path("message").asText(), c[1]).contains(c[2]), r.body());
    }
  }

  @Test
  void ollamaRefusesNumbersAndBooleansInItsStringFields() throws Exception {
    String[][] cases = {
        {"{\"model\": \"scripted-model\", \"prompt\": \"x = \", \"suffix\": 5}", "suffix"},
        {"{\"model\": \"scripted-model\", \"prompt\": true}", "prompt"},
        {"{\"model\": 7, \"prompt\": \"x = \"}", "model"},
        {"{\"model\": \"scripted-model\", \"prompt\": \"x = \", \"options\": {\"stop\": [1]}}", "stop"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = f.post("/api/generate", f.token, c[0]);
      JsonNode error = f.read(r.body()).get("error");
      assertTrue(error != null && error.isTextual(), "Ollama's {\"error\": \"...\"}: " + r.body());
      if (c[1].equals("stop")) {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error.asText().contains("'stop' must be a string or a list of strings"), r.body());
      } else {
        refused(r, error.asText(), c[1]);
      }
    }
  }

  @Test
  void openAiRefusesNumbersAndBooleansInItsStringFields() throws Exception {
    String[][] cases = {
        {"{\"model\": \"scripted-model\", \"prompt\": \"x = \", \"suffix\": 5}", "suffix"},
        {"{\"model\": true, \"prompt\": \"x = \"}", "model"},
        {"{\"model\": \"scripted-model\", \"prompt\": \"x = \", \"stop\": true}", "stop"},
        {"{\"model\": \"scripted-model\", \"prompt\": \"x = \", \"stop\": [\"\\n\", 2]}", "stop"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = f.post("/v1/completions", f.token, c[0]);
      JsonNode error = f.read(r.body()).path("error");
      assertEquals("invalid_field", error.path("code").asText(), r.body());
      assertEquals("invalid_request_error", error.path("type").asText(), r.body());
      if (c[1].equals("stop")) {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error.path("message").asText().contains("'stop' must be a string or a list of strings"), r.body());
      } else {
        refused(r, error.path("message").asText(), c[1]);
      }
    }
  }

  @Test
  void tabbyRefusesNumbersAndBooleansInItsStringFields() throws Exception {
    String[][] cases = {
        {"{\"segments\": {\"prefix\": 1}}", "segments.prefix", "the number 1"},
        {"{\"segments\": {\"prefix\": \"x = \", \"suffix\": 2.5}}", "segments.suffix", "the number 2.5"},
        {"{\"language\": true, \"segments\": {\"prefix\": \"x = \"}}", "language", "true"},
        {"{\"segments\": {\"prefix\": \"x = \", \"filepath\": {\"a\": 1}}}", "segments.filepath", "an object"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = f.post("/v1/completions", f.token, c[0]);
      JsonNode error = f.read(r.body()).get("error");
      assertTrue(error != null && error.isTextual(), "Tabby's {\"error\": \"...\"}: " + r.body());
      assertTrue(refused(r, error.asText(), c[1]).contains(c[2]), r.body());
    }
    HttpResponse<String> event = f.post("/v1/events", f.token, "{\"type\": 3, \"completion_id\": \"cmpl-1\"}");
    refused(event, f.read(event.body()).path("error").asText(), "type");
  }

  @Test
  void llamaCppInfillRefusesNumbersAndBooleansInItsStringFields() throws Exception {
    String[][] cases = {
        {"{\"input_prefix\": 5}", "input_prefix", "the number 5"},
        {"{\"input_prefix\": \"x = \", \"input_suffix\": true}", "input_suffix", "true"},
        {"{\"input_prefix\": \"x = \", \"prompt\": 1.5}", "prompt", "the number 1.5"},
        {"{\"input_prefix\": \"x = \", \"stop\": [\"\\n\", 3]}", "stop[1]", "the number 3"},
        {"{\"input_prefix\": \"x = \", \"input_extra\": [{\"filename\": \"a.py\", \"text\": false}]}",
            "input_extra[0].text", "false"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = f.post("/infill", f.token, c[0]);
      JsonNode error = f.read(r.body()).path("error");
      assertEquals(400, error.path("code").asInt(), r.body());
      assertEquals("invalid_request_error", error.path("type").asText(), r.body());
      assertTrue(refused(r, error.path("message").asText(), c[1]).contains(c[2]), r.body());
    }
  }
}
