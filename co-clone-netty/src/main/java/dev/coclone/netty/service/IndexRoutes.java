package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.corpora.CorpusReport;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.Routes;
import java.util.Objects;

/** {@code GET /v1/index}: what the server is indexing now and what each background corpus gave, for the editor's status bar. */
public final class IndexRoutes {
  private final IndexStatus status;
  private final ObjectMapper json;

  /**
   * Creates the routes.
   *
   * @param status the status to report
   * @param json   the JSON mapper
   */
  public IndexRoutes(IndexStatus status, ObjectMapper json) {
    this.status = Objects.requireNonNull(status, "status");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The routes. */
  public Routes routes() {
    return Routes.builder().add("GET", "/v1/index", this::get).build();
  }

  private void get(Exchange ex) {
    IndexStatus.Snapshot s = status.snapshot();
    ObjectNode body = json.createObjectNode().put("ready", s.ready()).put("task", s.task()).put("stage", s.stage())
        .put("files_done", s.done()).put("files_total", s.total()).put("tokens", s.tokens())
        .put("percent", s.ready() ? 100 : s.total() > 0 ? (int) (100 * s.done() / s.total()) : 0);
    ArrayNode corpora = body.putArray("corpora");
    for (CorpusReport c : s.corpora()) {
      corpora.addObject().put("kind", c.kind()).put("name", c.name()).put("state", c.state().id())
          .put("files", c.files()).put("tokens", c.tokens()).put("reason", c.reason());
    }
    ex.json(200, body);
  }
}
