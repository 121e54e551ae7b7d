package dev.coclone.netty;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.auth.TokenService;
import dev.coclone.netty.metrics.Metrics;
import java.util.Objects;

/**
 * What every request handler of a server shares.
 *
 * @param routes  the route table
 * @param tokens  token verification
 * @param metrics the metrics
 * @param json    the JSON mapper
 */
public record ServerContext(Routes routes, TokenService tokens, Metrics metrics, ObjectMapper json) {
  /** Validates the components. */
  public ServerContext {
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(json, "json");
  }
}
