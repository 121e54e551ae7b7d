package dev.coclone.netty.route;

import dev.coclone.netty.Exchange;
import dev.coclone.netty.proxy.LatencyModel;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Simulated wide-area latency for a region's proxy: the one-way delay (see
 * {@link WideAreaLatency}) between the user and the region, waited before relaying. The user's
 * location is the {@code x-coclone-location} header if sent, else their address in the table.
 */
public final class GeoLatency implements LatencyModel {
  private final java.util.function.Supplier<Router> router;
  private final Location region;

  /**
   * Creates the model for one region.
   *
   * @param router locates users (looked up per request, so the router may be built later)
   * @param region where the proxy's region is
   */
  public GeoLatency(java.util.function.Supplier<Router> router, Location region) {
    this.router = router;
    this.region = region;
  }

  @Override
  public Duration delay(Exchange exchange) {
    Router router = this.router.get();
    if (router == null) {
      return Duration.ZERO;
    }
    Location user = router.locate(exchange.header("x-coclone-location"),
        exchange.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null);
    return Duration.ofNanos((long) (WideAreaLatency.oneWayMs(user, region) * 1_000_000));
  }
}
