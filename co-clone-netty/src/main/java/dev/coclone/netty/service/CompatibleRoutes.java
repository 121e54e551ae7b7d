package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Route;
import dev.coclone.netty.Routes;
import dev.coclone.source.LanguageGuess;
import dev.coclone.wire.Ending;
import dev.coclone.wire.OllamaWire;
import dev.coclone.wire.OpenAiWire;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.coclone.wire.TabbyWire;
import java.time.Instant;

/**
 * Drop-in endpoints for clients written for Ollama ({@code /api/generate}, {@code /api/tags},
 * {@code /api/show}, {@code /api/ps}, {@code /api/version}, the liveness checks {@code HEAD /} and
 * {@code HEAD /api/version}) and OpenAI's completions API ({@code /v1/completions},
 * {@code /v1/models}, {@code /v1/models/{id}}). Requests through them get Co-Clone's context,
 * cache, post-processing and cancellation, and every answer, errors included, is in the client's
 * protocol: {@link OllamaWire} and {@link OpenAiWire}. The model names they answer to are
 * {@link ModelNames}'; chat is out of scope and says so in each protocol's error shape.
 */
public final class CompatibleRoutes {
  /** Ollama's default for {@code num_predict} is unlimited; ours, for a completion, is the engine's. */
  private static final int OLLAMA_DEFAULT_TOKENS = CompletionRequest.DEFAULT_MAX_TOKENS;
  /** OpenAI's default {@code max_tokens} for completions. */
  private static final int OPENAI_DEFAULT_TOKENS = 16;
  private static final Map<String, String> OLLAMA_METHODS = Map.of("/api/generate", "POST", "/api/tags", "GET",
      "/api/show", "POST", "/api/ps", "GET", "/api/version", "GET", "/api/chat", "POST");
  private static final String CHAT = "Co-Clone serves code completion only; chat is out of scope. ";

  private final CompletionService service;
  private final ObjectMapper json;
  private final OllamaWire ollama = new OllamaWire();
  private final OpenAiWire openAi = new OpenAiWire();
  private final ModelNames names;
  private final ModelListings listings;
  private final TabbyCompletions tabby;

  /**
   * Creates the routes over the completion service.
   *
   * @param service the service
   */
  public CompatibleRoutes(CompletionService service) {
    this.service = service;
    this.json = service.codec().mapper();
    this.names = new ModelNames(service.engine().backend().model());
    this.listings = new ModelListings(json, names, service.engine().backend().id());
    this.tabby = new TabbyCompletions(service);
  }

  /**
   * The compatible routes. All need a token but the liveness checks ({@code HEAD /},
   * {@code HEAD /api/version}: 200, no body); errors are in each protocol's own shape.
   */
  public Routes routes() {
    return Routes.builder()
        .addPublic("HEAD", "/", CompatibleRoutes::alive)
        .addPublic("HEAD", "/api/version", CompatibleRoutes::alive)
        .add("GET", "/api/version", ollama(ex -> ex.json(200, json.createObjectNode().put("version", "0.5.7"))))
        .add("GET", "/api/tags", ollama(ex -> ex.json(200, listings.tags())))
        .add("GET", "/api/ps", ollama(ex -> ex.json(200, listings.running())))
        .add("POST", "/api/show", ollama(this::show))
        .add("POST", "/api/generate", ollama(this::generate))
        .add("POST", "/api/chat", ollama(ex -> chat("POST /api/generate (with 'suffix' for fill-in-the-middle)")))
        .addPrefix("GET", "/api/", ollama(CompatibleRoutes::noSuchOllamaEndpoint))
        .addPrefix("POST", "/api/", ollama(CompatibleRoutes::noSuchOllamaEndpoint))
        .addPrefix("DELETE", "/api/", ollama(CompatibleRoutes::noSuchOllamaEndpoint))
        .add("GET", "/v1/models", openAi(ex -> ex.json(200, listings.openAiList())))
        .addPrefix("GET", "/v1/models/", openAi(this::model))
        .add("POST", "/v1/completions", openAi(this::completions))
        .add("POST", "/v1/chat/completions", openAi(ex -> chat("POST /v1/completions (with 'suffix' for "
            + "fill-in-the-middle)")))
        .build();
  }

