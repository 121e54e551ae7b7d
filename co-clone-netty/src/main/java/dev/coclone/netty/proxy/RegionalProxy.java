package dev.coclone.netty.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.CoCloneServer;
import dev.coclone.netty.Routes;
import dev.coclone.netty.ServerLimits;
import dev.coclone.netty.auth.TokenService;
import dev.coclone.netty.metrics.Metrics;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A regional proxy in front of one or several completion services, as GitHub Copilot's proxies
 * stand in front of the models: it checks short-lived tokens locally, limits each token's rate
 * (429 with Retry-After), and relays every request as a stream on a few long-lived multiplexed h2c
 * connections to the service with the fewest streams in flight among the healthy ones. Each
 * service is health-checked ({@code GET /healthz} on a timer, PINGs on idle connections); a
 * request a service drops before answering goes to another, and when none answers the caller gets
 * a 502 in its own protocol saying so. Which paths need no token it learns from the service's own route
 * table ({@code GET /v1/public-routes}), read when it starts and again after a reconnect; until it
 * knows, it lets nothing through without a token. A client resetting its stream resets only the upstream stream; the
 * connections stay up. It answers its own {@code /healthz} (200 {@code ok} or {@code degraded}
 * while at least one service is healthy, 503 {@code down} otherwise, with each service's state)
 * and {@code /metrics}.
 */
public final class RegionalProxy implements AutoCloseable {
  private final CoCloneServer server;
  private final UpstreamSet upstreams;
  private final EventLoopGroup clientGroup;
  private final Metrics metrics;
  private final UpstreamPublicRoutes publicRoutes;

  private RegionalProxy(Builder b) {
    this.metrics = new Metrics();
    // One event loop per core, shared by the client connections and the upstream ones, so that a
    // request read on one loop is relayed on a connection of that loop without a thread hop.
    this.clientGroup = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        new io.netty.util.concurrent.DefaultThreadFactory("coclone-proxy"), NioIoHandler.newFactory());
    java.util.List<Upstream> list = new java.util.ArrayList<>();
    for (Builder.HostPort u : b.upstreams) {
      list.add(new Upstream(u.host() + ":" + u.port(), new UpstreamPool(clientGroup, u.host(), u.port(), b.poolSize,
          metrics)));
    }
    this.upstreams = new UpstreamSet(list, clientGroup, b.healthCheckInterval.toMillis(),
        b.healthCheckTimeout.toMillis());
    TokenService tokens = new TokenService(b.secret, b.clock);
    ObjectMapper json = new ObjectMapper();
    this.publicRoutes = new UpstreamPublicRoutes(upstreams, json);
    ProxyHealth health = new ProxyHealth(upstreams, b.region, json);
    RateLimiter limiter = new RateLimiter(b.ratePerSecond, b.burst);
    Routes routes = Routes.builder()
        .addPublic("GET", "/healthz", health::answer)
        .addPublic("GET", "/metrics", ex -> ex.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render()
            + health.renderMetrics()))
        .fallback(new RelayRoute(upstreams, publicRoutes, b.failedAttempts, tokens,
            limiter, b.latency, metrics, clientGroup, b.allowedOrigins))
        .build();
    FrameRelay relay = new FrameRelay(upstreams, publicRoutes, tokens, limiter, b.latency, metrics,
        b.limits.maxBodyBytes());
    CoCloneServer.Builder serverBuilder = CoCloneServer.builder().host(b.host).port(b.port).routes(routes)
        .tokens(tokens).metrics(metrics).json(json).tls(b.tls).limits(b.limits).streamRelay(relay)
        .eventLoops(clientGroup);
    b.allowedHosts.forEach(serverBuilder::allowHost);
    this.server = serverBuilder.build();
  }

  /**
   * Sets what a proxy's process should have of Netty's process-wide settings, unless the command
   * line set it: call it first in {@code main}, before any Netty class is used. Netty's leak
   * detector keeps sampling buffers (1 in 128) and reporting the ones never released, with where
   * they were made, but no longer walks the stack where a sampled buffer is released
   * ({@code io.netty.leakDetection.trackClose=false}): that trace is in no leak report, and its
   * stack walk was about 2 % of the relay's CPU (docs/benchmarks.md, relay7).
   */
  public static void processDefaults() {
    if (System.getProperty("io.netty.leakDetection.trackClose") == null) {
      System.setProperty("io.netty.leakDetection.trackClose", "false");
    }
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds, starts, and checks every upstream once (waiting at most the health-check timeout), so
   * that {@code /healthz} tells the truth from the start.
   *
   * @return this
   * @throws InterruptedException if interrupted
   */
  public RegionalProxy start() throws InterruptedException {
    server.start();
    java.util.concurrent.CompletableFuture<Void> checked = upstreams.startHealthChecks();
    // Learn what the service says is public before the first client needs it.
    publicRoutes.refresh();
    try {
      checked.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the first health check failed unexpectedly", e.getCause());
    }
    return this;
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** The proxy's metrics (requests, cancellations, upstream connection reuse). */
  public Metrics metrics() {
    return metrics;
  }

  /** Live upstream connections (to all upstreams). */
  public int upstreamConnections() {
    return upstreams.liveConnections();
  }

  /** How many upstreams answered their last health check. */
  public int healthyUpstreams() {
    return upstreams.healthy();
  }

  /**
   * Checks every upstream now instead of waiting for the timer.
   *
   * @return completes when every upstream was marked up or down
   */
  public java.util.concurrent.CompletableFuture<Void> checkUpstreams() {
    return upstreams.checkAll();
  }

  @Override
  public void close() {
    publicRoutes.close();
    server.close();
    upstreams.close();
    clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Builds {@link RegionalProxy}s. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private final java.util.Set<HostPort> upstreams = new java.util.LinkedHashSet<>();
    private java.time.Duration healthCheckInterval = java.time.Duration.ofSeconds(2);
    private java.time.Duration healthCheckTimeout = java.time.Duration.ofSeconds(2);
    private byte[] secret;
    private Clock clock = Clock.systemUTC();
    private String region = "local";
    private int poolSize = Math.max(4, Runtime.getRuntime().availableProcessors());
    private double ratePerSecond = 50;
    private double burst = 100;
    private LatencyModel latency = LatencyModel.NONE;
    private SslContext tls;
    private ServerLimits limits = ServerLimits.defaults();
    private final java.util.Set<String> allowedOrigins = new java.util.HashSet<>();
    private final java.util.List<String> allowedHosts = new java.util.ArrayList<>();
    private dev.coclone.netty.auth.FailedAttempts failedAttempts = new dev.coclone.netty.auth.FailedAttempts();

    private Builder() {}

    private record HostPort(String host, int port) {}

    /**
     * How many refused credentials (the service's 401 on a public route such as
     * {@code POST /v1/token}) a client address may have per window before the proxy answers it
     * 429 (default 10 per minute).
     *
     * @param maxFailures failures allowed per window
     * @param window      the window
     * @return this builder
     * @throws IllegalArgumentException unless both are positive
     */
    public Builder failedAttemptLimit(int maxFailures, java.time.Duration window) {
      this.failedAttempts = new dev.coclone.netty.auth.FailedAttempts(maxFailures, window);
      return this;
    }

    /**
     * Answers requests naming this host too; by default only localhost, 127.0.0.1 and [::1] on
     * the proxy's port (and the bound address) are answered, others get 403. The proxy names the
     * upstream by its own address ({@code upstream(host, port)}) when it relays, so the service
     * must answer to that name.
     *
     * @param name a host name or address, optionally with {@code :port}
     * @return this builder
     * @throws IllegalArgumentException if the name is not a host name
     */
    public Builder allowHost(String name) {
      dev.coclone.netty.auth.HostAllowList.loopback().with(name);
      this.allowedHosts.add(name);
      return this;
    }

    /** Lets pages from this origin (e.g. {@code http://localhost:5000}) call the proxy (CORS). */
    public Builder allowOrigin(String origin) {
      this.allowedOrigins.add(Objects.requireNonNull(origin, "origin"));
      return this;
    }

    /** The address to bind (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (0 for a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Adds a completion service to relay to (h2c); call once per service. Requests go to the
     * least busy healthy one, and to another when one drops them unanswered.
     *
     * @param host the service's host
     * @param port the service's port
     * @return this builder
     * @throws IllegalArgumentException if the port is out of range or the service was added already
     */
    public Builder upstream(String host, int port) {
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("upstream port must be 1..65535, was " + port);
      }
      if (!upstreams.add(new HostPort(host, port))) {
        throw new IllegalArgumentException("the upstream " + host + ":" + port + " was given twice; give each "
            + "service once");
      }
      return this;
    }

    /**
     * How often each upstream is sent {@code GET /healthz} (default 2 s), and how long the proxy
     * waits for its answer before marking it down (default 2 s).
     *
     * @param interval time between checks
     * @param timeout  time to wait for an answer
     * @return this builder
     * @throws IllegalArgumentException unless both are positive
     */
    public Builder healthChecks(java.time.Duration interval, java.time.Duration timeout) {
      if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("health-check interval and timeout must be positive, were " + interval
            + " and " + timeout);
      }
      this.healthCheckInterval = interval;
      this.healthCheckTimeout = timeout;
      return this;
    }

    /** The token signing secret shared with the service (required). */
    public Builder signingSecret(byte[] secret) {
      this.secret = Objects.requireNonNull(secret, "secret").clone();
      return this;
    }

    /** The clock for token checks. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The region's name. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Upstream connections to keep per upstream at most (default 4, or one per core on more
     * cores). The relay keeps one on each of its event loops (one per core) when the size allows,
     * so that a request never changes threads; with fewer, requests on the other loops are
     * relayed across threads.
     */
    public Builder poolSize(int size) {
      this.poolSize = size;
      return this;
    }

    /**
     * Requests per second and burst per client (default 50/s, burst 100). Clients are told apart
     * by their token's subject, so fresh tokens do not get fresh buckets.
     */
    public Builder rateLimit(double perSecond, double burst) {
      this.ratePerSecond = perSecond;
      this.burst = burst;
      return this;
    }

    /** Delay added before relaying (simulated distance). */
    public Builder latency(LatencyModel latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    /** Accept TLS too. */
    public Builder tls(SslContext tls) {
      this.tls = tls;
      return this;
    }

    /** The limits. */
    public Builder limits(ServerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Builds the proxy (not started). */
    public RegionalProxy build() {
      Objects.requireNonNull(secret, "secret");
      if (upstreams.isEmpty()) {
        throw new IllegalStateException("add at least one upstream with upstream(host, port)");
      }
      return new RegionalProxy(this);
    }
  }
}
