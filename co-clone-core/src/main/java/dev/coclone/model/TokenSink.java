package dev.coclone.model;

/** Receives generated text as it arrives from a backend. */
@FunctionalInterface
public interface TokenSink {
  /**
   * Accepts one piece of generated text.
   *
   * @param text the piece (a token or a few)
   * @return true to continue, false to stop generating now (the backend ends the upstream request
   *     and returns normally with {@link GenerationResult.Finish#STOP})
   */
  boolean accept(String text);
}
