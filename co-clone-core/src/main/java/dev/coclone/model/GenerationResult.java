package dev.coclone.model;

import java.util.Objects;

/**
 * How a backend's generation ended.
 *
 * @param finish           why it ended
 * @param promptTokens     tokens in the prompt (as the server reported, or estimated)
 * @param completionTokens tokens generated
 */
public record GenerationResult(Finish finish, int promptTokens, int completionTokens) {
  /** Validates the components. */
  public GenerationResult {
    Objects.requireNonNull(finish, "finish");
  }

  /** Why generation ended. */
  public enum Finish {
    /** End of text, a stop sequence, or the sink asked to stop. */
    STOP,
    /** The token limit was reached. */
    LENGTH
  }
}
