package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.backends.BackendHealth;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngineBusyException;
import dev.coclone.completion.CompletionEventListener;
import dev.coclone.netty.CoCloneServer;
import dev.coclone.netty.Routes;
import dev.coclone.netty.ServerLimits;
import dev.coclone.netty.auth.PageLogin;
import dev.coclone.netty.auth.PluginTokens;
import dev.coclone.netty.auth.TokenService;
import dev.coclone.netty.metrics.Metrics;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything standard mode serves on one port: token issuance, the completion service with its
 * compatible endpoints, typing advice, and the demo pages. Extra routes (context, signatures,
 * workspace files, routing) plug in through {@link Builder#addRoutes(Routes)}.
 */
public final class StandardServer implements AutoCloseable {
  private final CoCloneServer server;
  private final CompletionService service;
  private final CompletionEngine engine;
  private final BackendHealth health;
  private final TokenService tokens;
  private final PageLogin login;
  private final String startLogin;
  private volatile boolean started;

  private StandardServer(Builder b) {
    ObjectMapper json = new ObjectMapper();
    Metrics metrics = b.metrics != null ? b.metrics : new Metrics();
    this.tokens = new TokenService(b.secret, b.clock, b.pluginTokens);
    this.login = b.noLogin ? null : new PageLogin(b.clock, b.secret);
    this.startLogin = login == null ? null : login.newLoginToken();
    this.health = BackendHealth.builder(b.engine.backend()).interval(b.healthInterval)
        .probeTimeout(b.probeTimeout).build();
    // The server's calls share the engine's registry and executor, and are counted in its metrics;
    // a call the model server failed makes /v1/info say so and probes it again.
    this.engine = b.engine.withEventListener(CompletionEventListener.Factory.all(metrics.completionEvents(),
        CompletionEventListener.Factory.of(new CompletionEventListener() {
          @Override
          public void callFailed(CompletionCall call, IOException error) {
            if (!(error instanceof CompletionEngineBusyException)) {
              health.generationFailed(error);
            }
          }
        })));
    this.service = new CompletionService(engine, metrics, json, health::status, b.region);
    Routes.Builder routes = Routes.builder()
        .addAll(service.routes())
        .addAll(new AuthRoutes(tokens, b.apiKey, json, login, b.failedAttempts).routes())
        .addAll(new CompatibleRoutes(service).routes())
        .addAll(new TabbyRoutes(service, metrics).routes())
        .addAll(new LlamaCppRoutes(service).routes())
        .addAll(new TypingRoutes(json).routes())
        .addAll(new StaticPages().routes());
    for (Routes extra : b.extra) {
      routes.addAll(extra);
    }
    routes.publishPublicRoutes();
    CoCloneServer.Builder serverBuilder = CoCloneServer.builder().host(b.host).port(b.port).routes(routes.build())
        .tokens(tokens).metrics(metrics).json(json).tls(b.tls).limits(b.limits).pageLogin(login);
    b.allowedHosts.forEach(serverBuilder::allowHost);
    this.server = serverBuilder.build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts.
   *
   * @return this
   * @throws InterruptedException if interrupted
   */
  public StandardServer start() throws InterruptedException {
    health.start();
    server.start();
    started = true;
    return this;
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** Issues a token, as {@code POST /v1/token} would. */
  public String issueToken() {
    return tokens.issue("api-key");
  }

  /**
   * The page URL to print at start: {@code http://localhost:<port>/?login=<one-time token>}. The
   * page exchanges the token for a session cookie, so the link works once; the browser then stays
   * logged in. With {@code noLogin} it is the plain page URL.
   *
   * @return the URL (the same one on every call)
   * @throws IllegalStateException if the server is not started
   */
  public String loginUrl() {
    return pageUrl("/", startLogin);
  }

  /**
   * A page URL with a fresh one-time login token (for another browser, or a test).
   *
   * @param page the page's path and query, e.g. {@code /ide} or {@code /ide?location=eu}
   * @return the URL
   * @throws IllegalStateException if the server is not started
   */
  public String newLoginUrl(String page) {
    Objects.requireNonNull(page, "page");
    return pageUrl(page, login == null ? null : login.newLoginToken());
  }

  private String pageUrl(String page, String loginToken) {
    if (!started) {
      throw new IllegalStateException("start() the server first: the page URL names the port it listens on");
    }
    String base = "http://localhost:" + port() + (page.startsWith("/") ? page : "/" + page);
    if (loginToken == null) {
      return base;
    }
    return base + (base.contains("?") ? "&" : "?") + "login=" + loginToken;
  }

  /** The underlying server. */
  public CoCloneServer server() {
    return server;
  }

  /** The completion service. */
  public CompletionService service() {
    return service;
  }

  /**
   * The engine this server's calls go through: the one it was built with, observed by its
   * metrics. Give it to other users of the model (a {@code SignatureAdvisor}) to count their calls too.
   */
  public CompletionEngine engine() {
    return engine;
  }

  /**
   * What {@code /v1/info} reports about the model: probed at start, every
   * {@link Builder#backendHealth(Duration, Duration) interval} and after a failed generation.
   */
  public BackendHealth backendHealth() {
    return health;
  }

  @Override
  public void close() {
    server.close();
    health.close();
  }

  /** Builds {@link StandardServer}s. */
  public static final class Builder {
    private CompletionEngine engine;
    private String apiKey;
    private byte[] secret;
    private Clock clock = Clock.systemUTC();
    private PluginTokens pluginTokens;
    private String host = "127.0.0.1";
    private int port;
    private SslContext tls;
    private String region;
    private ServerLimits limits = ServerLimits.defaults();
    private Metrics metrics;
    private final List<Routes> extra = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private boolean noLogin;
    private Duration healthInterval = Duration.ofSeconds(20);
    private Duration probeTimeout = Duration.ofSeconds(10);
    private dev.coclone.netty.auth.FailedAttempts failedAttempts = new dev.coclone.netty.auth.FailedAttempts();

    private Builder() {}

    /**
     * How many wrong API keys and login links a peer address may send per window before it gets
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
     * Answers requests naming this host too (the launcher's {@code --allow-host}); by default
     * only localhost, 127.0.0.1 and [::1] on the server's port (and the bound address) are
     * answered, others get 403.
     *
     * @param name a host name or address, optionally with {@code :port}
     * @return this builder
     * @throws IllegalArgumentException if the name is not a host name
     */
    public Builder allowHost(String name) {
      dev.coclone.netty.auth.HostAllowList.loopback().with(name); // refuses a malformed name here, not at build()
      this.allowedHosts.add(name);
      return this;
    }

    /**
     * Without the page login: pages get tokens at {@code /v1/page-token} from their own origin,
     * as before the login existed (the launcher's {@code --no-login}). Only for a server bound to
     * a loopback address.
     *
     * @param noLogin true to turn the login off
     * @return this builder
     */
    public Builder noLogin(boolean noLogin) {
      this.noLogin = noLogin;
      return this;
    }

    /**
     * How often the model server is probed for {@code /v1/info} (default 20 s), and how long a
     * probe may take before it counts as down (default 10 s). A failed generation probes at once.
     *
     * @param interval     time between probes
     * @param probeTimeout longest probe
     * @return this builder
     * @throws IllegalArgumentException unless both are positive
     */
    public Builder backendHealth(Duration interval, Duration probeTimeout) {
      for (Duration d : new Duration[] {Objects.requireNonNull(interval, "interval"),
          Objects.requireNonNull(probeTimeout, "probeTimeout")}) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("backendHealth needs a positive interval and probe timeout, was "
              + interval + " and " + probeTimeout);
        }
      }
      this.healthInterval = interval;
      this.probeTimeout = probeTimeout;
      return this;
    }

    /** The completion engine (required). */
    public Builder engine(CompletionEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** The long-lived API key clients exchange for tokens (required). */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** The token signing secret, at least 32 bytes (required). */
    public Builder signingSecret(byte[] secret) {
      this.secret = Objects.requireNonNull(secret, "secret").clone();
      return this;
    }

    /**
     * Long-lived plugin tokens accepted as bearer tokens besides the 10-minute JWTs (default: none).
     *
     * @param pluginTokens the plugin tokens of the server's key folder
     * @return this builder
     */
    public Builder pluginTokens(PluginTokens pluginTokens) {
      this.pluginTokens = Objects.requireNonNull(pluginTokens, "pluginTokens");
      return this;
    }

    /** The clock for token times. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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

    /** Accept TLS with this context too (null: cleartext only). */
    public Builder tls(SslContext tls) {
      this.tls = tls;
      return this;
    }

    /** The region name reported at /v1/info. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** The limits. */
    public Builder limits(ServerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * The metrics to count in (default: new ones). Share them with another user of the engine to
     * count its calls too: {@code new SignatureAdvisor(engine.withEventListener(metrics.completionEvents()))}.
     */
    public Builder metrics(Metrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Adds more routes (context, signatures, files...). */
    public Builder addRoutes(Routes routes) {
      this.extra.add(Objects.requireNonNull(routes, "routes"));
      return this;
    }

    /** Builds the server (not started). */
    public StandardServer build() {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(secret, "secret");
      if (noLogin && !loopback(host)) {
        throw new IllegalStateException("noLogin (--no-login) is only for a server bound to a loopback address "
            + "(127.0.0.1, localhost, ::1), not " + host + ": without the login any local page could get a token");
      }
      return new StandardServer(this);
    }

    private static boolean loopback(String host) {
      try {
        return java.net.InetAddress.getByName(host).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
  }
}
