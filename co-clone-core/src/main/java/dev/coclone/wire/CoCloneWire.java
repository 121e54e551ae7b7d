package dev.coclone.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.coclone.completion.Completion;
import dev.coclone.source.ContextSnippet;
import java.util.List;
import java.util.Objects;

/**
 * Co-Clone's own completion protocol ({@code POST /v1/complete} and the signature suggestions):
 * a result object, streamed as SSE ({@code event: token}, then {@code event: done} or
 * {@code event: error}) or NDJSON ({@code {"text"}} lines, then the result with
 * {@code "done": true} or an error object). Errors are {@code {"error": {"code", "message"}}}.
 * Stateless and thread-safe.
 */
public final class CoCloneWire implements ErrorShape {
  /** How a streamed answer is framed. */
  public enum Stream {
    /** Server-sent events. */
    SSE(Framing.SSE_CONTENT_TYPE),
    /** Newline-delimited JSON. */
    NDJSON(Framing.NDJSON_CONTENT_TYPE);

    private final String contentType;

    Stream(String contentType) {
      this.contentType = contentType;
    }

    /** The content type of the stream. */
    public String contentType() {
      return contentType;
    }
  }

  /**
   * A piece of streamed text.
   *
   * @param text the piece
   */
  public record Token(String text) {}

  /**
   * Times of a call in milliseconds.
   *
   * @param ttftMs  time to the first token
   * @param totalMs time to the result
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Timings(double ttftMs, double totalMs) {}

  /**
   * Token counts.
   *
   * @param promptTokens     tokens in the prompt
   * @param completionTokens tokens generated
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Usage(int promptTokens, int completionTokens) {}

  /**
   * A context snippet that went into the prompt.
   *
   * @param path   where it came from
   * @param score  its relevance
   * @param reason why it was chosen
   * @param text   the snippet
   */
  public record Snippet(String path, double score, String reason, String text) {}

  /**
   * The answer to a completion request.
   *
   * @param id           the request id
   * @param text         the suggestion
   * @param finishReason {@code stop}, {@code length} or {@code cached}
   * @param mode         {@code single_line} or {@code multi_line}
   * @param timings      times
   * @param usage        token counts
   * @param backend      backend id
   * @param model        model name
   * @param context      snippets in the prompt
   * @param done         true on the last NDJSON line, null (absent) elsewhere
   * @param alternatives the distinct non-empty suggestions, {@code text} first (empty when there is
   *     none), when the request asked for more than one ({@code n > 1}); null (absent) otherwise
   * @param reason       why the suggestion is empty, in words; null (absent) when there is one
   */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(String id, String text, String finishReason, String mode, Timings timings, Usage usage,
      String backend, String model, List<Snippet> context, Boolean done, List<String> alternatives, String reason) {
    /**
     * The answer for a completion.
     *
     * @param id the request id
     * @param c  the completion
     * @return the answer
     */
    public static Result of(String id, Completion c) {
      return of(id, c, false);
    }

    /**
     * The answer for a completion, with its {@code alternatives} when several were asked for.
     *
     * @param id      the request id
     * @param c       the completion
     * @param several true when the request asked for more than one suggestion
     * @return the answer
     */
    public static Result of(String id, Completion c, boolean several) {
      Objects.requireNonNull(c, "c");
      return new Result(id, c.text(), WireError.lower(c.finishReason()), WireError.lower(c.mode()),
          new Timings(c.timeToFirstToken().toNanos() / 1e6, c.total().toNanos() / 1e6),
          new Usage(c.promptTokens(), c.completionTokens()), c.backend(), c.model(),
          c.context().stream().map(CoCloneWire::snippet).toList(), null, several ? suggestions(c) : null,
          c.noSuggestionReason().isEmpty() ? null : c.noSuggestionReason());
    }
  }

  /** The completion's suggestions without the empty one: no suggestion is an empty list, not {@code [""]}. */
  private static List<String> suggestions(Completion c) {
    return c.alternatives().stream().filter(s -> !s.isEmpty()).toList();
  }

  private record ErrorDetail(String code, String message) {}

  private record ErrorBody(ErrorDetail error) {}

  /** Creates the codec. */
  public CoCloneWire() {}

  private static Snippet snippet(ContextSnippet s) {
    return new Snippet(s.path(), s.score(), s.reason(), s.text());
  }

  /**
   * A value as a plain JSON body.
   *
   * @param value a record of this protocol
   * @return the JSON text
   */
  public String json(Object value) {
    return Json.write(Objects.requireNonNull(value, "value"));
  }

  /**
   * A streamed piece of text.
   *
   * @param stream the framing
   * @param text   the piece
   * @return the framed piece
   */
  public String token(Stream stream, String text) {
    String data = Json.write(new Token(text));
    return stream == Stream.SSE ? Framing.sseEvent("token", data) : Framing.ndjson(data);
  }

  /**
   * The end of a stream with its result.
   *
   * @param stream the framing
   * @param result the result
   * @return the framed end
   */
  public String done(Stream stream, Result result) {
    if (stream == Stream.SSE) {
      return Framing.sseEvent("done", Json.write(result));
    }
    return Framing.ndjson(Json.write(new Result(result.id(), result.text(), result.finishReason(), result.mode(),
        result.timings(), result.usage(), result.backend(), result.model(), result.context(), Boolean.TRUE,
        result.alternatives(), result.reason())));
  }

  /**
   * The end of a stream with any other final record (an SSE {@code done} event).
   *
   * @param stream the framing
   * @param value  the record
   * @return the framed end
   */
  public String doneValue(Stream stream, Object value) {
    String data = Json.write(value);
    return stream == Stream.SSE ? Framing.sseEvent("done", data) : Framing.ndjson(data);
  }

  /**
   * The end of a stream with an error.
   *
   * @param stream the framing
   * @param error  the error
   * @return the framed error
   */
  public String error(Stream stream, WireError error) {
    String data = errorBody(error);
    return stream == Stream.SSE ? Framing.sseEvent("error", data) : Framing.ndjson(data);
  }

  /**
   * The encoder of our completion answers in one framing: {@code token} pieces, then the result
   * ({@code done}) or an error; the result as a plain body when not streamed.
   *
   * @param stream the framing of a streamed answer
   * @return the encoder
   */
  public ReplyEncoder<Result> replies(Stream stream) {
    Objects.requireNonNull(stream, "stream");
    return new Encoder<>(stream.contentType(), text -> token(stream, text), end -> done(stream, end), this::json,
        error -> error(stream, error), this);
  }

  /** {@code {"error": {"code", "message"}}}. */
  @Override
  public String errorBody(WireError error) {
    return Json.write(new ErrorBody(new ErrorDetail(error.code(), error.message())));
  }
}
