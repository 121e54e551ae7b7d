package dev.coclone.netty.route;

/**
 * The wide-area latency model used for expected latencies and for the delay the regional proxies
 * add in the multi-region demo: light in fibre covers about 200 km per millisecond (two thirds
 * of c), real routes are about 1.5 times the great-circle distance, plus 2 ms of fixed overhead
 * (last mile, switching) each way.
 */
public final class WideAreaLatency {
  /** Kilometres light travels in fibre per millisecond. */
  public static final double FIBRE_KM_PER_MS = 200.0;
  /** Route length over great-circle distance. */
  public static final double ROUTE_FACTOR = 1.5;
  /** Fixed one-way overhead in milliseconds. */
  public static final double OVERHEAD_MS = 2.0;

  private WideAreaLatency() {}

  /** One-way delay between two places, in milliseconds. */
  public static double oneWayMs(Location a, Location b) {
    return OVERHEAD_MS + a.distanceKm(b) * ROUTE_FACTOR / FIBRE_KM_PER_MS;
  }

  /** Round-trip time between two places, in milliseconds. */
  public static double roundTripMs(Location a, Location b) {
    return 2 * oneWayMs(a, b);
  }
}
