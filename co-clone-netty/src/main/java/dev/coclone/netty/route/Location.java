package dev.coclone.netty.route;

/**
 * A point on Earth.
 *
 * @param latitude  degrees, -90..90
 * @param longitude degrees, -180..180
 * @param label     what it was parsed from (a region, a country code, coordinates)
 */
public record Location(double latitude, double longitude, String label) {
  /** Mean Earth radius in kilometres. */
  public static final double EARTH_RADIUS_KM = 6371.0;

  /** Validates the components. */
  public Location {
    if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("coordinates must be latitude -90..90 and longitude -180..180, were "
          + latitude + "," + longitude);
    }
  }

  /** Great-circle distance in kilometres (haversine). */
  public double distanceKm(Location o) {
    double p1 = Math.toRadians(latitude);
    double p2 = Math.toRadians(o.latitude);
    double dp = p2 - p1;
    double dl = Math.toRadians(o.longitude - longitude);
    double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
