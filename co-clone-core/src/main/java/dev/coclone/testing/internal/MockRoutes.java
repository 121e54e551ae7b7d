package dev.coclone.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.testing.MockModel;
import dev.coclone.testing.RecordedRequest;
import dev.coclone.wire.Ending;
import dev.coclone.wire.OllamaWire;
import dev.coclone.wire.OpenAiWire;
import dev.coclone.wire.ReplyEncoder;
import dev.coclone.wire.WireError;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the mock server answers on each path, as Ollama and OpenAI-compatible servers do. A
 * generation request returns null here and is played from the script by the caller.
 */
public final class MockRoutes {
  private final ObjectMapper json = new ObjectMapper();
  private final Collection<MockModel> models;
  private final String apiKey;

  /**
   * Creates the routes.
   *
   * @param models the models the server has (live view)
   * @param apiKey the bearer key OpenAI endpoints require, or null for none
   */
  public MockRoutes(Collection<MockModel> models, String apiKey) {
    this.models = models;
    this.apiKey = apiKey;
  }

  /** A fixed answer. */
  public record Fixed(int status, String contentType, String body) {}

  /**
   * Answers everything that is not a scripted generation.
   *
   * @param r the request
   * @return a fixed answer, or empty when the request is a generation to play from the script
   */
  public Optional<Fixed> answer(RecordedRequest r) {
    String path = r.path();
    boolean openAi = path.startsWith("/v1/");
    if (openAi && apiKey != null && !("Bearer " + apiKey).equals(r.header("authorization"))) {
      return Optional.of(openAiError(401, "Incorrect API key provided."));
    }
    switch (r.method() + " " + path) {
      case "GET /":
        return Optional.of(new Fixed(200, "text/plain; charset=utf-8", "Ollama is running"));
      case "GET /api/version":
        return Optional.of(new Fixed(200, "application/json", "{\"version\":\"0.5.7\"}"));
      case "GET /api/tags":
        return Optional.of(new Fixed(200, "application/json", tags()));
      case "POST /api/show":
        return Optional.of(show(r));
      case "GET /v1/models":
        return Optional.of(new Fixed(200, "application/json", openAiModels()));
      case "POST /api/generate":
        return generateChecks(r);
      case "POST /v1/completions":
        return completionChecks(r);
      default:
        return Optional.of(new Fixed(404, "text/plain", "404 page not found"));
    }
  }

  private Optional<Fixed> generateChecks(RecordedRequest r) {
    JsonNode body = parse(r.body());
    if (body == null) {
      return Optional.of(ollamaError(400, "invalid character in request body: not JSON"));
    }
    String name = body.path("model").asText("");
    Optional<MockModel> model = find(name);
    if (model.isEmpty()) {
      return Optional.of(ollamaError(404, "model \"" + name + "\" not found, try pulling it first"));
    }
    boolean raw = body.path("raw").asBoolean(false);
    if (raw && (body.has("template") || body.has("system") || body.has("context"))) {
      return Optional.of(ollamaError(400, "raw mode does not support template, system, or context"));
    }
    if (body.hasNonNull("suffix") && !body.get("suffix").asText().isEmpty() && !model.get().insert()) {
      return Optional.of(ollamaError(400, "registry.ollama.ai/library/" + name + " does not support insert"));
    }
    return Optional.empty();
  }

  private Optional<Fixed> completionChecks(RecordedRequest r) {
    JsonNode body = parse(r.body());
    if (body == null) {
      return Optional.of(openAiError(400, "We could not parse the JSON body of your request."));
    }
    String name = body.path("model").asText("");
    if (find(name).isEmpty()) {
      return Optional.of(openAiError(404, "The model `" + name + "` does not exist"));
    }
    return Optional.empty();
  }

  private Fixed ollamaError(int status, String message) {
    return new Fixed(status, "application/json", new OllamaWire().errorBody(error(status, message)));
  }

  private Fixed openAiError(int status, String message) {
    return new Fixed(status, "application/json", new OpenAiWire().errorBody(error(status, message)));
  }

  /**
   * An error as these servers give it, with OpenAI's codes for 401 and 404.
   *
   * @param status  the HTTP status
   * @param message the message
   * @return the error
   */
  public static WireError error(int status, String message) {
    String code = switch (status) {
      case 401 -> "invalid_api_key";
      case 404 -> "model_not_found";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
    return new WireError(status, code, message);
  }

  private Fixed show(RecordedRequest r) {
    JsonNode body = parse(r.body());
    String name = body == null ? "" : body.path("model").asText(body.path("name").asText(""));
    Optional<MockModel> model = find(name);
    if (model.isEmpty()) {
      return ollamaError(404, "model '" + name + "' not found");
    }
    ObjectNode n = json.createObjectNode();
    n.put("template", model.get().template());
    ArrayNode caps = n.putArray("capabilities").add("completion");
    if (model.get().insert()) {
      caps.add("insert");
    }
    ObjectNode details = n.putObject("details");
    details.put("format", "gguf").put("family", "llama").put("parameter_size", "7B").put("quantization_level", "Q4_0");
    n.putObject("model_info");
    return new Fixed(200, "application/json", n.toString());
  }

  private String tags() {
    ObjectNode n = json.createObjectNode();
    ArrayNode list = n.putArray("models");
    for (MockModel m : models) {
      ObjectNode o = list.addObject();
      o.put("name", m.name()).put("model", m.name()).put("modified_at", "2026-11-01T10:00:00Z");
      o.put("size", 3_827_819_728L).put("digest", Integer.toHexString(m.name().hashCode()));
      o.putObject("details").put("format", "gguf").put("family", "llama").put("parameter_size", "7B")
          .put("quantization_level", "Q4_0");
    }
    return n.toString();
  }

  private String openAiModels() {
    ObjectNode n = json.createObjectNode();
    n.put("object", "list");
    ArrayNode data = n.putArray("data");
    for (MockModel m : models) {
      data.addObject().put("id", m.name()).put("object", "model").put("created", 1_730_000_000L)
          .put("owned_by", "co-clone-mock");
    }
    return n.toString();
  }

  /**
   * The encoder of the answer to a generation request, the servers' own codec: OpenAI's for
   * {@code /v1/}, Ollama's otherwise (with {@code context} tokens unless the request was raw).
   *
   * @param r the request
   * @return the encoder
   */
  public ReplyEncoder<Ending> formatFor(RecordedRequest r) {
    JsonNode body = parse(r.body());
    String model = body == null ? "" : body.path("model").asText("");
    if (r.path().startsWith("/v1/")) {
      return new OpenAiWire().replies("cmpl-" + Long.toHexString(System.nanoTime()), model);
    }
    boolean raw = body != null && body.path("raw").asBoolean(false);
    return new OllamaWire().replies(model, raw ? null : List.of(1, 2, 3));
  }

  /**
   * Whether the client asked for a stream (Ollama's default is true, OpenAI's false).
   *
   * @param r the request
   * @return true to stream
   */
  public boolean streamed(RecordedRequest r) {
    JsonNode body = parse(r.body());
    boolean dflt = !r.path().startsWith("/v1/");
    return body == null ? dflt : body.path("stream").asBoolean(dflt);
  }

  private Optional<MockModel> find(String name) {
    return models.stream().filter(m -> m.name().equals(name) || (m.name() + ":latest").equals(name)).findFirst();
  }

  private JsonNode parse(String body) {
    try {
      JsonNode n = json.readTree(body);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Convenience for callers that need a reply's prompt size. */
  public int promptChars(RecordedRequest r) {
    String p = r.field("prompt");
    return p == null ? 0 : p.length();
  }
}
