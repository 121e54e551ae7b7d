package dev.coclone.netty.route;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the best region for a client from, in order: an explicit location, the client's
 * address (a prefix table), or round-trip times the client measured. Regions are ranked by
 * great-circle distance, ties (within 100 km) broken by load; down or draining regions are
 * skipped, and the rest are returned as alternatives for failover.
 */
public final class Router {
  private final List<Region> regions;
  private final AddressTable addresses;
  private final RegionHealth health;
  private final Location fallback;

  /**
   * Creates a router.
   *
   * @param regions   the regions
   * @param addresses where client addresses are
   * @param health    region health
   */
  public Router(List<Region> regions, AddressTable addresses, RegionHealth health) {
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("a router needs at least one region");
    }
    this.regions = List.copyOf(regions);
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.health = Objects.requireNonNull(health, "health");
    this.fallback = this.regions.get(0).location();
  }

  /** The regions. */
  public List<Region> regions() {
    return regions;
  }

  /** The health tracker. */
  public RegionHealth health() {
    return health;
  }

  /** Thrown when every region is down. */
  public static final class NoHealthyRegion extends Exception {
    NoHealthyRegion(String message) {
      super(message);
    }
  }

  /**
   * Routes a client.
   *
   * @param location what the client said about its location, or null
   * @param rtts     round-trip times the client measured per region in ms, or empty
   * @param address  the client's address, or null
   * @return the decision
   * @throws NoHealthyRegion if every region is down or draining
   * @throws IllegalArgumentException for an unknown or malformed location
   */
  public RouteDecision route(String location, Map<String, Double> rtts, InetAddress address) throws NoHealthyRegion {
    Location where = null;
    String basis = "default";
    if (location != null && !location.isBlank()) {
      where = Locations.parse(location, regions);
      basis = "location";
    } else if (address != null && addresses.lookup(address) != null) {
      where = addresses.lookup(address);
      basis = "address";
    }
    boolean useRtt = where == null && rtts != null && !rtts.isEmpty();
    Location user = where != null ? where : fallback;
    List<Region> healthy = new ArrayList<>();
    for (Region r : regions) {
      if (health.state(r.name()) == RegionHealth.State.UP) {
        healthy.add(r);
      }
    }
    if (healthy.isEmpty()) {
      throw new NoHealthyRegion("every region is down or draining; try again shortly");
    }
    Comparator<Region> byDistance = Comparator.comparingDouble((Region r) -> Math.round(r.location().distanceKm(user)
        / 100.0)).thenComparingInt(r -> health.load(r.name()));
    Comparator<Region> order = byDistance;
    if (useRtt) {
      order = Comparator.comparingDouble((Region r) -> rtts.getOrDefault(r.name(), Double.MAX_VALUE))
          .thenComparing(byDistance);
      basis = "rtt";
    }
    healthy.sort(order);
    List<RouteDecision.Alternative> alternatives = new ArrayList<>();
    for (Region r : healthy.subList(1, healthy.size())) {
      alternatives.add(new RouteDecision.Alternative(r.name(), r.url(), expected(user, r, rtts)));
    }
    Region best = healthy.get(0);
    return new RouteDecision(best, best.url(), expected(user, best, rtts), basis, alternatives);
  }

  private static double expected(Location user, Region r, Map<String, Double> rtts) {
    if (rtts != null && rtts.containsKey(r.name())) {
      return rtts.get(r.name());
    }
    return Math.round(WideAreaLatency.roundTripMs(user, r.location()) * 10) / 10.0;
  }

  /**
   * Where a client is, for the simulated latency: an explicit location, else its address, else
   * the first region.
   *
   * @param location the client's location text, or null
   * @param address  the client's address, or null
   * @return the location
   */
  public Location locate(String location, InetAddress address) {
    if (location != null && !location.isBlank()) {
      try {
        return Locations.parse(location, regions);
      } catch (IllegalArgumentException e) {
        return fallback;
      }
    }
    Location l = address == null ? null : addresses.lookup(address);
    return l != null ? l : fallback;
  }
}
