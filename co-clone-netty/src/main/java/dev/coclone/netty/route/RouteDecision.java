package dev.coclone.netty.route;

import java.util.List;

/**
 * Where a client should go.
 *
 * @param region            the chosen region
 * @param url               its proxy's URL
 * @param expectedLatencyMs expected round trip from the client to it
 * @param basis             what the decision was based on ({@code location}, {@code address},
 *                          {@code rtt}, {@code default})
 * @param alternatives      the other healthy regions, best first
 */
public record RouteDecision(Region region, String url, double expectedLatencyMs, String basis,
    List<Alternative> alternatives) {
  /** Copies the list. */
  public RouteDecision {
    alternatives = List.copyOf(alternatives);
  }

  /**
   * Another region the client may fail over to.
   *
   * @param region            the region
   * @param url               its URL
   * @param expectedLatencyMs expected round trip
   */
  public record Alternative(String region, String url, double expectedLatencyMs) {}
}
