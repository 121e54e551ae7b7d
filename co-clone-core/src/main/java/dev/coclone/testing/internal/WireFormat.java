package dev.coclone.testing.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The bytes of a streamed reply in one protocol: Ollama NDJSON or OpenAI server-sent events. */
public interface WireFormat {
  /** Content type of a streamed reply. */
  String streamContentType();

  /** The framed text carrying one piece. */
  String piece(String text);

  /** The framed text(s) ending the stream normally. */
  String done(String doneReason, int promptTokens, int completionTokens);

  /** A framed error in mid-stream. */
  String errorLine(String message);

  /** The whole reply when not streamed. */
  String whole(String text, String doneReason, int promptTokens, int completionTokens);

  /** The error body for an HTTP error status. */
  String errorBody(int status, String message);

  /** Ollama's NDJSON: one JSON object per line, the last with {@code done: true}. */
  final class Ollama implements WireFormat {
    private final ObjectMapper json = new ObjectMapper();
    private final String model;
    private final boolean raw;

    /**
     * Formats replies for a model.
     *
     * @param model the model name echoed in each line
     * @param raw   whether the request was raw (no {@code context} field then)
     */
    public Ollama(String model, boolean raw) {
      this.model = model;
      this.raw = raw;
    }

    private ObjectNode line() {
      ObjectNode n = json.createObjectNode();
      n.put("model", model);
      n.put("created_at", Instant.now().toString());
      return n;
    }

    @Override
    public String streamContentType() {
      return "application/x-ndjson";
    }

    @Override
    public String piece(String text) {
      ObjectNode n = line();
      n.put("response", text);
      n.put("done", false);
      return n + "\n";
    }

    @Override
    public String done(String doneReason, int promptTokens, int completionTokens) {
      return finalLine("", doneReason, promptTokens, completionTokens) + "\n";
    }

    private ObjectNode finalLine(String text, String doneReason, int promptTokens, int completionTokens) {
      ObjectNode n = line();
      n.put("response", text);
      n.put("done", true);
      n.put("done_reason", doneReason);
      if (!raw) {
        n.putArray("context").add(1).add(2).add(3);
      }
      n.put("total_duration", 5_000_000L);
      n.put("load_duration", 1_000_000L);
      n.put("prompt_eval_count", promptTokens);
      n.put("prompt_eval_duration", 1_000_000L);
      n.put("eval_count", completionTokens);
      n.put("eval_duration", 3_000_000L);
      return n;
    }

    @Override
    public String errorLine(String message) {
      return json.createObjectNode().put("error", message) + "\n";
    }

    @Override
    public String whole(String text, String doneReason, int promptTokens, int completionTokens) {
      return finalLine(text, doneReason, promptTokens, completionTokens).toString();
    }

    @Override
    public String errorBody(int status, String message) {
      return json.createObjectNode().put("error", message).toString();
    }
  }

  /** OpenAI's completion events: {@code data: <object>} lines and a final {@code data: [DONE]}. */
  final class OpenAi implements WireFormat {
    private final ObjectMapper json = new ObjectMapper();
    private final String model;
    private final String id = "cmpl-" + Long.toHexString(System.nanoTime());

    /**
     * Formats replies for a model.
     *
     * @param model the model name echoed in each event
     */
    public OpenAi(String model) {
      this.model = model;
    }

    private ObjectNode completion(String text, String finishReason) {
      ObjectNode n = json.createObjectNode();
      n.put("id", id);
      n.put("object", "text_completion");
      n.put("created", Instant.now().getEpochSecond());
      n.put("model", model);
      ObjectNode choice = n.putArray("choices").addObject();
      choice.put("text", text);
      choice.put("index", 0);
      choice.putNull("logprobs");
      if (finishReason == null) {
        choice.putNull("finish_reason");
      } else {
        choice.put("finish_reason", finishReason);
      }
      return n;
    }

    @Override
    public String streamContentType() {
      return "text/event-stream";
    }

    @Override
    public String piece(String text) {
      return "data: " + completion(text, null) + "\n\n";
    }

    @Override
    public String done(String doneReason, int promptTokens, int completionTokens) {
      return "data: " + completion("", doneReason) + "\n\ndata: [DONE]\n\n";
    }

    @Override
    public String errorLine(String message) {
      ObjectNode n = json.createObjectNode();
      n.putObject("error").put("message", message).put("type", "server_error");
      return "data: " + n + "\n\n";
    }

    @Override
    public String whole(String text, String doneReason, int promptTokens, int completionTokens) {
      ObjectNode n = completion(text, doneReason);
      ObjectNode usage = n.putObject("usage");
      usage.put("prompt_tokens", promptTokens);
      usage.put("completion_tokens", completionTokens);
      usage.put("total_tokens", promptTokens + completionTokens);
      return n.toString();
    }

    @Override
    public String errorBody(int status, String message) {
      ObjectNode n = json.createObjectNode();
      ObjectNode e = n.putObject("error");
      e.put("message", message);
      e.put("type", "invalid_request_error");
      if (status == 404) {
        e.put("code", "model_not_found");
      } else if (status == 401) {
        e.put("code", "invalid_api_key");
      } else {
        e.putNull("code");
      }
      return n.toString();
    }
  }
}
