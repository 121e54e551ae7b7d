package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import dev.coclone.typing.KeyClass;
import dev.coclone.typing.PausePredictor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/typing}: an editor reports inter-keystroke intervals and gets back how long to
 * wait after each kind of key before asking for a completion, learned by the core's
 * {@link PausePredictor} per editor session.
 */
public final class TypingRoutes {
  private static final int MAX_SESSIONS = 1000;
  private final ObjectMapper json;
  private final Map<String, PausePredictor> sessions = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PausePredictor> eldest) {
      return size() > MAX_SESSIONS;
    }
  };

  /**
   * Creates the route.
   *
   * @param json the mapper
   */
  public TypingRoutes(ObjectMapper json) {
    this.json = json;
  }

  /** The route (needs a token). */
  public Routes routes() {
    return Routes.builder().add("POST", "/v1/typing", this::typing).build();
  }

  private void typing(Exchange ex) throws HttpError {
    JsonNode body = new CompletionJson(json).object(ex.bodyText());
    String session = CompletionJson.text(body, "session_id", "default");
    JsonNode events = body.path("events");
    if (!events.isArray() || events.size() > 10_000) {
      throw new HttpError(400, "invalid_field", "'events' must be an array of at most 10000 {\"dt_ms\", \"ch\"}");
    }
    PausePredictor p;
    synchronized (sessions) {
      p = sessions.computeIfAbsent(session, s -> PausePredictor.builder().build());
    }
    for (JsonNode e : events) {
      String ch = e.path("ch").asText("");
      long dt = e.path("dt_ms").asLong(-1);
      if (!ch.isEmpty() && dt >= 0) {
        p.observe(dt, ch.charAt(0));
      }
    }
    PausePredictor.Snapshot s = p.snapshot();
    ObjectNode n = json.createObjectNode();
    n.put("samples", s.samples());
    n.put("pause_threshold_ms", s.pauseThreshold());
    ObjectNode delays = n.putObject("delay_ms");
    for (Map.Entry<KeyClass, Long> d : s.delays().entrySet()) {
      delays.put(d.getKey().name().toLowerCase(Locale.ROOT), d.getValue());
    }
    ex.json(200, n);
  }
}
