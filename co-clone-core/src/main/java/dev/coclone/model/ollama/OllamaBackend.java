package dev.coclone.model.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.cancel.CanceledException;
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
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Talks to an Ollama server: {@code POST /api/generate} with {@code stream: true}, reading the
 * NDJSON reply line by line as it arrives. Cancel closes the connection, which makes Ollama stop
 * generating at its next token. Connections are kept alive and reused between calls.
 *
 * <p>The plain {@code deepseek-coder:6.7b} tag is an instruct model with a chat template and no
 * fill-in-the-middle; with {@link PromptStyle#AUTO} the backend reads {@code /api/show}, sends such
 * models a completion-style prompt, and says in {@link #probe()} to pull the {@code -base} tag.
 *
 * <p>Alternatives ({@code n > 1}) are further generate requests, one after the other (Ollama runs
 * one generation per model at a time by default), each with its own {@code seed}; repeats are
 * dropped and a cancel stops the one running and the rest ({@link ModelBackend#alternatives}).
 */
public final class OllamaBackend implements ModelBackend {
  private static final String START_HINT = "Is Ollama running? Start it with 'ollama serve', or pass --ollama-url.";

  private final URI baseUrl;
  private final String model;
  private final String keepAlive;
  private final PromptStyle configuredStyle;
  private final FimTemplate template;
  private final HttpSettings http;
  private final ObjectMapper json = new ObjectMapper();
  private final OllamaErrors errors;
  private volatile PromptStyle resolvedStyle;

  private OllamaBackend(Builder b) {
    this.baseUrl = b.baseUrl;
    this.model = b.model;
    this.keepAlive = b.keepAlive;
    this.configuredStyle = b.promptStyle;
    this.template = b.template != null ? b.template : FimTemplate.forModel(b.model);
    this.http = HttpSettings.create(b.httpClient, b.connectTimeout, b.firstTokenTimeout, b.idleTimeout,
        "co-clone-ollama-watchdog");
    this.errors = new OllamaErrors(json, b.model);
    this.resolvedStyle = b.promptStyle == PromptStyle.AUTO ? null : b.promptStyle;
  }

  /** Returns a builder for a model at a base URL (default http://localhost:11434). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "ollama";
  }

  @Override
  public String model() {
    return model;
  }

  /** The base URL requests go to. */
  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancel) throws IOException {
    PromptStyle style = style(cancel);
    ObjectNode body = requestBody(request, style);
    HttpRequest httpRequest = HttpRequest.newBuilder(baseUrl.resolve("/api/generate"))
        .header("Content-Type", "application/json")
        .header("Accept", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
        .build();
    try (StreamingExchange exchange = StreamingExchange.open(http.client(), httpRequest, cancel, http.timer(),
        http.firstByteTimeout(), http.idleTimeout(), "Ollama", START_HINT)) {
      if (exchange.status() != 200) {
        throw errors.forStatus(exchange.status(), exchange.readAll(4096), style);
      }
      return new NdjsonReader(json, model, request.maxTokens()).read(exchange, sink, cancel);
    }
  }

  ObjectNode requestBody(GenerationRequest request, PromptStyle style) {
    GenerationRequest r = request;
    String prefix = PromptBuilder.contextualPrefix(template, r.language(), r.filePath(), request.context(), r.prefix());
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    body.put("stream", true);
    body.put("keep_alive", keepAlive);
    Set<String> stop = new LinkedHashSet<>(request.stop());
    switch (style) {
      case RAW_FIM -> {
        body.put("prompt", template.format(prefix, r.suffix()));
        body.put("raw", true);
        stop.addAll(template.stopTokens());
      }
      case SUFFIX_FIELD -> {
        body.put("prompt", prefix);
        body.put("suffix", r.suffix());
      }
      default -> {
        body.put("prompt", prefix);
        body.put("raw", true);
      }
    }
    ObjectNode options = body.putObject("options");
    options.put("num_predict", request.maxTokens());
    options.put("temperature", r.temperature());
    r.seed().ifPresent(seed -> options.put("seed", seed));
    if (!stop.isEmpty()) {
      stop.forEach(options.putArray("stop")::add);
    }
    return body;
  }

  /** The prompt style in use: configured, or resolved once from {@code /api/show}. */
  PromptStyle style(Cancellation cancel) throws IOException {
    PromptStyle s = resolvedStyle;
    if (s != null) {
      return s;
    }
    ModelCapabilities caps = capabilities(cancel);
    s = caps.bestStyle(model);
    resolvedStyle = s;
    return s;
  }

  private ModelCapabilities capabilities(Cancellation cancel) throws IOException {
    ObjectNode body = json.createObjectNode().put("model", model);
    HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/api/show"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
        .build();
    try (StreamingExchange exchange = StreamingExchange.open(http.client(), request, cancel, http.timer(),
        http.firstByteTimeout(), http.idleTimeout(), "Ollama", START_HINT)) {
      String text = exchange.readAll(1 << 20);
      if (exchange.status() != 200) {
        throw errors.forStatus(exchange.status(), text, PromptStyle.AUTO);
      }
      try {
        return ModelCapabilities.parse(json.readTree(text));
      } catch (JsonProcessingException e) {
        throw new ModelException(ModelException.Kind.PROTOCOL, "Ollama's /api/show reply is not JSON: "
            + e.getOriginalMessage(), -1, e);
      }
    }
  }

  @Override
  public BackendStatus probe() {
    Cancellation cancel = new Cancellation();
    try {
      HttpRequest tags = HttpRequest.newBuilder(baseUrl.resolve("/api/tags")).GET().build();
      JsonNode models;
      try (StreamingExchange exchange = StreamingExchange.open(http.client(), tags, cancel, http.timer(),
          http.connectTimeout().plusSeconds(2), http.idleTimeout(), "Ollama", START_HINT)) {
        String text = exchange.readAll(1 << 20);
        if (exchange.status() != 200) {
          return unavailable("Ollama at " + baseUrl + " answered /api/tags with HTTP " + exchange.status());
        }
        models = json.readTree(text).path("models");
      }
      if (!hasModel(models)) {
        return unavailable("model \"" + model + "\" is not pulled: run ollama pull " + model);
      }
      PromptStyle s = style(cancel);
      String note = switch (s) {
        case COMPLETION -> "; " + model + " is an instruct model without fill-in-the-middle, so prompts end at the "
            + "cursor (for real FIM run: ollama pull " + baseTag() + ")";
        case RAW_FIM -> "; fill-in-the-middle with " + template.family() + " tokens";
        case SUFFIX_FIELD -> "; fill-in-the-middle through the model's template";
        case AUTO -> "";
      };
      return new BackendStatus(true, id(), model, "Ollama at " + baseUrl + " with model " + model + note);
    } catch (ModelException e) {
      return unavailable(e.getMessage());
    } catch (IOException e) {
      return unavailable("Ollama at " + baseUrl + " failed: " + e.getMessage());
    }
  }

  private boolean hasModel(JsonNode models) {
    for (JsonNode m : models) {
      String name = m.path("name").asText(m.path("model").asText());
      if (name.equals(model) || name.equals(model + ":latest")) {
        return true;
      }
    }
    return false;
  }

  private String baseTag() {
    return model.endsWith("-base") ? model : model + "-base";
  }

  private BackendStatus unavailable(String message) {
    return new BackendStatus(false, id(), model, message);
  }

  @Override
  public void close() {
    http.close();
  }

  /** Builds {@link OllamaBackend}s. */
  public static final class Builder {
    private URI baseUrl = URI.create("http://localhost:11434");
    private String model = "deepseek-coder:6.7b";
    private String keepAlive = "5m";
    private PromptStyle promptStyle = PromptStyle.AUTO;
    private FimTemplate template;
    private HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration firstTokenTimeout = Duration.ofSeconds(60);
    private Duration idleTimeout = Duration.ofSeconds(15);

    private Builder() {}

    /**
     * Sets Ollama's base URL.
     *
     * @throws IllegalArgumentException if not an http(s) URL
     */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url");
      URI u = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL, was " + url);
      }
      this.baseUrl = u;
      return this;
    }

    /** Sets the model name (default deepseek-coder:6.7b). */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Sets how long Ollama keeps the model loaded ("5m" by default, "-1" for ever). */
    public Builder keepAlive(String keepAlive) {
      this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
      return this;
    }

    /** Sets how prefix and suffix go into the request (default AUTO). */
    public Builder promptStyle(PromptStyle style) {
      this.promptStyle = Objects.requireNonNull(style, "style");
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

    /** Sets how long to wait for the reply to start, model loading included (default 60 s). */
    public Builder firstTokenTimeout(Duration d) {
      this.firstTokenTimeout = HttpSettings.positive("firstTokenTimeout", d);
      return this;
    }

    /** Sets the longest silence between streamed lines (default 15 s). */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = HttpSettings.positive("idleTimeout", d);
      return this;
    }

    /** Builds the backend. */
    public OllamaBackend build() {
      return new OllamaBackend(this);
    }
  }
}
