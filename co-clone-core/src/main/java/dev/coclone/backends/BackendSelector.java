package dev.coclone.backends;

import dev.coclone.model.BackendStatus;
import dev.coclone.model.ModelBackend;
import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.model.openai.OpenAiCompatibleBackend;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Chooses the backend the launcher asked for. {@code auto} uses Ollama when it answers and has
 * the model, otherwise the embedded engine; the {@link Choice} says which and why, for the startup
 * line. Several URLs of one kind make a {@link BalancedBackend} over those servers.
 */
public final class BackendSelector {
  private final List<String> ollamaUrls;
  private final List<String> openAiUrls;
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
    this(List.of(Objects.requireNonNull(ollamaUrl, "ollamaUrl")), List.of(Objects.requireNonNull(openAiUrl,
        "openAiUrl")), openAiKey, model, embedded);
  }

  /**
   * Creates a selector for fleets: several URLs of a kind are balanced over.
   *
   * @param ollamaUrls Ollama base URLs, at least one
   * @param openAiUrls OpenAI-compatible servers' base URLs, at least one
   * @param openAiKey  bearer key for those servers, or null
   * @param model      the model name, the same on every server
   * @param embedded   makes the embedded engine, called only when it is chosen
   * @throws IllegalArgumentException if a list is empty
   */
  public BackendSelector(List<String> ollamaUrls, List<String> openAiUrls, String openAiKey, String model,
      Supplier<ModelBackend> embedded) {
    this.ollamaUrls = nonEmpty("ollamaUrls", ollamaUrls);
    this.openAiUrls = nonEmpty("openAiUrls", openAiUrls);
    this.openAiKey = openAiKey;
    this.model = Objects.requireNonNull(model, "model");
    this.embedded = Objects.requireNonNull(embedded, "embedded");
  }

  private static List<String> nonEmpty(String name, List<String> urls) {
    if (Objects.requireNonNull(urls, name).isEmpty()) {
      throw new IllegalArgumentException(name + " must hold at least one URL");
    }
    return List.copyOf(urls);
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
        ModelBackend ollama = ollama();
        BackendStatus s = ollama.probe();
        return new Choice(ollama, s.available() ? "using " + s.message()
            : "using Ollama at " + String.join(", ", ollamaUrls) + ", which is not ready: " + s.message());
      }
      case "openai" -> {
        ModelBackend openAi = openAi();
        BackendStatus s = openAi.probe();
        return new Choice(openAi, s.available() ? "using " + s.message() : "using the OpenAI-compatible server at "
            + String.join(", ", openAiUrls) + ", which is not ready: " + s.message());
      }
      case "auto" -> {
        ModelBackend ollama = ollama();
        BackendStatus s = ollama.probe();
        if (s.available()) {
          return new Choice(ollama, "using " + s.message());
        }
        ollama.close();
        // Said as what happened, not as an error: the embedded engine is the default, and a newcomer
        // following the README has no Ollama. Ollama's own words say what would use it instead.
        return new Choice(embedded.get(), "using the embedded engine (no model server needed); Ollama is not used: "
            + s.message());
      }
      default -> throw new IllegalArgumentException(
          "backend must be auto, embedded, ollama or openai, not '" + kind + "'");
    }
  }

  private ModelBackend ollama() {
    if (ollamaUrls.size() == 1) {
      return OllamaBackend.builder().baseUrl(ollamaUrls.get(0)).model(model).build();
    }
    BalancedBackend.Builder b = BalancedBackend.builder().remedy("start one or check --ollama-url");
    for (String url : ollamaUrls) {
      b.add(url, OllamaBackend.builder().baseUrl(url).model(model).build());
    }
    return b.build();
  }

  private ModelBackend openAi() {
    if (openAiUrls.size() == 1) {
      return OpenAiCompatibleBackend.builder().baseUrl(openAiUrls.get(0)).model(model).apiKey(openAiKey).build();
    }
    BalancedBackend.Builder b = BalancedBackend.builder().remedy("start one or check --openai-url");
    for (String url : openAiUrls) {
      b.add(url, OpenAiCompatibleBackend.builder().baseUrl(url).model(model).apiKey(openAiKey).build());
    }
    return b.build();
  }
}
