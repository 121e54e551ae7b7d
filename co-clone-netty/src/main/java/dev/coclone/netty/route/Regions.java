package dev.coclone.netty.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The region registry: the four default regions, or regions read from a JSON file. */
public final class Regions {
  private Regions() {}

  /**
   * The default regions with proxies on consecutive ports: us-west (Oregon), us-east (Virginia),
   * eu-west (Ireland), ap-east (Hong Kong).
   *
   * @param host     the proxies' host
   * @param basePort us-west's port; the others follow
   * @return the regions
   */
  public static List<Region> defaults(String host, int basePort) {
    return List.of(
        new Region("us-west", 45.6, -121.2, "http://" + host + ":" + basePort),
        new Region("us-east", 38.9, -77.4, "http://" + host + ":" + (basePort + 1)),
        new Region("eu-west", 53.3, -6.3, "http://" + host + ":" + (basePort + 2)),
        new Region("ap-east", 22.3, 114.2, "http://" + host + ":" + (basePort + 3)));
  }

  /**
   * Reads regions from a JSON array of {@code {"name", "latitude", "longitude", "url"}}.
   *
   * @param file the file
   * @return the regions
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException naming the entry that is wrong
   */
  public static List<Region> load(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new IllegalArgumentException(file + " must hold a JSON array of regions");
    }
    List<Region> out = new ArrayList<>();
    for (JsonNode n : root) {
      if (!n.hasNonNull("name") || !n.hasNonNull("url") || !n.path("latitude").isNumber()
          || !n.path("longitude").isNumber()) {
        throw new IllegalArgumentException(file + ": each region needs name, latitude, longitude and url; got " + n);
      }
      out.add(new Region(n.get("name").asText(), n.get("latitude").asDouble(), n.get("longitude").asDouble(),
          n.get("url").asText()));
    }
    return out;
  }
}
