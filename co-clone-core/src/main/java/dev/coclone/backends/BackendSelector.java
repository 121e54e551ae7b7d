package dev.coclone.backends;

import dev.coclone.model.BackendStatus;
import dev.coclone.model.ModelBackend;
import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.model.openai.OpenAiCompatibleBackend;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Chooses the backend the launcher asked for. {@code auto} uses Ollama when it answers and has
 * the model, otherwise the embedded engine; the {@link Choice} says which and why, for the startup
 * line.
 */
public final class BackendSelector {
  private final String ollamaUrl;
  private final String openAiUrl;
  private final String openAiKey;
  private final String model;
  private final Supplier<ModelBackend> embedded;

  /**
   * Creates a selector.
   *
   * @param ollamaUrl Ollama's base URL
   * @param openAiUrl the OpenAI-compatible server's base URL
   * @param openAiKey bearer key for that server, or null
   * @param model     the model name
   * @param embedded  makes the embedded engine, called only when it is chosen
   */
  public BackendSelector(String ollamaUrl, String openAiUrl, String openAiKey, String model,
      Supplier<ModelBackend> embedded) {
    this.ollamaUrl = Objects.requireNonNull(ollamaUrl, "ollamaUrl");
    this.openAiUrl = Objects.requireNonNull(openAiUrl, "openAiUrl");
    this.openAiKey = openAiKey;
    this.model = Objects.requireNonNull(model, "model");
    this.embedded = Objects.requireNonNull(embedded, "embedded");
  }

  /**
   * The chosen backend and a line that says what was chosen and why.
   *
   * @param backend     the backend
   * @param explanation e.g. "using Ollama at http://localhost:11434 with model ..."
   */
  public record Choice(ModelBackend backend, String explanation) {}

  /**
   * Selects a backend.
   *
   * @param kind {@code auto}, {@code embedded}, {@code ollama} or {@code openai}
   * @return the choice
   * @throws IllegalArgumentException for an unknown kind
   */
  public Choice select(String kind) {
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "embedded" -> {
        return new Choice(embedded.get(), "using the embedded engine (no model server needed)");
      }
      case "ollama" -> {
        OllamaBackend ollama = OllamaBackend.builder().baseUrl(ollamaUrl).model(model).build();
        BackendStatus s = ollama.probe();
        return new Choice(ollama, s.available() ? "using " + s.message()
            : "using Ollama at " + ollamaUrl + ", which is not ready: " + s.message());
      }
      case "openai" -> {
        OpenAiCompatibleBackend openAi = OpenAiCompatibleBackend.builder().baseUrl(openAiUrl).model(model)
            .apiKey(openAiKey).build();
        BackendStatus s = openAi.probe();
        return new Choice(openAi, s.available() ? "using " + s.message()
            : "using the OpenAI-compatible server at " + openAiUrl + ", which is not ready: " + s.message());
      }
      case "auto" -> {
        OllamaBackend ollama = OllamaBackend.builder().baseUrl(ollamaUrl).model(model).build();
        BackendStatus s = ollama.probe();
        if (s.available()) {
          return new Choice(ollama, "using " + s.message());
        }
        ollama.close();
        return new Choice(embedded.get(), "using the embedded engine: " + s.message());
      }
      default -> throw new IllegalArgumentException(
          "backend must be auto, embedded, ollama or openai, not '" + kind + "'");
    }
  }
}
