package dev.coclone.netty.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/route}: DNS-style resolution of a client to a region, public like DNS.
 * Parameters: {@code location} (region, area, country code or {@code lat,lon}), or {@code lat} and
 * {@code lon}, or {@code rtt=us-west:40,eu-west:120}; with none, the client's address decides.
 */
public final class RouteRoutes {
  private final java.util.function.Supplier<Router> router;
  private final ObjectMapper json;

  /**
   * Creates the route.
   *
   * @param router the router (null while it is being built: 503)
   * @param json   the mapper
   */
  public RouteRoutes(java.util.function.Supplier<Router> router, ObjectMapper json) {
    this.router = router;
    this.json = json;
  }

  /** The routes. */
  public Routes routes() {
    return Routes.builder().addPublic("GET", "/v1/route", this::route).build();
  }

  private void route(Exchange ex) throws HttpError {
    Router router = this.router.get();
    if (router == null) {
      throw new HttpError(503, "starting", "the router is starting; try again in a moment");
    }
    String location = ex.queryParam("location");
    if (location == null && ex.queryParam("lat") != null) {
      location = ex.queryParam("lat") + "," + ex.queryParam("lon");
    }
    Map<String, Double> rtts = new LinkedHashMap<>();
    String rtt = ex.queryParam("rtt");
    if (rtt != null && !rtt.isBlank()) {
      for (String part : rtt.split(",")) {
        String[] kv = part.split(":");
        try {
          rtts.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
        } catch (RuntimeException e) {
          throw new HttpError(400, "invalid_rtt", "rtt must look like 'us-west:40,eu-west:120' (region:milliseconds)");
        }
      }
    }
    try {
      RouteDecision d = router.route(location, rtts,
          ex.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null);
      ObjectNode n = json.createObjectNode();
      n.put("region", d.region().name());
      n.put("url", d.url());
      n.put("expected_latency_ms", d.expectedLatencyMs());
      n.put("basis", d.basis());
      ArrayNode alts = n.putArray("alternatives");
      for (RouteDecision.Alternative alt : d.alternatives()) {
        alts.addObject().put("region", alt.region()).put("url", alt.url())
            .put("expected_latency_ms", alt.expectedLatencyMs());
      }
      ex.json(200, n);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "unknown_location", e.getMessage());
    } catch (Router.NoHealthyRegion e) {
      throw new HttpError(503, "no_healthy_region", e.getMessage());
    }
  }
}
