package dev.coclone.netty.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.netty.service.StandardServer;
import dev.coclone.netty.proxy.RegionalProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Multi-region mode in one process: the app (pages, tokens, completion service, router) and one
 * regional proxy per region, each pooling h2c connections to the service, adding the simulated
 * wide-area delay of its distance to the user, and health-checked by the router.
 */
public final class MultiRegionStack implements AutoCloseable {
  private final CompletionEngine engine;
  private final String apiKey;
  private final byte[] secret;
  private final String host;
  private final int appPort;
  private final int basePort;
  private final Duration checkInterval;
  private final List<String> allowedHosts;
  private final boolean noLogin;
  private final dev.coclone.netty.metrics.Metrics metrics;
  private final dev.coclone.netty.auth.PluginTokens pluginTokens;
  private final io.netty.handler.ssl.SslContext tls;
  private final AtomicReference<Router> router = new AtomicReference<>();
  private final Map<String, RegionalProxy> proxies = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private List<Region> regions;
  private StandardServer app;
  private HealthChecker checker;

  private MultiRegionStack(Builder b) {
    this.engine = b.engine;
    this.apiKey = b.apiKey;
    this.secret = b.secret;
    this.host = b.host;
    this.appPort = b.appPort;
    this.basePort = b.basePort;
    this.checkInterval = b.checkInterval;
    this.allowedHosts = List.copyOf(b.allowedHosts);
    this.noLogin = b.noLogin;
    this.metrics = b.metrics;
    this.pluginTokens = b.pluginTokens;
    this.tls = b.tls;
    this.appRoutes = List.copyOf(b.appRoutes);
  }

  private final List<dev.coclone.netty.Routes> appRoutes;

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the app, the four proxies and the health checks.
   *
   * @return this
   * @throws InterruptedException if interrupted while binding
   */
  public MultiRegionStack start() throws InterruptedException {
    RegionHealth health = new RegionHealth(2, 2);
    StandardServer.Builder appBuilder = StandardServer.builder().engine(engine).apiKey(apiKey).signingSecret(secret)
        .host(host).port(appPort).region("app").noLogin(noLogin);
    if (metrics != null) {
      appBuilder.metrics(metrics);
    }
    if (pluginTokens != null) {
      appBuilder.pluginTokens(pluginTokens);
    }
    if (tls != null) {
      appBuilder.tls(tls);
    }
    allowedHosts.forEach(appBuilder::allowHost);
    // The router needs the proxies' ports; /v1/route looks it up per request.
    appBuilder.addRoutes(new RouteRoutes(router::get, new ObjectMapper()).routes());
    appRoutes.forEach(appBuilder::addRoutes);
    app = appBuilder.build().start();
    List<Region> defaults = Regions.defaults(host, basePort == 0 ? 1 : basePort);
    List<Region> actual = new ArrayList<>();
    int i = 0;
    for (Region r : defaults) {
      int port = basePort == 0 ? 0 : basePort + i;
      RegionalProxy p = proxy(r, port).start();
      proxies.put(r.name(), p);
      ports.put(r.name(), p.port());
      actual.add(new Region(r.name(), r.latitude(), r.longitude(), "http://" + host + ":" + p.port()));
      i++;
    }
    regions = List.copyOf(actual);
    router.set(new Router(regions, AddressTable.defaults(), health));
    checker = new HealthChecker(regions, health, Duration.ofMillis(500)).start(checkInterval);
    return this;
  }

  private RegionalProxy proxy(Region r, int port) {
    RegionalProxy.Builder b = RegionalProxy.builder().host(host).port(port).upstream(host, app.port())
        .signingSecret(secret).region(r.name()).latency(new GeoLatency(router::get, r.location()))
        .allowOrigin("http://localhost:" + app.port()).allowOrigin("http://127.0.0.1:" + app.port());
    if (tls != null) {
      // The same port speaks TLS (ALPN h2 or HTTP/1.1) besides h2c and HTTP/1.1, as the app's does.
      b.tls(tls).allowOrigin("https://localhost:" + app.port()).allowOrigin("https://127.0.0.1:" + app.port());
    }
    allowedHosts.forEach(b::allowHost);
    return b.build();
  }

  /** The app server (pages, tokens, service, /v1/route). */
  public StandardServer app() {
    return app;
  }

