package dev.coclone.model;

import java.util.Objects;

/**
 * How a backend's generation ended.
 *
 * @param finish           why it ended
 * @param promptTokens     tokens in the prompt (as the server reported, or estimated)
 * @param completionTokens tokens generated
 * @param silentReason     why the backend chose to generate nothing, for people ("" when it did
 *                         generate, or does not say)
 */
public record GenerationResult(Finish finish, int promptTokens, int completionTokens, String silentReason) {
  /** Validates the components. */
  public GenerationResult {
    Objects.requireNonNull(finish, "finish");
    Objects.requireNonNull(silentReason, "silentReason");
  }

  /**
   * A result that gives no reason for silence.
   *
   * @param finish           why it ended
   * @param promptTokens     tokens in the prompt
   * @param completionTokens tokens generated
   */
  public GenerationResult(Finish finish, int promptTokens, int completionTokens) {
    this(finish, promptTokens, completionTokens, "");
  }

  /** Why generation ended. */
  public enum Finish {
    /** End of text, a stop sequence, or the sink asked to stop. */
    STOP,
    /** The token limit was reached. */
    LENGTH
  }
}
