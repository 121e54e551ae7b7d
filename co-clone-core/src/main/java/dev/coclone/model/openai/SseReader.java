package dev.coclone.model.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.cancel.Cancellation;
import dev.coclone.model.GenerationResult;
import dev.coclone.model.ModelException;
import dev.coclone.model.TokenSink;
import dev.coclone.model.internal.StreamingExchange;
import java.io.IOException;

/**
 * Reads an OpenAI-style completion stream: server-sent events whose {@code data:} lines carry a
 * completion object with the next piece in {@code choices[0].text}, ended by {@code data: [DONE]}.
 * Follows the SSE rules: comment lines start with a colon, an event may span several {@code data:}
 * lines, a blank line dispatches it.
 */
final class SseReader {
  private final ObjectMapper json;
  private final int maxTokens;

  SseReader(ObjectMapper json, int maxTokens) {
    this.json = json;
    this.maxTokens = maxTokens;
  }

  /** Bytes past the final event worth reading to keep the connection (normally none). */
  private static final int DRAIN_LIMIT = 4096;

  GenerationResult read(StreamingExchange exchange, TokenSink sink, Cancellation cancel) throws IOException {
    StringBuilder data = new StringBuilder();
    Counts counts = new Counts();
    String line;
    while ((line = exchange.readLine()) != null) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          String event = data.toString();
          data.setLength(0);
          GenerationResult done = dispatch(event, sink, counts);
          if (done != null) {
            if (event.equals("[DONE]")) {
              exchange.drainRest(DRAIN_LIMIT);
            }
            return done;
          }
          cancel.throwIfCanceled();
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      if (line.startsWith("data:")) {
        String value = line.substring(5);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(value);
      }
      // Other fields (event:, id:, retry:) carry nothing for completions.
    }
    if (data.length() > 0) {
      GenerationResult done = dispatch(data.toString(), sink, counts);
      if (done != null) {
        return done;
      }
    }
    throw new ModelException(ModelException.Kind.PROTOCOL,
        "the server's event stream ended without 'data: [DONE]'; it may have crashed. Try again.");
  }

  /** Handles one event; returns a result when the stream is over. */
  private GenerationResult dispatch(String data, TokenSink sink, Counts counts) throws ModelException {
    if (data.equals("[DONE]")) {
      return new GenerationResult(counts.finish, counts.promptTokens, counts.completionTokens);
    }
    JsonNode node;
    try {
      node = json.readTree(data);
    } catch (JsonProcessingException e) {
      throw new ModelException(ModelException.Kind.PROTOCOL, "the server sent malformed SSE data: "
          + abbreviate(data) + ". Is --openai-url an OpenAI-compatible server?", -1, e);
    }
    if (node.hasNonNull("error")) {
      JsonNode err = node.get("error");
      String message = err.isObject() ? err.path("message").asText(err.toString()) : err.asText();
      throw new ModelException(ModelException.Kind.SERVER_ERROR, "the server reported an error mid-stream: "
          + message + ". Check its log and try again.");
    }
    JsonNode choice = node.path("choices").path(0);
    String text = choice.path("text").asText("");
    JsonNode usage = node.path("usage");
    if (usage.isObject()) {
      counts.promptTokens = usage.path("prompt_tokens").asInt(counts.promptTokens);
      counts.completionTokens = usage.path("completion_tokens").asInt(counts.completionTokens);
    }
    if (!text.isEmpty()) {
      counts.pieces++;
      counts.completionTokens = Math.max(counts.completionTokens, counts.pieces);
      if (!sink.accept(text)) {
        return new GenerationResult(GenerationResult.Finish.STOP, counts.promptTokens, counts.pieces);
      }
    }
    String finish = choice.path("finish_reason").asText("");
    if ("length".equals(finish)) {
      counts.finish = GenerationResult.Finish.LENGTH;
    }
    if (counts.pieces >= maxTokens + 8) {
      return new GenerationResult(GenerationResult.Finish.LENGTH, counts.promptTokens, counts.pieces);
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  private static final class Counts {
    int pieces;
    int promptTokens;
    int completionTokens;
    GenerationResult.Finish finish = GenerationResult.Finish.STOP;
  }
}
