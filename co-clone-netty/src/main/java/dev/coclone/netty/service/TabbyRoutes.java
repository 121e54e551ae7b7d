package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coclone.model.ModelBackend;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Route;
import dev.coclone.netty.Routes;
import dev.coclone.netty.metrics.CompletionFeedback;
import dev.coclone.netty.metrics.Metrics;
import dev.coclone.wire.Framing;
import dev.coclone.wire.TabbyWire;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The rest of Tabby's server API that tabby-agent (Tabby's VS Code, IntelliJ and Vim plugins)
 * calls: {@code GET /v1/health} (and {@code POST}, for old agents), {@code POST /v1/events}
 * (view, select and dismiss, counted in {@code /metrics} as the acceptance rate) and
 * {@code GET /v1beta/server_setting}. Its completions come through {@code POST /v1/completions}
 * ({@link TabbyCompletions}). All need a token, as Tabby's {@code server.token}; errors in
 * {@link TabbyWire}'s shape.
 */
public final class TabbyRoutes {
  /** The Tabby version whose API this matches; tabby-agent reads it from the health answer. */
  static final String TABBY_VERSION = "v0.11.0-co-clone";

  private final CompletionService service;
  private final CompletionFeedback feedback;
  private final TabbyWire tabby = new TabbyWire();

  /**
   * Creates the routes.
   *
   * @param service the completion service (for the model's name)
   * @param metrics where the events are counted
   */
  public TabbyRoutes(CompletionService service, Metrics metrics) {
    this.service = Objects.requireNonNull(service, "service");
    this.feedback = Objects.requireNonNull(metrics, "metrics").feedback();
  }

  /** The routes. */
  public Routes routes() {
    return Routes.builder()
        .add("GET", "/v1/health", tabby(this::health))
        .add("POST", "/v1/health", tabby(this::health))
        .add("POST", "/v1/events", tabby(this::event))
        .add("GET", "/v1beta/server_setting", tabby(ex -> json(ex, tabby.body(new TabbyWire.ServerSetting(true)))))
        .build();
  }

  private Route tabby(Route route) {
    return Route.withErrorShape(tabby, route);
  }

  private void health(Exchange ex) {
    ModelBackend backend = service.engine().backend();
    String arch = System.getProperty("os.arch", "unknown");
    int cpus = Runtime.getRuntime().availableProcessors();
    TabbyWire.Version version = new TabbyWire.Version("", "", "", TABBY_VERSION);
    json(ex, tabby.body(new TabbyWire.Health(backend.model(), null, backend.inProcess() ? "cpu" : backend.id(), arch,
        System.getProperty("os.name", "unknown") + " " + arch, cpus, List.of(), version)));
  }

  private void event(Exchange ex) throws HttpError {
    JsonNode body = service.codec().object(ex.bodyText());
    TabbyWire.Event event;
    try {
      event = tabby.event(body);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "invalid_field", e.getMessage());
    }
    feedback.record(CompletionFeedback.Kind.of(event.type()));
    ex.send(200, "text/plain; charset=utf-8", new byte[0]);
  }

  private static void json(Exchange ex, String text) {
    ex.send(200, Framing.JSON_CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8));
  }
}
