package dev.coclone.netty.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.netty.Exchange;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's {@code GET /healthz}, for a load balancer or DNS health check in front of the
 * proxies: 200 with {@code "status": "ok"} when every completion service behind it is healthy,
 * {@code "degraded"} when some are down but at least one answers, and 503 {@code "down"} when none
 * does (the proxy would only answer 502s), with each service's state and problem in
 * {@code upstreams}. Answers that were not 200 are counted in {@code /metrics}.
 */
final class ProxyHealth {
  private final UpstreamSet upstreams;
  private final String region;
  private final ObjectMapper json;
  private final LongAdder unhealthyAnswers = new LongAdder();

  ProxyHealth(UpstreamSet upstreams, String region, ObjectMapper json) {
    this.upstreams = upstreams;
    this.region = region;
    this.json = json;
  }

  /** Answers {@code GET /healthz}. */
  void answer(Exchange ex) {
    int healthy = upstreams.healthy();
    int total = upstreams.all().size();
    String status = healthy == total ? "ok" : healthy > 0 ? "degraded" : "down";
    ObjectNode n = json.createObjectNode().put("status", status).put("region", region)
        .put("upstreams_healthy", healthy).put("upstreams_total", total)
        .put("upstream_connections", upstreams.liveConnections());
    if (healthy == 0) {
      n.put("message", "no completion service behind this proxy answers its health check; start one, or check "
          + "the proxy's --upstream addresses and that each service answers GET /healthz");
    }
    n.set("upstreams", upstreams.toJson(json));
    if (healthy == 0) {
      unhealthyAnswers.increment();
    }
    ex.json(healthy > 0 ? 200 : 503, n);
  }

  /** The health lines of {@code /metrics}. */
  String renderMetrics() {
    return upstreams.renderMetrics() + "# HELP coclone_proxy_healthz_down_total Answers of the proxy's /healthz that "
        + "said down (503).\n# TYPE coclone_proxy_healthz_down_total counter\ncoclone_proxy_healthz_down_total "
        + unhealthyAnswers.sum() + "\n";
  }
}
