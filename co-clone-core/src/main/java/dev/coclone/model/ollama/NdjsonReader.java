package dev.coclone.model.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.cancel.Cancellation;
import dev.coclone.model.GenerationResult;
import dev.coclone.model.ModelException;
import dev.coclone.model.TokenSink;
import dev.coclone.model.internal.StreamingExchange;
import java.io.IOException;

/** Reads Ollama's NDJSON generate stream: one object a line, the last with {@code "done": true}. */
final class NdjsonReader {
  private final ObjectMapper json;
  private final OllamaErrors errors;
  private final int maxTokens;

  NdjsonReader(ObjectMapper json, String model, int maxTokens) {
    this.json = json;
    this.errors = new OllamaErrors(json, model);
    this.maxTokens = maxTokens;
  }

  /** Bytes past the final line worth reading to keep the connection (normally none). */
  private static final int DRAIN_LIMIT = 4096;

  GenerationResult read(StreamingExchange exchange, TokenSink sink, Cancellation cancel) throws IOException {
    int pieces = 0;
    String line;
    while ((line = exchange.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = parse(line);
      if (node.hasNonNull("error")) {
        throw errors.midStream(node.get("error").asText());
      }
      String text = node.path("response").asText("");
      if (!text.isEmpty()) {
        pieces++;
        if (!sink.accept(text)) {
          return new GenerationResult(GenerationResult.Finish.STOP, 0, pieces);
        }
      }
      if (node.path("done").asBoolean(false)) {
        GenerationResult.Finish finish = "length".equals(node.path("done_reason").asText())
            ? GenerationResult.Finish.LENGTH : GenerationResult.Finish.STOP;
        exchange.drainRest(DRAIN_LIMIT);
        return new GenerationResult(finish, node.path("prompt_eval_count").asInt(0),
            node.path("eval_count").asInt(pieces));
      }
      if (pieces >= maxTokens + 8) {
        // The server ignores num_predict: stop it ourselves.
        return new GenerationResult(GenerationResult.Finish.LENGTH, 0, pieces);
      }
      cancel.throwIfCanceled();
    }
    throw new ModelException(ModelException.Kind.PROTOCOL,
        "Ollama's stream ended before its final \"done\" line; the server may have crashed. Try again.");
  }

  private JsonNode parse(String line) throws ModelException {
    try {
      JsonNode node = json.readTree(line);
      if (node == null || !node.isObject()) {
        throw new ModelException(ModelException.Kind.PROTOCOL, "Ollama sent a line that is not a JSON object: "
            + abbreviate(line) + ". Is the URL an Ollama server?");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ModelException(ModelException.Kind.PROTOCOL, "Ollama sent malformed NDJSON: " + abbreviate(line)
          + ". Is the URL an Ollama server?", -1, e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
