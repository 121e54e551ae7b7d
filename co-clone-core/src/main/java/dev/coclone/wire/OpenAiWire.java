package dev.coclone.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OpenAI's completions protocol: {@code text_completion} objects, streamed as {@code data:}
 * events ending with {@code data: [DONE]}, and errors as
 * {@code {"error": {"message", "type", "param", "code"}}} (the openai SDK shows
 * {@code error.message}). Stateless and thread-safe.
 */
public final class OpenAiWire implements ErrorShape {
  /** Content type of a streamed answer. */
  public static final String CONTENT_TYPE = Framing.SSE_CONTENT_TYPE;

  /**
   * One choice; {@code logprobs} and {@code finish_reason} are written even when null.
   *
   * @param text         the text (piece)
   * @param index        the choice's index
   * @param logprobs     always null here
   * @param finishReason {@code stop} or {@code length} at the end, null while streaming
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Choice(String text, int index, Object logprobs, String finishReason) {}

  /**
   * Token counts.
   *
   * @param promptTokens     prompt tokens
   * @param completionTokens generated tokens
   * @param totalTokens      both
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Usage(int promptTokens, int completionTokens, int totalTokens) {}

  /**
   * A completion object, or a streamed chunk of one ({@code usage} absent).
   *
   * @param id      the completion id
   * @param object  always {@code text_completion}
   * @param created unix seconds
   * @param model   the model name
   * @param choices the choices
   * @param usage   the counts, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Completion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {}

  private record ErrorDetail(String message, String type, String param, String code) {}

  private record ErrorBody(ErrorDetail error) {}

  /** Creates the codec. */
  public OpenAiWire() {}

  /**
   * A streamed chunk of one choice.
   *
   * @param id           the completion id
   * @param model        the model name
   * @param text         the piece
   * @param finishReason null while streaming, {@code stop} or {@code length} at the end
   * @return the chunk
   */
  public Completion chunk(String id, String model, String text, String finishReason) {
    return chunk(id, model, 0, text, finishReason);
  }

  /**
   * A streamed chunk of the choice at an index (several are asked for with {@code n}).
   *
   * @param id           the completion id
   * @param model        the model name
   * @param index        the choice's index
   * @param text         the piece
   * @param finishReason null while streaming, {@code stop} or {@code length} at the end
   * @return the chunk
   */
  public Completion chunk(String id, String model, int index, String text, String finishReason) {
    return new Completion(id, "text_completion", Instant.now().getEpochSecond(), model,
        List.of(new Choice(text, index, null, finishReason)), null);
  }

  /**
   * A whole completion (not streamed).
   *
   * @param id               the completion id
   * @param model            the model name
   * @param text             the text
   * @param finishReason     {@code stop} or {@code length}
   * @param promptTokens     prompt tokens
   * @param completionTokens generated tokens
   * @return the completion
   */
  public Completion whole(String id, String model, String text, String finishReason, int promptTokens,
      int completionTokens) {
    return new Completion(id, "text_completion", Instant.now().getEpochSecond(), model,
        List.of(new Choice(text, 0, null, finishReason)),
        new Usage(promptTokens, completionTokens, promptTokens + completionTokens));
  }

  /**
   * A completion as a {@code data:} event.
   *
   * @param completion the chunk
   * @return the framed event
   */
  public String event(Completion completion) {
    return Framing.sseData(Json.write(Objects.requireNonNull(completion, "completion")));
  }

  /** The event that ends a stream: {@code data: [DONE]}. */
  public String done() {
    return Framing.sseData("[DONE]");
  }

  /**
   * A completion as a plain JSON body.
   *
   * @param completion the completion
   * @return the JSON text
   */
  public String body(Completion completion) {
    return Json.write(Objects.requireNonNull(completion, "completion"));
  }

  /**
   * An error in mid-stream, as a {@code data:} event carrying the error body.
   *
   * @param error the error
   * @return the framed event
   */
  public String errorEvent(WireError error) {
    return Framing.sseData(errorBody(error));
  }

  /**
   * The encoder of completion answers: {@code data:} chunks ending with a chunk that carries the
   * finish reason and {@code data: [DONE]}, the whole completion with usage when not streamed.
   *
   * @param id    the completion id
   * @param model the model name
   * @return the encoder
   */
  public ReplyEncoder<Ending> replies(String id, String model) {
    return new Encoder<>(CONTENT_TYPE, text -> event(chunk(id, model, text, null)),
        end -> streamEnd(id, model, end),
        end -> body(whole(id, model, end)),
        this::errorEvent, this);
  }

  /**
   * The end of a stream: the other choices (index 1 and up) each as one chunk, then a chunk with
   * each choice's finish reason, then {@code data: [DONE]}.
   */
  private String streamEnd(String id, String model, Ending end) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < end.others().size(); i++) {
      sb.append(event(chunk(id, model, i + 1, end.others().get(i), null)));
    }
    sb.append(event(chunk(id, model, 0, "", end.finishReason())));
    for (int i = 0; i < end.others().size(); i++) {
      sb.append(event(chunk(id, model, i + 1, "", "stop")));
    }
    return sb.append(done()).toString();
  }

  /**
   * A whole completion with every choice of an ending: the main text at index 0, the others after
   * it (finished with {@code stop}).
   *
   * @param id    the completion id
   * @param model the model name
   * @param end   the ending
   * @return the completion
   */
  public Completion whole(String id, String model, Ending end) {
    List<Choice> choices = new ArrayList<>();
    choices.add(new Choice(end.text(), 0, null, end.finishReason()));
    for (int i = 0; i < end.others().size(); i++) {
      choices.add(new Choice(end.others().get(i), i + 1, null, "stop"));
    }
    return new Completion(id, "text_completion", Instant.now().getEpochSecond(), model, List.copyOf(choices),
        new Usage(end.promptTokens(), end.completionTokens(), end.promptTokens() + end.completionTokens()));
  }

  /**
   * {@code {"error": {"message", "type", "param": null, "code"}}}: {@code type} is
   * {@code server_error} for 5xx and {@code invalid_request_error} otherwise; {@code code} is the
   * error's code.
   */
  @Override
  public String errorBody(WireError error) {
    String type = error.status() >= 500 ? "server_error" : "invalid_request_error";
    return Json.write(new ErrorBody(new ErrorDetail(error.message(), type, null, error.code())));
  }
}
