package dev.coclone.netty.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final List<Region> regions = Regions.defaults("127.0.0.1", 8000);
  private final RegionHealth health = new RegionHealth(2, 2);
  private final Router router = new Router(regions, AddressTable.defaults(), health);

  private String route(String location) throws Exception {
    return router.route(location, Map.of(), null).region().name();
  }

  @Test
  void explicitLocationsGoToTheNearestRegion() throws Exception {
    assertEquals("eu-west", route("eu"));
    assertEquals("eu-west", route("DE"));
    assertEquals("us-east", route("us-east"));
    assertEquals("us-west", route("47.6,-122.3"));
    assertEquals("ap-east", route("JP"));
    assertEquals("ap-east", route("asia"));
    assertEquals("us-east", route("BR"));
  }

  @Test
  void theClientAddressDecidesWhenNoLocationIsGiven() throws Exception {
    RouteDecision d = router.route(null, Map.of(), InetAddress.getByName("127.4.0.9"));
    assertEquals("ap-east", d.region().name());
    assertEquals("address", d.basis());
    assertEquals("eu-west", router.route(null, Map.of(), InetAddress.getByName("198.51.100.7")).region().name());
  }

  @Test
  void measuredRoundTripsDecideWhenNothingElseIs() throws Exception {
    RouteDecision d = router.route(null, Map.of("us-west", 90.0, "eu-west", 12.0, "us-east", 70.0),
        InetAddress.getByName("10.9.9.9"));
    assertEquals("eu-west", d.region().name());
    assertEquals("rtt", d.basis());
    assertEquals(12.0, d.expectedLatencyMs());
  }

  @Test
  void expectedLatencyFollowsTheDocumentedModel() throws Exception {
    RouteDecision d = router.route("eu-west", Map.of(), null);
    assertEquals(2 * WideAreaLatency.OVERHEAD_MS, d.expectedLatencyMs(), 0.01);
    RouteDecision.Alternative usEast = d.alternatives().get(0);
    assertEquals("us-east", usEast.region());
    double km = regions.get(2).location().distanceKm(regions.get(1).location());
    assertTrue(km > 5000 && km < 6000, km + " km Dublin to Virginia");
    assertEquals(Math.round(WideAreaLatency.roundTripMs(regions.get(2).location(), regions.get(1).location()) * 10)
        / 10.0, usEast.expectedLatencyMs(), 0.01);
  }

  @Test
  void aDownRegionIsSkippedAndComesBackOnlyAfterTwoGoodChecks() throws Exception {
    health.record("eu-west", false, 0);
    assertEquals("eu-west", route("eu"), "one failure is not enough");
    health.record("eu-west", false, 0);
    assertEquals("us-east", route("eu"));
    health.record("eu-west", true, 0);
    assertEquals("us-east", route("eu"), "one success after going down is not enough (flapping)");
    health.record("eu-west", true, 0);
    assertEquals("eu-west", route("eu"));
  }

  @Test
  void drainingRegionsTakeNoNewClients() throws Exception {
    health.drain("ap-east", true);
    assertEquals("us-west", route("JP"));
    health.drain("ap-east", false);
    assertEquals("ap-east", route("JP"));
  }

  @Test
  void allRegionsDownIsTyped() {
    for (Region r : regions) {
      health.record(r.name(), false, 0);
      health.record(r.name(), false, 0);
    }
    assertThrows(Router.NoHealthyRegion.class, () -> route("eu"));
  }

  @Test
  void tiesGoToTheLessLoadedRegion() throws Exception {
    List<Region> twins = List.of(new Region("a", 50, 8, "http://a"), new Region("b", 50.1, 8.1, "http://b"));
    RegionHealth h = new RegionHealth(1, 1);
    Router r = new Router(twins, AddressTable.defaults(), h);
    h.record("a", true, 10);
    h.record("b", true, 1);
    assertEquals("b", r.route("50,8", Map.of(), null).region().name());
  }

  @Test
  void unknownAndMalformedLocationsSayWhatIsAccepted() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> route("atlantis"));
    assertTrue(unknown.getMessage().contains("eu-west") && unknown.getMessage().contains("country code"),
        unknown.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> route("95,10"));
    assertTrue(bad.getMessage().contains("malformed coordinates"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> route("1,2,3"));
  }

  @Test
  void addressPrefixesMatchLongestFirst() throws Exception {
    AddressTable t = AddressTable.defaults();
    t.add("127.3.7.0/24", new Location(35.7, 139.7, "override"));
    assertEquals("override", t.lookup(InetAddress.getByName("127.3.7.1")).label());
    assertTrue(t.lookup(InetAddress.getByName("127.3.8.1")).label().contains("eu-west"));
    assertThrows(IllegalArgumentException.class, () -> t.add("not-a-prefix/99", new Location(0, 0, "x")));
  }
}
