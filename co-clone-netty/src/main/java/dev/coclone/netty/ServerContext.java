package dev.coclone.netty;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.auth.HostAllowList;
import dev.coclone.netty.auth.PageLogin;
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
 * @param hosts   the names the server answers to (others get 403)
 * @param login   the pages' sessions, whose cookie the API accepts with the page's header; null if
 *     the server takes bearer tokens only
 */
public record ServerContext(Routes routes, TokenService tokens, Metrics metrics, ObjectMapper json,
    HostAllowList hosts, PageLogin login) {
  /** Validates the components. */
  public ServerContext {
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(hosts, "hosts");
  }

  /**
   * A context for a server on loopback names that takes bearer tokens only.
   *
   * @param routes  the route table
   * @param tokens  token verification
   * @param metrics the metrics
   * @param json    the JSON mapper
   */
  public ServerContext(Routes routes, TokenService tokens, Metrics metrics, ObjectMapper json) {
    this(routes, tokens, metrics, json, HostAllowList.loopback(), null);
  }
}
