package dev.coclone.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.coclone.source.ContextSnippet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * llama.cpp server's infill protocol, what llama.vscode and other editor plugins call:
 * {@code POST /infill} with {@code input_prefix}, {@code input_suffix}, {@code input_extra} and
 * {@code prompt}, answered by {@code {"content", "stop": true, "tokens_predicted", ...}} or, with
 * {@code stream: true}, by {@code data: {"content", "stop": false}} events and a last event with
 * {@code stop: true} and the counts. Errors are {@code {"error": {"code", "message", "type"}}}
 * with the HTTP status as the code. Stateless and thread-safe.
 */
public final class LlamaCppWire implements ErrorShape {
  /**
   * A chunk of another file, for the prompt's context.
   *
   * @param filename the file's name
   * @param text     the chunk
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ExtraChunk(String filename, String text) {}

  /**
   * An infill request; the sampling options llama.cpp also takes ({@code top_k}, {@code top_p},
   * {@code samplers}, {@code cache_prompt}, {@code t_max_prompt_ms}, {@code n_indent}, ...) are
   * accepted and left to the backend's defaults.
   *
   * @param inputPrefix   text before the cursor's line (llama.vscode) or before the cursor
   * @param inputSuffix   text after the cursor
   * @param inputExtra    chunks of other files, or null
   * @param prompt        text between the prefix and the cursor (the cursor line so far), or null
   * @param nPredict      tokens to generate; null or negative: the default; 0: none
   * @param stream        true to stream
   * @param temperature   the sampling temperature, or null
   * @param stop          stop strings, or null
   * @param tMaxPredictMs a time limit for the generation in milliseconds, or null (accepted, not enforced)
   */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Request(String inputPrefix, String inputSuffix, List<ExtraChunk> inputExtra, String prompt,
      Integer nPredict, boolean stream, Double temperature, List<String> stop, Long tMaxPredictMs) {}

  /**
   * Timings of a finished generation, in llama.cpp's units.
   *
   * @param promptN     prompt tokens
   * @param promptMs    prompt time in ms (to the first token)
   * @param predictedN  tokens generated
   * @param predictedMs generation time in ms
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Timings(int promptN, double promptMs, int predictedN, double predictedMs) {}

  /**
   * An answer, or a streamed chunk of one (then only {@code content}, {@code stop} and
   * {@code index} are written).
   *
   * @param content         the text (the piece when streamed)
   * @param index           always 0
   * @param stop            true on the whole answer and the last chunk
   * @param model           the model, or null
   * @param tokensPredicted tokens generated, or null
   * @param tokensEvaluated prompt tokens, or null
   * @param stopType        {@code eos} or {@code limit}, or null
   * @param truncated       whether the prompt was cut, or null
   * @param timings         the timings, or null
   */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Answer(String content, int index, boolean stop, String model, Integer tokensPredicted,
      Integer tokensEvaluated, String stopType, Boolean truncated, Timings timings) {}

  /**
   * {@code GET /health}'s answer.
   *
   * @param status {@code ok}
   */
  public record Health(String status) {}

  private record ErrorDetail(int code, String message, String type) {}

  private record ErrorBody(ErrorDetail error) {}

  /** Creates the codec. */
  public LlamaCppWire() {}

  /**
   * Reads an infill request.
   *
   * @param body the parsed body
   * @return the request
   * @throws IllegalArgumentException if a field has the wrong type
   */
  public Request request(JsonNode body) {
    return Json.read(Objects.requireNonNull(body, "body"), Request.class);
  }

  /**
   * The chunks of {@code input_extra} as context for the prompt's budget, in the order sent;
   * empty chunks are left out.
   *
   * @param request the request
   * @return the snippets
   */
  public List<ContextSnippet> context(Request request) {
    List<ContextSnippet> out = new ArrayList<>();
    if (request.inputExtra() != null) {
      for (ExtraChunk c : request.inputExtra()) {
        if (c != null && c.text() != null && !c.text().isBlank()) {
          String name = c.filename() == null || c.filename().isBlank() ? "editor" : c.filename();
          out.add(new ContextSnippet(name, c.text(), 0, "input_extra chunk sent by the editor"));
        }
      }
    }
    return out;
  }

  /**
   * The whole answer to a request that asked for no tokens ({@code n_predict: 0}, llama.vscode's
   * way to warm the server's cache).
   *
   * @param model the model name
   * @return the answer
   */
  public Answer empty(String model) {
    return new Answer("", 0, true, model, 0, 0, "limit", false, new Timings(0, 0, 0, 0));
  }

  /**
   * An answer as a JSON body.
   *
   * @param value an {@link Answer} or {@link Health}
   * @return the JSON text
   */
  public String body(Record value) {
    return Json.write(Objects.requireNonNull(value, "value"));
  }

  /**
   * The encoder of infill answers: {@code data:} chunks, a last chunk with {@code stop: true} and
   * the counts, the whole answer when not streamed.
   *
   * @param model the model name
   * @return the encoder
   */
  public ReplyEncoder<Ending> replies(String model) {
    return new Encoder<>(Framing.SSE_CONTENT_TYPE,
        text -> Framing.sseData(body(new Answer(text, 0, false, null, null, null, null, null, null))),
        end -> Framing.sseData(body(answer(model, "", end))), end -> body(answer(model, end.text(), end)),
        e -> Framing.sseData(errorBody(e)), this);
  }

  private static Answer answer(String model, String content, Ending end) {
    double ttft = end.timeToFirstToken().toNanos() / 1e6;
    double total = end.total().toNanos() / 1e6;
    return new Answer(content, 0, true, model, end.completionTokens(), end.promptTokens(),
        "length".equals(end.finishReason()) ? "limit" : "eos", false,
        new Timings(end.promptTokens(), ttft, end.completionTokens(), Math.max(0, total - ttft)));
  }

  /**
   * {@code {"error": {"code": STATUS, "message", "type"}}}: {@code type} is
   * {@code authentication_error} (401), {@code not_found_error} (404), {@code unavailable_error}
   * (503), {@code server_error} (other 5xx) or {@code invalid_request_error}.
   */
  @Override
  public String errorBody(WireError error) {
    String type = switch (error.status()) {
      case 401 -> "authentication_error";
      case 404 -> "not_found_error";
      case 503 -> "unavailable_error";
      default -> error.status() >= 500 ? "server_error" : "invalid_request_error";
    };
    return Json.write(new ErrorBody(new ErrorDetail(error.status(), error.message(), type)));
  }
}
