package dev.coclone.netty.app;

import java.util.Locale;
import java.util.Objects;

/** Which model backend the app uses; {@link #AUTO} picks Ollama when it is ready, else the embedded engine. */
public enum BackendKind {
  /** Ollama when it answers and has the model, otherwise the embedded engine. */
  AUTO,
  /** The embedded offline engine: no model server needed. */
  EMBEDDED,
  /** An Ollama server. */
  OLLAMA,
  /** An OpenAI-compatible server (llama.cpp, vLLM, ...). */
  OPENAI;

  /**
   * Reads a kind as the command line spells it.
   *
   * @param text {@code auto}, {@code embedded}, {@code ollama} or {@code openai}, in any case
   * @return the kind
   * @throws IllegalArgumentException naming the accepted values
   */
  public static BackendKind of(String text) {
    Objects.requireNonNull(text, "text");
    for (BackendKind k : values()) {
      if (k.name().equalsIgnoreCase(text.strip())) {
        return k;
      }
    }
    throw new IllegalArgumentException("takes auto, embedded, ollama or openai, not '" + text + "'");
  }

  /** The lower-case name the command line uses. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
