package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Route;
import dev.coclone.netty.Routes;
import dev.coclone.wire.Ending;
import dev.coclone.wire.OllamaWire;
import dev.coclone.wire.OpenAiWire;
import dev.coclone.wire.TabbyWire;
import java.time.Instant;

/**
 * Drop-in endpoints for clients written for Ollama ({@code /api/generate}, {@code /api/tags},
 * {@code /api/version}) and OpenAI's completions API ({@code /v1/completions}, {@code /v1/models}).
 * Requests through them get Co-Clone's context, cache, post-processing and cancellation, and every
 * answer, errors included, is in the client's protocol: {@link OllamaWire} and {@link OpenAiWire}.
 */
public final class CompatibleRoutes {
  private final CompletionService service;
  private final ObjectMapper json;
  private final OllamaWire ollama = new OllamaWire();
  private final OpenAiWire openAi = new OpenAiWire();
  private final TabbyCompletions tabby;

  /**
   * Creates the routes over the completion service.
   *
   * @param service the service
   */
  public CompatibleRoutes(CompletionService service) {
    this.service = service;
    this.json = service.codec().mapper();
    this.tabby = new TabbyCompletions(service);
  }

  /** The compatible routes (all need a token; errors in each protocol's own shape). */
  public Routes routes() {
    return Routes.builder()
        .add("GET", "/api/version", ollama(ex -> ex.json(200, json.createObjectNode().put("version", "0.5.7"))))
        .add("GET", "/api/tags", ollama(this::tags))
        .add("POST", "/api/generate", ollama(this::generate))
        .add("GET", "/v1/models", openAi(this::models))
        .add("POST", "/v1/completions", openAi(this::completions))
        .build();
  }

  private Route ollama(Route route) {
    return Route.withErrorShape(ollama, route);
  }

  private Route openAi(Route route) {
    return Route.withErrorShape(openAi, route);
  }

  private String model() {
    return service.engine().backend().model();
  }

  private void tags(Exchange ex) {
    ObjectNode n = json.createObjectNode();
    ObjectNode m = n.putArray("models").addObject();
    m.put("name", model()).put("model", model()).put("modified_at", Instant.now().toString());
    m.put("size", 0).put("digest", Integer.toHexString(model().hashCode()));
    m.putObject("details").put("format", service.engine().backend().id()).put("family", "co-clone");
    ex.json(200, n);
  }

  private void models(Exchange ex) {
    ObjectNode n = json.createObjectNode();
    n.put("object", "list");
    n.putArray("data").addObject().put("id", model()).put("object", "model")
        .put("created", Instant.now().getEpochSecond()).put("owned_by", "co-clone");
    ex.json(200, n);
  }

  private CompletionRequest request(JsonNode body, String prompt, int maxTokens) throws HttpError {
    try {
      return CompletionRequest.builder().prefix(prompt).suffix(CompletionJson.text(body, "suffix", ""))
          .maxTokens(maxTokens).build();
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_field", e.getMessage());
    }
  }

  private void generate(Exchange ex) throws HttpError {
    JsonNode body = service.codec().object(ex.bodyText());
    if (!body.hasNonNull("prompt")) {
      throw new HttpError(400, "missing_field", "'prompt' is required");
    }
    JsonNode options = body.path("options");
    int maxTokens = options.has("num_predict") ? Math.max(1, Math.min(4096, options.get("num_predict").asInt(128))) : 128;
    CompletionRequest request = request(body, CompletionJson.text(body, "prompt", ""), maxTokens);
    boolean stream = body.path("stream").asBoolean(true);
    String name = body.path("model").asText(model());
    service.run(ex, request, "ollama-" + System.nanoTime(), stream, ollama.replies(name, null), Ending::of);
  }

  private void completions(Exchange ex) throws HttpError {
    JsonNode body = service.codec().object(ex.bodyText());
    if (TabbyWire.isTabbyRequest(body)) { // Tabby's plugins call this path too: see TabbyCompletions
      tabby.complete(ex, body);
      return;
    }
    JsonNode p = body.get("prompt");
    if (p == null || !(p.isTextual() || (p.isArray() && p.size() == 1 && p.get(0).isTextual()))) {
      throw new HttpError(400, "missing_field", "'prompt' is required and must be a string");
    }
    String prompt = p.isArray() ? p.get(0).asText() : p.asText();
    int maxTokens = body.has("max_tokens") ? Math.max(1, Math.min(4096, body.get("max_tokens").asInt(16))) : 16;
    CompletionRequest request = request(body, prompt, maxTokens);
    boolean stream = body.path("stream").asBoolean(false);
    String id = "cmpl-" + Long.toHexString(System.nanoTime());
    String name = body.path("model").asText(model());
    service.run(ex, request, id, stream, openAi.replies(id, name), Ending::of);
  }
}
