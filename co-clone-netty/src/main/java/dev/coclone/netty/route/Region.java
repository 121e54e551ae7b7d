package dev.coclone.netty.route;

import java.util.Objects;

/**
 * A serving region: where its proxy runs and how to reach it.
 *
 * @param name      e.g. {@code eu-west}
 * @param latitude  degrees
 * @param longitude degrees
 * @param url       the proxy's base URL
 */
public record Region(String name, double latitude, double longitude, String url) {
  /** Validates the components. */
  public Region {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
      throw new IllegalArgumentException("region " + name + " has coordinates out of range: " + latitude + ","
          + longitude);
    }
  }

  /** Where the region is. */
  public Location location() {
    return new Location(latitude, longitude, name);
  }
}
