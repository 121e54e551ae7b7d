package dev.coclone.completion;

/** Why generation ended. */
public enum FinishReason {
  /** The model or post-processor reached a natural end (end token, end of line or block). */
  STOP,
  /** The token limit was reached. */
  LENGTH,
  /** Answered from the cache without a model request. */
  CACHED
}
