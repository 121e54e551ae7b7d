package dev.coclone.completion;

import dev.coclone.source.ContextSnippet;
import dev.coclone.source.CompletionMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of a completion call.
 *
 * @param text            the suggestion to insert at the cursor, post-processed; may be empty
 * @param finishReason    why generation ended
 * @param mode            whether it was generated as a single line or a block
 * @param timeToFirstToken time from call start to the first token (zero when cached)
 * @param total           time from call start to the result
 * @param promptTokens    tokens in the prompt (estimated where the backend does not say)
 * @param completionTokens tokens generated
 * @param backend         id of the backend that produced it ({@code embedded}, {@code ollama}, ...)
 * @param model           model name
 * @param context         context snippets that went into the prompt
 * @param alternatives    the distinct suggestions, {@code text} first: one when the request asked for
 *     one ({@link CompletionRequest#n()}), up to {@code n} otherwise (fewer when answers repeat)
 * @param noSuggestionReason why the suggestion is empty, for people to read (e.g. "the suggestion
 *                        used a name that is not in scope: it uses id, which is not in scope here");
 *                        "" when there is a suggestion
 */
public record Completion(
    String text,
    FinishReason finishReason,
    CompletionMode mode,
    Duration timeToFirstToken,
    Duration total,
    int promptTokens,
    int completionTokens,
    String backend,
    String model,
    List<ContextSnippet> context,
    List<String> alternatives,
    String noSuggestionReason) {

  /** Validates and copies the components. */
  public Completion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(model, "model");
    context = List.copyOf(context);
    alternatives = List.copyOf(alternatives);
    if (alternatives.isEmpty() || !alternatives.get(0).equals(text)) {
      throw new IllegalArgumentException("alternatives must start with the text itself");
    }
    Objects.requireNonNull(noSuggestionReason, "noSuggestionReason");
  }

  /**
   * A completion with one suggestion ({@code alternatives} is just {@code text}) and no reason
   * given for an empty one.
   *
   * @param text             the suggestion
   * @param finishReason     why generation ended
   * @param mode             single line or block
   * @param timeToFirstToken time to the first token
   * @param total            time to the result
   * @param promptTokens     prompt tokens
   * @param completionTokens generated tokens
   * @param backend          backend id
   * @param model            model name
   * @param context          context snippets in the prompt
   */
  public Completion(String text, FinishReason finishReason, CompletionMode mode, Duration timeToFirstToken,
      Duration total, int promptTokens, int completionTokens, String backend, String model,
      List<ContextSnippet> context) {
    this(text, finishReason, mode, timeToFirstToken, total, promptTokens, completionTokens, backend, model, context,
        List.of(text), "");
  }

  /**
   * A completion with alternatives and no reason given for an empty suggestion.
   *
   * @param text             the suggestion
   * @param finishReason     why generation ended
   * @param mode             single line or block
   * @param timeToFirstToken time to the first token
   * @param total            time to the result
   * @param promptTokens     prompt tokens
   * @param completionTokens generated tokens
   * @param backend          backend id
   * @param model            model name
   * @param context          context snippets in the prompt
   * @param alternatives     the distinct suggestions, {@code text} first
   */
  public Completion(String text, FinishReason finishReason, CompletionMode mode, Duration timeToFirstToken,
      Duration total, int promptTokens, int completionTokens, String backend, String model,
      List<ContextSnippet> context, List<String> alternatives) {
    this(text, finishReason, mode, timeToFirstToken, total, promptTokens, completionTokens, backend, model, context,
        alternatives, "");
  }

  /** Returns true if the suggestion came from the cache. */
  public boolean cached() {
    return finishReason == FinishReason.CACHED;
  }
}