  /** The router. */
  public Router router() {
    return router.get();
  }

  /** The regions with their proxies' actual URLs. */
  public List<Region> regions() {
    return regions;
  }

  /**
   * A running region's proxy.
   *
   * @param name the region
   * @return its proxy
   * @throws IllegalArgumentException if the region is not running
   */
  public RegionalProxy proxy(String name) {
    RegionalProxy p = proxies.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no running region '" + name + "'");
    }
    return p;
  }

  /** Stops a region's proxy (to exercise failover). */
  public void stopRegion(String name) {
    RegionalProxy p = proxies.remove(Objects.requireNonNull(name, "name"));
    if (p == null) {
      throw new IllegalArgumentException("no running region '" + name + "'");
    }
    p.close();
  }

  /**
   * Starts a stopped region's proxy again on its old port.
   *
   * @param name the region
   * @throws InterruptedException if interrupted while binding
   */
  public void restartRegion(String name) throws InterruptedException {
    Region r = regions.stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no region '" + name + "'"));
    proxies.put(name, proxy(r, ports.get(name)).start());
  }

  @Override
  public void close() {
    if (checker != null) {
      checker.close();
    }
    proxies.values().forEach(RegionalProxy::close);
    if (app != null) {
      app.close();
    }
  }

  /** Builds {@link MultiRegionStack}s. */
  public static final class Builder {
    private CompletionEngine engine;
    private String apiKey;
    private byte[] secret;
    private String host = "127.0.0.1";
    private int appPort = 5000;
    private int basePort = 8000;
    private Duration checkInterval = Duration.ofSeconds(1);
    private final List<dev.coclone.netty.Routes> appRoutes = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private boolean noLogin;
    private dev.coclone.netty.metrics.Metrics metrics;
    private dev.coclone.netty.auth.PluginTokens pluginTokens;
    private io.netty.handler.ssl.SslContext tls;

    private Builder() {}

    /**
     * TLS for the app's port and the proxies' (each port then speaks HTTP/2 over TLS with ALPN
     * besides h2c and HTTP/1.1); default: none, cleartext only.
     */
    public Builder tls(io.netty.handler.ssl.SslContext tls) {
      this.tls = java.util.Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** Long-lived plugin tokens the app accepts besides 10-minute tokens (the proxies accept only the latter). */
    public Builder pluginTokens(dev.coclone.netty.auth.PluginTokens pluginTokens) {
      this.pluginTokens = java.util.Objects.requireNonNull(pluginTokens, "pluginTokens");
      return this;
    }

    /** The app server's metrics (default: its own), e.g. shared with calls made outside the server. */
    public Builder metrics(dev.coclone.netty.metrics.Metrics metrics) {
      this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Another name the app and the proxies answer to in Host (besides localhost, 127.0.0.1 and [::1]).
     *
     * @throws IllegalArgumentException for a malformed name
     */
    public Builder allowHost(String name) {
      dev.coclone.netty.auth.HostAllowList.loopback().with(name);
      allowedHosts.add(name);
      return this;
    }

    /** Pages get tokens by same origin instead of the printed login link (loopback only). */
    public Builder noLogin(boolean noLogin) {
      this.noLogin = noLogin;
      return this;
    }

    /** More routes for the app (workspace files, context). */
    public Builder addAppRoutes(dev.coclone.netty.Routes routes) {
      this.appRoutes.add(Objects.requireNonNull(routes, "routes"));
      return this;
    }

    /** The completion engine (required). */
    public Builder engine(CompletionEngine engine) {
      this.engine = engine;
      return this;
    }

    /** The API key (required). */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The shared signing secret (required). */
    public Builder signingSecret(byte[] secret) {
      this.secret = secret.clone();
      return this;
    }

    /** The app's port (0: free) and the first proxy port (0: free ports). */
    public Builder ports(int appPort, int basePort) {
      this.appPort = appPort;
      this.basePort = basePort;
      return this;
    }

    /** Time between health check rounds (default 1 s). */
    public Builder checkInterval(Duration d) {
      this.checkInterval = Objects.requireNonNull(d, "d");
      return this;
    }

    /** Builds the stack (not started). */
    public MultiRegionStack build() {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(secret, "secret");
      return new MultiRegionStack(this);
    }
  }
}
