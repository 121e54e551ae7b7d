package dev.coclone.netty.route;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses what a client says about where it is: a region name ({@code eu-west}), a continent or
 * area ({@code eu}, {@code us}, {@code asia}), an ISO 3166 country code ({@code DE}, {@code jp}),
 * or coordinates ({@code 48.1,11.6}).
 */
public final class Locations {
  private static final Map<String, double[]> AREAS = Map.ofEntries(
      Map.entry("us", new double[] {39.8, -98.6}), Map.entry("na", new double[] {45.0, -100.0}),
      Map.entry("eu", new double[] {50.1, 8.7}), Map.entry("europe", new double[] {50.1, 8.7}),
      Map.entry("asia", new double[] {22.3, 114.2}), Map.entry("ap", new double[] {22.3, 114.2}),
      Map.entry("apac", new double[] {1.35, 103.8}), Map.entry("sa", new double[] {-15.8, -47.9}),
      Map.entry("af", new double[] {-1.3, 36.8}), Map.entry("oc", new double[] {-33.9, 151.2}));

  /** Country centroids (rounded, approximate population centres) by ISO 3166-1 alpha-2 code. */
  private static final Map<String, double[]> COUNTRIES = Map.ofEntries(
      Map.entry("US", new double[] {39.8, -98.6}), Map.entry("CA", new double[] {45.4, -75.7}),
      Map.entry("MX", new double[] {19.4, -99.1}), Map.entry("BR", new double[] {-23.5, -46.6}),
      Map.entry("AR", new double[] {-34.6, -58.4}), Map.entry("CL", new double[] {-33.4, -70.6}),
      Map.entry("GB", new double[] {51.5, -0.1}), Map.entry("IE", new double[] {53.3, -6.3}),
      Map.entry("FR", new double[] {48.9, 2.4}), Map.entry("DE", new double[] {50.1, 8.7}),
      Map.entry("NL", new double[] {52.4, 4.9}), Map.entry("BE", new double[] {50.8, 4.4}),
      Map.entry("ES", new double[] {40.4, -3.7}), Map.entry("PT", new double[] {38.7, -9.1}),
      Map.entry("IT", new double[] {45.5, 9.2}), Map.entry("CH", new double[] {47.4, 8.5}),
      Map.entry("AT", new double[] {48.2, 16.4}), Map.entry("PL", new double[] {52.2, 21.0}),
      Map.entry("SE", new double[] {59.3, 18.1}), Map.entry("NO", new double[] {59.9, 10.8}),
      Map.entry("FI", new double[] {60.2, 24.9}), Map.entry("DK", new double[] {55.7, 12.6}),
      Map.entry("CZ", new double[] {50.1, 14.4}), Map.entry("UA", new double[] {50.5, 30.5}),
      Map.entry("TR", new double[] {41.0, 29.0}), Map.entry("IL", new double[] {32.1, 34.8}),
      Map.entry("AE", new double[] {25.2, 55.3}), Map.entry("IN", new double[] {19.1, 72.9}),
      Map.entry("CN", new double[] {31.2, 121.5}), Map.entry("HK", new double[] {22.3, 114.2}),
      Map.entry("TW", new double[] {25.0, 121.6}), Map.entry("JP", new double[] {35.7, 139.7}),
      Map.entry("KR", new double[] {37.6, 127.0}), Map.entry("SG", new double[] {1.35, 103.8}),
      Map.entry("ID", new double[] {-6.2, 106.8}), Map.entry("VN", new double[] {10.8, 106.7}),
      Map.entry("TH", new double[] {13.8, 100.5}), Map.entry("PH", new double[] {14.6, 121.0}),
      Map.entry("AU", new double[] {-33.9, 151.2}), Map.entry("NZ", new double[] {-36.8, 174.8}),
      Map.entry("ZA", new double[] {-26.2, 28.0}), Map.entry("NG", new double[] {6.5, 3.4}),
      Map.entry("EG", new double[] {30.0, 31.2}), Map.entry("KE", new double[] {-1.3, 36.8}));

  private Locations() {}

  /**
   * Parses a location.
   *
   * @param text    what the client sent
   * @param regions the known regions (their names are locations too)
   * @return the location
   * @throws IllegalArgumentException naming the forms and names that are accepted
   */
  public static Location parse(String text, List<Region> regions) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(help(regions, "no location given"));
    }
    String t = text.strip();
    if (t.matches("[-+0-9.]+\\s*,\\s*[-+0-9.]+")) {
      String[] parts = t.split(",");
      try {
        return new Location(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()), t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("malformed coordinates '" + t + "': use 'latitude,longitude' in degrees, "
            + "e.g. 48.1,11.6");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("malformed coordinates '" + t + "': " + e.getMessage());
      }
    }
    if (t.contains(",")) {
      throw new IllegalArgumentException("malformed coordinates '" + t + "': use 'latitude,longitude' in degrees");
    }
    String lower = t.toLowerCase(Locale.ROOT);
    for (Region r : regions) {
      if (r.name().equalsIgnoreCase(t)) {
        return new Location(r.latitude(), r.longitude(), r.name());
      }
    }
    double[] area = AREAS.get(lower);
    if (area != null) {
      return new Location(area[0], area[1], lower);
    }
    double[] country = COUNTRIES.get(t.toUpperCase(Locale.ROOT));
    if (country != null && t.length() == 2) {
      return new Location(country[0], country[1], t.toUpperCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(help(regions, "unknown location '" + t + "'"));
  }

  private static String help(List<Region> regions, String what) {
    TreeSet<String> names = new TreeSet<>();
    regions.forEach(r -> names.add(r.name()));
    return what + ": use a region (" + String.join(", ", names) + "), an area (" + String.join(", ",
        new TreeSet<>(AREAS.keySet())) + "), a two-letter country code such as DE or JP, or 'latitude,longitude'";
  }
}