  private Route ollama(Route route) {
    return Route.withErrorShape(ollama, route);
  }

  private Route openAi(Route route) {
    return Route.withErrorShape(openAi, route);
  }

  private static void alive(Exchange ex) {
    ex.send(200, "text/plain; charset=utf-8", new byte[0]);
  }

  /** Any other Ollama endpoint ({@code /api/pull}, {@code /api/embed}, ...): a 404 an Ollama client can show. */
  private static void noSuchOllamaEndpoint(Exchange ex) throws HttpError {
    String method = OLLAMA_METHODS.get(ex.path());
    if (method != null) {
      throw new HttpError(405, "method_not_allowed", ex.method() + " is not allowed on " + ex.path() + "; use "
          + method);
    }
    throw new HttpError(404, "not_found", "Co-Clone does not serve " + ex.method() + " " + ex.path() + "; its Ollama "
        + "endpoints are POST /api/generate, GET /api/tags, POST /api/show, GET /api/ps and GET /api/version");
  }

  private static void chat(String instead) throws HttpError {
    throw new HttpError(404, "chat_not_supported", CHAT + "Use " + instead + ".");
  }

  /** The requested model if served, else Ollama's 404 (its exact words, then what this server serves). */
  private String ollamaModel(JsonNode body, String field) throws HttpError {
    String name = CompletionJson.text(body, field, null);
    if (name == null || name.isBlank()) {
      throw new HttpError(400, "missing_field", "model is required; this server serves " + names.describe());
    }
    if (!names.serves(name)) {
      throw new HttpError(404, "model_not_found", "model \"" + name + "\" not found, try pulling it first "
          + "(this server serves " + names.describe() + ")");
    }
    return name;
  }

  /** The requested model if served, else OpenAI's 404 {@code model_not_found}. */
  private String openAiModel(String name) throws HttpError {
    if (name == null || name.isBlank()) {
      throw new HttpError(400, "missing_field", "you must provide a model parameter; this server serves "
          + names.describe());
    }
    if (!names.serves(name)) {
      throw new HttpError(404, "model_not_found", "The model `" + name + "` does not exist or you do not have "
          + "access to it. This server serves " + names.describe() + ".");
    }
    return name;
  }

  private void show(Exchange ex) throws HttpError {
    JsonNode body = service.codec().object(ex.bodyText());
    ollamaModel(body, body.hasNonNull("model") ? "model" : "name");
    ex.json(200, listings.show());
  }

  private void model(Exchange ex) throws HttpError {
    ex.json(200, listings.openAiModel(openAiModel(ex.path().substring("/v1/models/".length()))));
  }

  private void generate(Exchange ex) throws HttpError {
    JsonNode body = service.codec().object(ex.bodyText());
    String name = ollamaModel(body, "model");
    if (CompletionJson.text(body, "prompt", "").isEmpty() && CompletionJson.text(body, "suffix", "").isEmpty()) {
      // Ollama's preload: a generate call with no prompt loads the model and answers done_reason "load".
      ex.json(200, json.valueToTree(ollama.last(name, "", "load", new OllamaWire.Stats(0, 0, 0, 0, 0, 0), null)));
      return;
    }
    JsonNode options = body.path("options");
    CompletionRequest request;
    try {
      CompletionRequest.Builder b = builder(body, CompletionJson.text(body, "prompt", ""));
      if (options.has("num_predict")) {
        int n = CompletionJson.integer(options, "num_predict");
        b.maxTokens(n <= 0 ? OLLAMA_DEFAULT_TOKENS : Math.min(4096, n));
      }
      sampling(b, options);
      request = b.build();
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_field", e.getMessage());
    }
    boolean stream = CompletionJson.flag(body, "stream", true);
    service.run(ex, request, "ollama-" + System.nanoTime(), stream, ollama.replies(name, null), Ending::of);
  }

