package dev.coclone.netty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The table of routes a server answers: exact paths per method, and path prefixes. Each route
 * says whether it needs a token. Immutable once built.
 */
public final class Routes {
  /** A matched route. */
  public record Match(Route route, boolean needsToken, String name) {}

  private record Prefix(String method, String prefix, Match match) {}

  private final Map<String, Match> exact;
  private final List<Prefix> prefixes;
  private final Match fallback;
  private final Map<String, List<String>> methodsByPath;
  private final PublicRoutes publicRoutes;

  private Routes(Builder b) {
    this.exact = Map.copyOf(b.exact);
    this.prefixes = List.copyOf(b.prefixes);
    this.publicRoutes = new PublicRoutes(
        b.exact.entrySet().stream().filter(e -> !e.getValue().needsToken()).map(Map.Entry::getKey)
            .collect(java.util.stream.Collectors.toSet()),
        b.prefixes.stream().filter(p -> !p.match.needsToken()).map(p -> new PublicRoutes.Prefix(p.method, p.prefix))
            .toList());
    this.fallback = b.fallback;
    Map<String, List<String>> m = new LinkedHashMap<>();
    b.exact.keySet().forEach(k -> m.computeIfAbsent(k.substring(k.indexOf(' ') + 1), x -> new ArrayList<>())
        .add(k.substring(0, k.indexOf(' '))));
    this.methodsByPath = Map.copyOf(m);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Finds the route for a request, or null. */
  public Match find(String method, String path) {
    Match m = exact.get(method + " " + path);
    if (m != null) {
      return m;
    }
    for (Prefix p : prefixes) {
      if (p.method.equals(method) && path.startsWith(p.prefix)) {
        return p.match;
      }
    }
    return fallback;
  }

  /** The fallback's match (what {@link #find} returns when no other route takes a request), or null. */
  Match fallbackMatch() {
    return fallback;
  }

  /**
   * The routes that need no token (the fallback is not among them: it checks tokens itself).
   *
   * @return exact and prefix routes open to everyone
   */
  public PublicRoutes publicRoutes() {
    return publicRoutes;
  }

  /** The methods a path answers to (for 405), empty if unknown. */
  public List<String> methodsFor(String path) {
    return methodsByPath.getOrDefault(path, List.of());
  }

  /** Builds {@link Routes}. */
  public static final class Builder {
    private final Map<String, Match> exact = new LinkedHashMap<>();
    private final List<Prefix> prefixes = new ArrayList<>();
    private Match fallback;
    private boolean publish;

    private Builder() {}

    /**
     * Answers every request no other route takes (a proxy's relay). It checks tokens itself.
     *
     * @param route the route
     * @return this builder
     */
    public Builder fallback(Route route) {
      this.fallback = new Match(Objects.requireNonNull(route, "route"), false, "relay");
      return this;
    }

    /** Adds a route that needs a token. */
    public Builder add(String method, String path, Route route) {
      exact.put(method + " " + path, new Match(Objects.requireNonNull(route, "route"), true, path));
      return this;
    }

    /** Adds a route open to everyone (health, metrics, pages, token issuance). */
    public Builder addPublic(String method, String path, Route route) {
      exact.put(method + " " + path, new Match(Objects.requireNonNull(route, "route"), false, path));
      return this;
    }

    /** Adds a route that needs a token for every path under a prefix. */
    public Builder addPrefix(String method, String prefix, Route route) {
      prefixes.add(new Prefix(method, prefix, new Match(Objects.requireNonNull(route, "route"), true, prefix + "*")));
      return this;
    }

    /** Adds a public route for every path under a prefix. */
    public Builder addPublicPrefix(String method, String prefix, Route route) {
      prefixes.add(new Prefix(method, prefix, new Match(Objects.requireNonNull(route, "route"), false, prefix + "*")));
      return this;
    }

    /**
     * Publishes the built table's public routes at {@code GET} {@link PublicRoutes#PATH} (itself
     * public), so that a proxy in front of this server learns them instead of keeping a copy.
     *
     * @return this builder
     */
    public Builder publishPublicRoutes() {
      publish = true;
      return this;
    }

    /** Adds everything from another builder's routes. */
    public Builder addAll(Routes other) {
      exact.putAll(other.exact);
      prefixes.addAll(other.prefixes);
      return this;
    }

    /** Builds the table. */
    public Routes build() {
      if (!publish) {
        return new Routes(this);
      }
      Routes[] built = new Routes[1];
      addPublic("GET", PublicRoutes.PATH, ex -> ex.json(200, built[0].publicRoutes().toJson(ex.json())));
      built[0] = new Routes(this);
      return built[0];
    }
  }
}
