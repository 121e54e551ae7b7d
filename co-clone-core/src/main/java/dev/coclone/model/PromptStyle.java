package dev.coclone.model;

/** How a server backend puts the prefix and suffix into a request. */
public enum PromptStyle {
  /** Ollama: decide from {@code /api/show}; OpenAI-compatible servers: {@link #RAW_FIM}. */
  AUTO,
  /** {@code raw: true} with the model family's fill-in-the-middle tokens written by Co-Clone. */
  RAW_FIM,
  /** The API's own {@code suffix} field (Ollama: needs a template with {@code .Suffix}). */
  SUFFIX_FIELD,
  /** {@code raw: true} with the prefix only: plain continuation, for instruct/chat models. */
  COMPLETION
}