  /** Why a given 'prompt' is not one this server completes, and what to send instead. */
  private static String promptProblem(JsonNode p) {
    String shape = p.isArray() ? "was a list of " + p.size() : "was " + p.getNodeType().toString().toLowerCase(Locale.ROOT);
    boolean tokenIds = p.isArray() && p.size() > 0 && (p.get(0).isNumber() || p.get(0).isArray());
    return "'prompt' must be a string (or a list of one string); it " + shape + ". "
        + (tokenIds ? "Token ids are not accepted: send the text. " : "")
        + "This server completes one prompt per request: send one request per prompt, and use 'n' for "
        + "alternatives at one prompt";
  }

  private void completions(Exchange ex) throws HttpError {
    JsonNode body = service.codec().object(ex.bodyText());
    if (TabbyWire.isTabbyRequest(body)) { // Tabby's plugins call this path too: see TabbyCompletions
      tabby.complete(ex, body);
      return;
    }
    String name = openAiModel(CompletionJson.text(body, "model", null));
    JsonNode p = body.get("prompt");
    if (p == null || p.isNull()) {
      throw new HttpError(400, "missing_field", "'prompt' is required and must be a string");
    }
    if (!(p.isTextual() || (p.isArray() && p.size() == 1 && p.get(0).isTextual()))) {
      throw new HttpError(400, "invalid_field", promptProblem(p));
    }
    CompletionRequest request;
    try {
      CompletionRequest.Builder b = builder(body, p.isArray() ? p.get(0).asText() : p.asText());
      b.maxTokens(OPENAI_DEFAULT_TOKENS);
      if (body.hasNonNull("max_tokens")) {
        int max = CompletionJson.integer(body, "max_tokens");
        if (max < 1) {
          // As OpenAI answers it; raising it to 1 would return a token the client asked not to get.
          throw new HttpError(400, "invalid_field", max + " is less than the minimum of 1 - 'max_tokens'");
        }
        b.maxTokens(Math.min(4096, max));
      }
      sampling(b, body);
      if (body.hasNonNull("n")) {
        b.n(CompletionJson.integer(body, "n"));
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_field", e.getMessage());
    }
    boolean stream = CompletionJson.flag(body, "stream", false);
    String id = "cmpl-" + Long.toHexString(System.nanoTime());
    int n = request.n();
    service.run(ex, request, id, stream, openAi.replies(id, name), c -> exactlyN(Ending.of(c), n));
  }

  /**
   * Exactly {@code n} choices, as OpenAI always answers (clients read {@code choices[1]} without
   * checking): when the backend has fewer distinct suggestions than asked for (the embedded engine
   * offers only those it is confident in), the missing choices are empty texts, which is how an
   * answer says "no suggestion" at index 0 too.
   */
  private static Ending exactlyN(Ending e, int n) {
    if (e.others().size() >= n - 1) {
      return e;
    }
    List<String> others = new ArrayList<>(e.others());
    while (others.size() < n - 1) {
      others.add("");
    }
    return new Ending(e.text(), e.finishReason(), e.promptTokens(), e.completionTokens(), e.timeToFirstToken(),
        e.total(), others);
  }

  private static CompletionRequest.Builder builder(JsonNode body, String prompt) throws HttpError {
    String suffix = CompletionJson.text(body, "suffix", "");
    // Neither protocol names the file or language: guess it, so the engine's language rules apply.
    return CompletionRequest.builder().prefix(prompt).suffix(suffix).language(LanguageGuess.of(prompt, suffix));
  }

  /** Temperature and stop sequences (a string or a list), as both protocols spell them. */
  private static void sampling(CompletionRequest.Builder b, JsonNode n) throws HttpError {
    if (n.hasNonNull("temperature")) {
      b.temperature(CompletionJson.number(n, "temperature"));
    }
    for (String s : CompletionJson.stops(n)) {
      b.addStop(s);
    }
  }
}
