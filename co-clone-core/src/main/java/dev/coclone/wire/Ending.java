package dev.coclone.wire;

import dev.coclone.completion.Completion;
import dev.coclone.completion.FinishReason;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a generation ended, as the model-server protocols (Ollama's, OpenAI's) report it.
 *
 * @param text             the whole text (for an answer that is not streamed)
 * @param finishReason     {@code stop} or {@code length}
 * @param promptTokens     tokens in the prompt
 * @param completionTokens tokens generated
 * @param timeToFirstToken time to the first token
 * @param total            time to the end
 * @param others           the other suggestions when several were asked for (OpenAI's
 *     {@code choices[1..n)}), else empty
 */
public record Ending(String text, String finishReason, int promptTokens, int completionTokens,
    Duration timeToFirstToken, Duration total, List<String> others) {
  /** Validates the components. */
  public Ending {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    Objects.requireNonNull(total, "total");
    others = List.copyOf(others);
  }

  /**
   * An ending with one suggestion.
   *
   * @param text             the whole text
   * @param finishReason     {@code stop} or {@code length}
   * @param promptTokens     tokens in the prompt
   * @param completionTokens tokens generated
   * @param timeToFirstToken time to the first token
   * @param total            time to the end
   */
  public Ending(String text, String finishReason, int promptTokens, int completionTokens, Duration timeToFirstToken,
      Duration total) {
    this(text, finishReason, promptTokens, completionTokens, timeToFirstToken, total, List.of());
  }

  /**
   * The ending of a completion: {@code length} when the token limit cut it, {@code stop} otherwise
   * (a cached answer included), with the completion's other alternatives.
   *
   * @param c the completion
   * @return its ending
   */
  public static Ending of(Completion c) {
    return new Ending(c.text(), c.finishReason() == FinishReason.LENGTH ? "length" : "stop", c.promptTokens(),
        c.completionTokens(), c.timeToFirstToken(), c.total(), c.alternatives().subList(1, c.alternatives().size()));
  }
}
