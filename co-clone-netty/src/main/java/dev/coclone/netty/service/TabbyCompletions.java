package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.netty.Exchange;
import dev.coclone.wire.Ending;
import dev.coclone.wire.Framing;
import dev.coclone.wire.TabbyWire;
import dev.coclone.wire.WireError;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Tabby's {@code POST /v1/completions}: {@link CompatibleRoutes} hands it the bodies that have
 * Tabby's shape ({@link TabbyWire#isTabbyRequest}). The segments become a completion request whose
 * declarations, snippets of changed files and clipboard go into the prompt's context budget, run
 * by the same engine as {@code /v1/complete}; errors are Tabby's {@code {"error": "..."}}.
 */
final class TabbyCompletions {
  private final CompletionService service;
  private final TabbyWire tabby = new TabbyWire();

  TabbyCompletions(CompletionService service) {
    this.service = service;
  }

  /** Answers one completion request with Tabby's body (never streamed, as Tabby's server). */
  void complete(Exchange ex, JsonNode body) {
    CompletionRequest request;
    try {
      request = request(tabby.request(body));
    } catch (IllegalArgumentException e) {
      WireError error = new WireError(400, "invalid_field", e.getMessage());
      ex.send(400, Framing.JSON_CONTENT_TYPE, tabby.errorBody(error).getBytes(StandardCharsets.UTF_8));
      return;
    }
    String id = "cmpl-" + UUID.randomUUID();
    service.run(ex, request, id, false, tabby.replies(id), Ending::of);
  }

  private CompletionRequest request(TabbyWire.Request r) {
    TabbyWire.Segments s = r.segments();
    CompletionRequest.Builder b = CompletionRequest.builder().prefix(s.prefix())
        .suffix(s.suffix() == null ? "" : s.suffix());
    if (r.language() != null && !r.language().isBlank()) {
      b.language(r.language());
    }
    if (s.filepath() != null && !s.filepath().isBlank()) {
      b.filePath(s.filepath());
    }
    if (r.temperature() != null) {
      b.temperature(r.temperature());
    }
    tabby.context(s).forEach(b::addContext);
    return b.build();
  }
}
