package dev.coclone.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Ollama's generate protocol: NDJSON chunks {@code {"model", "created_at", "response", "done"}},
 * a final chunk with {@code done_reason} and the counts, the same final object as a plain body
 * when not streamed, and errors as {@code {"error": "a string"}} (which ollama-js shows as the
 * error's message). Stateless and thread-safe.
 */
public final class OllamaWire implements ErrorShape {
  /** Content type of a streamed generate answer. */
  public static final String CONTENT_TYPE = Framing.NDJSON_CONTENT_TYPE;

  /**
   * A generate chunk; the counts are absent (null) on all but the final one.
   *
   * @param model              the model name
   * @param createdAt          when, ISO-8601
   * @param response           the text piece (or the whole text when not streamed)
   * @param done               true on the final chunk
   * @param doneReason         {@code stop} or {@code length} on the final chunk
   * @param context            the context tokens of a non-raw request, or null
   * @param totalDuration      nanoseconds
   * @param loadDuration       nanoseconds
   * @param promptEvalCount    prompt tokens
   * @param promptEvalDuration nanoseconds
   * @param evalCount          generated tokens
   * @param evalDuration       nanoseconds
   */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Chunk(String model, String createdAt, String response, boolean done, String doneReason,
      List<Integer> context, Long totalDuration, Long loadDuration, Integer promptEvalCount, Long promptEvalDuration,
      Integer evalCount, Long evalDuration) {}

  /**
   * The counts of a finished generation.
   *
   * @param totalDuration      nanoseconds
   * @param loadDuration       nanoseconds
   * @param promptEvalCount    prompt tokens
   * @param promptEvalDuration nanoseconds
   * @param evalCount          generated tokens
   * @param evalDuration       nanoseconds
   */
  public record Stats(long totalDuration, long loadDuration, int promptEvalCount, long promptEvalDuration,
      int evalCount, long evalDuration) {}

  private record ErrorBody(String error) {}

  /** Creates the codec. */
  public OllamaWire() {}

  /**
   * A chunk carrying a piece of text.
   *
   * @param model the model name
   * @param text  the piece
   * @return the chunk
   */
  public Chunk piece(String model, String text) {
    return new Chunk(model, Instant.now().toString(), text, false, null, null, null, null, null, null, null, null);
  }

  /**
   * The final chunk.
   *
   * @param model      the model name
   * @param text       empty when streamed, the whole text when not
   * @param doneReason {@code stop} or {@code length}
   * @param stats      the counts
   * @param context    the context tokens (non-raw requests), or null
   * @return the chunk
   */
  public Chunk last(String model, String text, String doneReason, Stats stats, List<Integer> context) {
    Objects.requireNonNull(stats, "stats");
    return new Chunk(model, Instant.now().toString(), text, true, doneReason, context, stats.totalDuration(),
        stats.loadDuration(), stats.promptEvalCount(), stats.promptEvalDuration(), stats.evalCount(),
        stats.evalDuration());
  }

  /**
   * A chunk as one NDJSON line.
   *
   * @param chunk the chunk
   * @return the line
   */
  public String line(Chunk chunk) {
    return Framing.ndjson(Json.write(chunk));
  }

  /**
   * A chunk as a plain JSON body (a non-streamed answer).
   *
   * @param chunk the chunk
   * @return the JSON text
   */
  public String body(Chunk chunk) {
    return Json.write(chunk);
  }

  /**
   * An error in mid-stream, as Ollama writes it: one line {@code {"error": "..."}}.
   *
   * @param error the error
   * @return the line
   */
  public String errorLine(WireError error) {
    return Framing.ndjson(errorBody(error));
  }

  /**
   * The encoder of generate answers for a model: NDJSON chunks, the final chunk with the counts
   * (durations from the ending's times), the whole final object when not streamed.
   *
   * @param model   the model name echoed in each chunk
   * @param context the context tokens for the final chunk (non-raw requests), or null
   * @return the encoder
   */
  public ReplyEncoder<Ending> replies(String model, List<Integer> context) {
    return new Encoder<>(CONTENT_TYPE, text -> line(piece(model, text)), end -> line(last(model, "", end, context)),
        end -> body(last(model, end.text(), end, context)), this::errorLine, this);
  }

  private Chunk last(String model, String text, Ending end, List<Integer> context) {
    long total = end.total().toNanos();
    long ttft = end.timeToFirstToken().toNanos();
    return last(model, text, end.finishReason(), new Stats(total, 0, end.promptTokens(), ttft, end.completionTokens(),
        total - ttft), context);
  }

  /** {@code {"error": "message"}}. */
  @Override
  public String errorBody(WireError error) {
    return Json.write(new ErrorBody(error.message()));
  }
}
