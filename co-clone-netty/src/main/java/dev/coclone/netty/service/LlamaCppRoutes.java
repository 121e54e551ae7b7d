package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Route;
import dev.coclone.netty.Routes;
import dev.coclone.source.LanguageGuess;
import dev.coclone.wire.Ending;
import dev.coclone.wire.Framing;
import dev.coclone.wire.LlamaCppWire;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * llama.cpp server's endpoints that llama.vscode and other editor plugins call: {@code POST /infill}
 * (streamed or not) through the same engine, context budget and cancellation as
 * {@code /v1/complete}, and {@code GET /health} ({@code {"status": "ok"}}, public as llama.cpp's).
 * {@code /infill} needs a token (the plugin's API key setting); errors in {@link LlamaCppWire}'s shape.
 */
public final class LlamaCppRoutes {
  private static final int DEFAULT_N_PREDICT = CompletionRequest.DEFAULT_MAX_TOKENS;
  private static final int MAX_N_PREDICT = 4096;

  private final CompletionService service;
  private final LlamaCppWire wire = new LlamaCppWire();
  private final AtomicLong ids = new AtomicLong();

  /**
   * Creates the routes.
   *
   * @param service the completion service
   */
  public LlamaCppRoutes(CompletionService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  /** The routes. */
  public Routes routes() {
    return Routes.builder()
        .addPublic("GET", "/health", llama(ex -> json(ex, wire.body(new LlamaCppWire.Health("ok")))))
        .add("POST", "/infill", llama(this::infill))
        .build();
  }

  private Route llama(Route route) {
    return Route.withErrorShape(wire, route);
  }

  private void infill(Exchange ex) throws HttpError {
    JsonNode body = service.codec().object(ex.bodyText());
    LlamaCppWire.Request r;
    try {
      r = wire.request(body);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_field", e.getMessage());
    }
    String model = service.engine().backend().model();
    if (r.nPredict() != null && r.nPredict() == 0) {
      // llama.vscode sends n_predict 0 to warm llama.cpp's prompt cache: nothing to generate.
      String answer = wire.body(wire.empty(model));
      if (r.stream()) {
        Exchange.Stream out = ex.stream(Framing.SSE_CONTENT_TYPE);
        out.write(Framing.sseData(answer));
        out.end();
      } else {
        json(ex, answer);
      }
      return;
    }
    int maxTokens = r.nPredict() == null || r.nPredict() < 0 ? DEFAULT_N_PREDICT
        : Math.min(MAX_N_PREDICT, r.nPredict());
    CompletionRequest request;
    try {
      String prefix = text(r.inputPrefix()) + text(r.prompt());
      String suffix = text(r.inputSuffix());
      // The body names neither the file nor its language: guess it, as the Ollama and OpenAI routes do,
      // so the engine's language rules apply (without them a Python line stopped at its first name).
      CompletionRequest.Builder b = CompletionRequest.builder().prefix(prefix).suffix(suffix).maxTokens(maxTokens)
          .language(LanguageGuess.of(prefix, suffix));
      if (r.temperature() != null) {
        b.temperature(r.temperature());
      }
      if (r.stop() != null) {
        r.stop().stream().filter(Objects::nonNull).forEach(b::addStop);
      }
      wire.context(r).forEach(b::addContext);
      request = b.build();
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_field", e.getMessage());
    }
    service.run(ex, request, "infill-" + ids.incrementAndGet(), r.stream(), wire.replies(model), Ending::of);
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static void json(Exchange ex, String text) {
    ex.send(200, Framing.JSON_CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8));
  }
}
