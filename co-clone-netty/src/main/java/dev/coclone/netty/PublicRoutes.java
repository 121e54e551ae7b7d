package dev.coclone.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The routes of a table that need no token, as a value a proxy can read from the service it
 * fronts: exact {@code METHOD path} pairs and {@code METHOD prefix} pairs. The service publishes
 * it at {@link #PATH}; its JSON form is {@code {"public": [{"method": "GET", "path": "/healthz"},
 * {"method": "GET", "prefix": "/static/"}]}}.
 *
 * @param exact    {@code "METHOD /path"} keys
 * @param prefixes prefixes per method
 */
public record PublicRoutes(Set<String> exact, List<Prefix> prefixes) {
  /** Where a service publishes its public routes (itself public). */
  public static final String PATH = "/v1/public-routes";

  /** No route is public: everything needs a token. */
  public static final PublicRoutes NONE = new PublicRoutes(Set.of(), List.of());

  /**
   * A public prefix.
   *
   * @param method the HTTP method
   * @param prefix the path prefix
   */
  public record Prefix(String method, String prefix) {
    /** Validates. */
    public Prefix {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** Copies the collections. */
  public PublicRoutes {
    exact = Set.copyOf(exact);
    prefixes = List.copyOf(prefixes);
  }

  /**
   * Whether a request needs no token.
   *
   * @param method the method
   * @param path   the path, without the query
   * @return true if a public route answers it
   */
  public boolean matches(String method, String path) {
    if (exact.contains(method + " " + path)) {
      return true;
    }
    for (Prefix p : prefixes) {
      if (p.method.equals(method) && path.startsWith(p.prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The JSON form.
   *
   * @param json the mapper
   * @return {@code {"public": [...]}}
   */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    ArrayNode list = n.putArray("public");
    exact.stream().sorted().forEach(k -> list.addObject().put("method", k.substring(0, k.indexOf(' ')))
        .put("path", k.substring(k.indexOf(' ') + 1)));
    prefixes.forEach(p -> list.addObject().put("method", p.method).put("prefix", p.prefix));
    return n;
  }

  /**
   * Reads the JSON form.
   *
   * @param n the parsed JSON
   * @return the routes
   * @throws IllegalArgumentException if the JSON is not of that form
   */
  public static PublicRoutes fromJson(JsonNode n) {
    JsonNode list = n == null ? null : n.get("public");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("expected {\"public\": [...]} listing the public routes");
    }
    Set<String> exact = new java.util.HashSet<>();
    List<Prefix> prefixes = new ArrayList<>();
    for (JsonNode e : list) {
      String method = e.path("method").asText("");
      if (method.isEmpty()) {
        throw new IllegalArgumentException("a public route without a method: " + e);
      }
      if (e.path("path").isTextual()) {
        exact.add(method + " " + e.get("path").asText());
      } else if (e.path("prefix").isTextual()) {
        prefixes.add(new Prefix(method, e.get("prefix").asText()));
      } else {
        throw new IllegalArgumentException("a public route needs a path or a prefix: " + e);
      }
    }
    return new PublicRoutes(exact, prefixes);
  }
}
