package dev.coclone.signature;

import java.util.Objects;

/**
 * A model-written update of one dependent site.
 *
 * @param path    the file
 * @param line    1-based line that is rewritten
 * @param oldText the line as it is (without its indentation)
 * @param newText the line as the model suggests it (without its indentation)
 * @param edit    the edit that replaces the line's text, against the text the suggestion was made for
 * @param model   the backend and model that wrote it, e.g. {@code ollama/deepseek-coder:6.7b}
 */
public record Suggestion(String path, int line, String oldText, String newText, TextEdit edit, String model) {
  /** Validates the components. */
  public Suggestion {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(oldText, "oldText");
    Objects.requireNonNull(newText, "newText");
    Objects.requireNonNull(edit, "edit");
    Objects.requireNonNull(model, "model");
  }
}
