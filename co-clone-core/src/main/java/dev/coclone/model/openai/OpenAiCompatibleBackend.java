package dev.coclone.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.cancel.Cancellation;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.GenerationRequest;
import dev.coclone.model.GenerationResult;
import dev.coclone.model.ModelBackend;
import dev.coclone.model.ModelException;
import dev.coclone.model.PromptStyle;
import dev.coclone.model.TokenSink;
import dev.coclone.model.internal.HttpSettings;
import dev.coclone.model.internal.StreamingExchange;
import dev.coclone.prompt.FimTemplate;
import dev.coclone.prompt.PromptBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Talks to any server with OpenAI's completions API (llama.cpp's server, vLLM, LM Studio, Ollama's
 * {@code /v1}): {@code POST /v1/completions} with {@code stream: true}, reading server-sent events
 * as they arrive. By default the prompt is a raw fill-in-the-middle prompt in the model family's
 * format, since these servers usually serve base models; {@link PromptStyle#SUFFIX_FIELD} sends
 * the API's {@code suffix} field instead. Cancel closes the connection. Alternatives
 * ({@code n > 1}) come from one more request with the API's own {@code n}.
 */
public final class OpenAiCompatibleBackend implements ModelBackend {
  private static final String START_HINT = "Is the server running? Check --openai-url.";

  private final URI baseUrl;
  private final String model;
  private final String apiKey;
  private final PromptStyle style;
  private final FimTemplate template;
  private final HttpSettings http;
  private final ObjectMapper json = new ObjectMapper();

  private OpenAiCompatibleBackend(Builder b) {
    this.baseUrl = b.baseUrl;
    this.model = b.model;
    this.apiKey = b.apiKey;
    this.style = b.style == PromptStyle.AUTO ? PromptStyle.RAW_FIM : b.style;
    this.template = b.template != null ? b.template : FimTemplate.forModel(b.model);
    this.http = HttpSettings.create(b.httpClient, b.connectTimeout, b.firstTokenTimeout, b.idleTimeout,
        "co-clone-openai-watchdog");
  }

  /** Returns a builder (default base URL http://localhost:8080, llama.cpp's). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "openai";
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancel) throws IOException {
    HttpRequest httpRequest = authorized(HttpRequest.newBuilder(baseUrl.resolve("/v1/completions")))
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(requestBody(request))))
        .build();
    try (StreamingExchange exchange = StreamingExchange.open(http.client(), httpRequest, cancel, http.timer(),
        http.firstByteTimeout(), http.idleTimeout(), "the OpenAI-compatible server", START_HINT)) {
      if (exchange.status() != 200) {
        throw forStatus(exchange.status(), exchange.readAll(4096), cancel);
      }
      return new SseReader(json, request.maxTokens()).read(exchange, sink, cancel);
    }
  }

  /**
   * Asks the server for the other suggestions in one request with the API's {@code n} (not
   * streamed), at a temperature of at least {@link ModelBackend#ALTERNATIVE_TEMPERATURE}, and
   * drops repeats. Cancel closes the connection.
   */
  @Override
  public List<String> alternatives(GenerationRequest request, String first, Cancellation cancel) throws IOException {
    if (request.n() < 2) {
      return List.of();
    }
    ObjectNode body = requestBody(request);
    body.put("stream", false);
    body.put("n", request.n() - 1);
    body.put("temperature", Math.max(request.temperature(), ALTERNATIVE_TEMPERATURE));
    HttpRequest httpRequest = authorized(HttpRequest.newBuilder(baseUrl.resolve("/v1/completions")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
        .build();
    try (StreamingExchange exchange = StreamingExchange.open(http.client(), httpRequest, cancel, http.timer(),
        http.firstByteTimeout(), http.idleTimeout(), "the OpenAI-compatible server", START_HINT)) {
      String text = exchange.readAll(1 << 22);
      if (exchange.status() != 200) {
        throw forStatus(exchange.status(), text, cancel);
      }
      JsonNode reply;
      try {
        reply = json.readTree(text);
      } catch (IOException e) {
        throw new ModelException(ModelException.Kind.PROTOCOL, "the server's completion is not JSON: "
            + (text.length() > 120 ? text.substring(0, 120) + "..." : text), -1, e);
      }
      Set<String> seen = new LinkedHashSet<>();
      seen.add(first.strip());
      List<String> out = new ArrayList<>();
      for (JsonNode choice : reply.path("choices")) {
        String t = choice.path("text").asText("");
        if (!t.isBlank() && seen.add(t.strip())) {
          out.add(t);
        }
      }
      return out;
    }
  }

  ObjectNode requestBody(GenerationRequest request) {
    GenerationRequest r = request;
    String prefix = PromptBuilder.contextualPrefix(template, r.language(), r.filePath(), request.context(), r.prefix());
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    body.put("stream", true);
    body.put("max_tokens", request.maxTokens());
    body.put("temperature", r.temperature());
    r.seed().ifPresent(seed -> body.put("seed", seed));
    Set<String> stop = new LinkedHashSet<>(request.stop());
    switch (style) {
      case SUFFIX_FIELD -> {
        body.put("prompt", prefix);
        body.put("suffix", r.suffix());
      }
      case COMPLETION -> body.put("prompt", prefix);
      default -> {
        body.put("prompt", template.format(prefix, r.suffix()));
        stop.addAll(template.stopTokens());
      }
    }
    if (!stop.isEmpty()) {
      // OpenAI's API takes at most four stop sequences; the post-processor does the rest.
      List<String> four = new ArrayList<>(stop).subList(0, Math.min(4, stop.size()));
      four.forEach(body.putArray("stop")::add);
    }
    return body;
  }

  private ModelException forStatus(int status, String body, Cancellation cancel) {
    String message = errorMessage(body);
    return switch (status) {
      case 401, 403 -> new ModelException(ModelException.Kind.UNAUTHORIZED, "the server at " + baseUrl
          + " rejected the API key (HTTP " + status + "): " + message + ". Check the key you gave Co-Clone.", status,
          null);
      case 404 -> new ModelException(ModelException.Kind.MODEL_NOT_FOUND, "the server at " + baseUrl
          + " has no model \"" + model + "\" (" + message + ")" + availableModels(cancel)
          + ". Pass one of them with --model.", status, null);
      default -> status >= 500
          ? new ModelException(ModelException.Kind.SERVER_ERROR, "the server at " + baseUrl + " failed with HTTP "
              + status + ": " + message + ". Check its log.", status, null)
          : new ModelException(ModelException.Kind.BAD_REQUEST, "the server at " + baseUrl
              + " rejected the request (HTTP " + status + "): " + message, status, null);
    };
  }

  private String availableModels(Cancellation cancel) {
    try {
      List<String> names = listModels(cancel);
      return names.isEmpty() ? "" : "; it has " + String.join(", ", names);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Lists the server's models ({@code GET /v1/models}).
   *
   * @param cancel cancellation for the request
   * @return model ids
   * @throws IOException if the server cannot be asked
   */
  public List<String> listModels(Cancellation cancel) throws IOException {
    HttpRequest request = authorized(HttpRequest.newBuilder(baseUrl.resolve("/v1/models"))).GET().build();
    try (StreamingExchange exchange = StreamingExchange.open(http.client(), request, cancel, http.timer(),
        http.connectTimeout().plusSeconds(3), http.idleTimeout(), "the OpenAI-compatible server", START_HINT)) {
      String text = exchange.readAll(1 << 20);
      if (exchange.status() != 200) {
        throw forStatus(exchange.status(), text, cancel);
      }
      List<String> ids = new ArrayList<>();
      for (JsonNode m : json.readTree(text).path("data")) {
        ids.add(m.path("id").asText());
      }
      return ids;
    }
  }

  @Override
  public BackendStatus probe() {
    try {
      List<String> models = listModels(new Cancellation());
      if (!models.isEmpty() && !models.contains(model)) {
        return new BackendStatus(false, id(), model, "the server at " + baseUrl + " has no model \"" + model
            + "\"; it has " + String.join(", ", models) + ". Pass one of them with --model.");
      }
      return new BackendStatus(true, id(), model, "OpenAI-compatible server at " + baseUrl + " with model " + model);
    } catch (IOException e) {
      return new BackendStatus(false, id(), model, e.getMessage());
    }
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    return apiKey == null ? b : b.header("Authorization", "Bearer " + apiKey);
  }

  private String errorMessage(String body) {
    try {
      JsonNode node = json.readTree(body);
      JsonNode err = node == null ? null : node.get("error");
      if (err != null) {
        return err.isObject() ? err.path("message").asText(err.toString()) : err.asText();
      }
    } catch (IOException notJson) {
      // Show the raw body instead.
    }
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }

  @Override
  public void close() {
    http.close();
  }

  /** Builds {@link OpenAiCompatibleBackend}s. */
  public static final class Builder {
    private URI baseUrl = URI.create("http://localhost:8080");
    private String model = "deepseek-coder:6.7b";
    private String apiKey;
    private PromptStyle style = PromptStyle.AUTO;
    private FimTemplate template;
    private HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration firstTokenTimeout = Duration.ofSeconds(60);
    private Duration idleTimeout = Duration.ofSeconds(15);

    private Builder() {}

    /**
     * Sets the server's base URL (without {@code /v1}).
     *
     * @throws IllegalArgumentException if not an http(s) URL
     */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url");
      String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      if (u.endsWith("/v1")) {
        u = u.substring(0, u.length() - 3);
      }
      URI uri = URI.create(u);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL, was " + url);
      }
      this.baseUrl = uri;
      return this;
    }

    /** Sets the model name. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Sets the bearer API key; null for none. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** Sets how prefix and suffix go into the request (AUTO means RAW_FIM). */
    public Builder promptStyle(PromptStyle style) {
      this.style = Objects.requireNonNull(style, "style");
      return this;
    }

    /** Overrides the FIM template chosen from the model name. */
    public Builder fimTemplate(FimTemplate template) {
      this.template = template;
      return this;
    }

    /** Uses this HTTP client instead of a new HTTP/1.1 one. */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /** Sets the connect timeout (default 2 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = HttpSettings.positive("connectTimeout", d);
      return this;
    }

    /** Sets how long to wait for the reply to start (default 60 s). */
    public Builder firstTokenTimeout(Duration d) {
      this.firstTokenTimeout = HttpSettings.positive("firstTokenTimeout", d);
      return this;
    }

    /** Sets the longest silence between events (default 15 s). */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = HttpSettings.positive("idleTimeout", d);
      return this;
    }

    /** Builds the backend. */
    public OpenAiCompatibleBackend build() {
      return new OpenAiCompatibleBackend(this);
    }
  }
}
