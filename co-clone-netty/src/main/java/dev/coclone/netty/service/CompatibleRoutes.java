package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import java.time.Instant;
import java.util.Locale;

/**
 * Drop-in endpoints for clients written for Ollama ({@code /api/generate}, {@code /api/tags},
 * {@code /api/version}) and OpenAI's completions API ({@code /v1/completions}, {@code /v1/models}).
 * Requests through them get Co-Clone's context, cache, post-processing and cancellation.
 */
public final class CompatibleRoutes {
  private final CompletionService service;
  private final ObjectMapper json;

  /**
   * Creates the routes over the completion service.
   *
   * @param service the service
   */
  public CompatibleRoutes(CompletionService service) {
    this.service = service;
    this.json = service.codec().mapper();
  }

  /** The compatible routes (all need a token). */
  public Routes routes() {
    return Routes.builder()
        .add("GET", "/api/version", ex -> ex.json(200, json.createObjectNode().put("version", "0.5.7")))
        .add("GET", "/api/tags", this::tags)
        .add("POST", "/api/generate", this::generate)
        .add("GET", "/v1/models", this::models)
        .add("POST", "/v1/completions", this::completions)
        .build();
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

  private CompletionRequest request(JsonNode body, String prompt, int maxTokens, String language) throws HttpError {
    try {
      CompletionRequest.Builder b = CompletionRequest.builder().prefix(prompt)
          .suffix(CompletionJson.text(body, "suffix", "")).maxTokens(maxTokens);
      if (language != null) {
        b.language(language);
      }
      return b.build();
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
    CompletionRequest request = request(body, CompletionJson.text(body, "prompt", ""), maxTokens, null);
    boolean stream = body.path("stream").asBoolean(true);
    String name = body.path("model").asText(model());
    service.run(ex, request, "ollama-" + System.nanoTime(), new CompletionService.ResultWriter() {
      private Exchange.Stream out;

      @Override
      public void start() {
        if (stream) {
          out = ex.stream("application/x-ndjson");
        }
      }

      @Override
      public void token(String text) {
        if (out != null) {
          out.write(line(name, text, false) + "\n");
        }
      }

      @Override
      public void done(Completion c) {
        ObjectNode last = line(name, stream ? "" : c.text(), true);
        last.put("done_reason", c.finishReason().name().equals("LENGTH") ? "length" : "stop");
        last.put("total_duration", c.total().toNanos());
        last.put("prompt_eval_count", c.promptTokens());
        last.put("eval_count", c.completionTokens());
        if (out != null) {
          out.write(last + "\n");
          out.end();
        } else {
          ex.json(200, last);
        }
      }

      @Override
      public void failed(int status, String code, String message) {
        if (out != null) {
          out.write(json.createObjectNode().put("error", message) + "\n");
          out.end();
        } else {
          ex.json(status, json.createObjectNode().put("error", message));
        }
      }
    });
  }

  private ObjectNode line(String model, String text, boolean done) {
    ObjectNode n = json.createObjectNode();
    n.put("model", model);
    n.put("created_at", Instant.now().toString());
    n.put("response", text);
    n.put("done", done);
    return n;
  }

  private void completions(Exchange ex) throws HttpError {
    JsonNode body = service.codec().object(ex.bodyText());
    JsonNode p = body.get("prompt");
    if (p == null || !(p.isTextual() || (p.isArray() && p.size() == 1 && p.get(0).isTextual()))) {
      throw new HttpError(400, "missing_field", "'prompt' is required and must be a string");
    }
    String prompt = p.isArray() ? p.get(0).asText() : p.asText();
    int maxTokens = body.has("max_tokens") ? Math.max(1, Math.min(4096, body.get("max_tokens").asInt(16))) : 16;
    CompletionRequest request = request(body, prompt, maxTokens, null);
    boolean stream = body.path("stream").asBoolean(false);
    String id = "cmpl-" + Long.toHexString(System.nanoTime());
    String name = body.path("model").asText(model());
    service.run(ex, request, id, new CompletionService.ResultWriter() {
      private Exchange.Stream out;

      @Override
      public void start() {
        if (stream) {
          out = ex.stream("text/event-stream");
        }
      }

      @Override
      public void token(String text) {
        if (out != null) {
          out.write("data: " + chunk(id, name, text, null) + "\n\n");
        }
      }

      @Override
      public void done(Completion c) {
        String finish = c.finishReason().name().equals("LENGTH") ? "length" : "stop";
        if (out != null) {
          out.write("data: " + chunk(id, name, "", finish) + "\n\ndata: [DONE]\n\n");
          out.end();
        } else {
          ObjectNode n = chunk(id, name, c.text(), finish);
          ObjectNode u = n.putObject("usage");
          u.put("prompt_tokens", c.promptTokens());
          u.put("completion_tokens", c.completionTokens());
          u.put("total_tokens", c.promptTokens() + c.completionTokens());
          ex.json(200, n);
        }
      }

      @Override
      public void failed(int status, String code, String message) {
        ObjectNode err = json.createObjectNode();
        err.putObject("error").put("message", message).put("type", code.toLowerCase(Locale.ROOT)).putNull("code");
        if (out != null) {
          out.write("data: " + err + "\n\n");
          out.end();
        } else {
          ex.json(status, err);
        }
      }
    });
  }

  private ObjectNode chunk(String id, String model, String text, String finish) {
    ObjectNode n = json.createObjectNode();
    n.put("id", id);
    n.put("object", "text_completion");
    n.put("created", Instant.now().getEpochSecond());
    n.put("model", model);
    ObjectNode choice = n.putArray("choices").addObject();
    choice.put("text", text);
    choice.put("index", 0);
    choice.putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return n;
  }
}
