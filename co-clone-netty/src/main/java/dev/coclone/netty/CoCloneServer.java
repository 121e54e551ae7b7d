package dev.coclone.netty;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.auth.TokenService;
import dev.coclone.netty.metrics.Metrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Netty HTTP server that answers a {@link Routes} table on one port in every protocol a client
 * may speak: HTTP/2 over TLS (ALPN), h2c with prior knowledge or by upgrade, and HTTP/1.1. Build
 * it, {@link #start()} it (returns once bound), read {@link #port()}, {@link #close()} it (GOAWAY,
 * in-flight streams may finish).
 */
public final class CoCloneServer implements AutoCloseable {
  private final String host;
  private final int requestedPort;
  private final ServerContext context;
  private final SslContext ssl;
  private final ServerLimits limits;
  private final StreamRelay relay;
  private final EventLoopGroup sharedWorkers;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel channel;
  private io.netty.channel.group.ChannelGroup connections;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private CoCloneServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.context = new ServerContext(b.routes, b.tokens, b.metrics, b.json, b.hosts, b.login);
    this.ssl = b.ssl;
    this.limits = b.limits;
    this.relay = b.relay;
    this.sharedWorkers = b.workers;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving.
   *
   * @return this server
   * @throws InterruptedException if interrupted while binding
   * @throws IllegalStateException if the port is taken, naming it
   */
  public CoCloneServer start() throws InterruptedException {
    connections = new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    Pipelines pipelines = new Pipelines(context, ssl, limits, connections, relay);
    Thread.UncaughtExceptionHandler onError = pipelines.fatalErrors().uncaughtHandler();
    boss = new MultiThreadIoEventLoopGroup(1, threads("coclone-accept", onError), NioIoHandler.newFactory());
    workers = sharedWorkers != null ? sharedWorkers
        : new MultiThreadIoEventLoopGroup(0, threads("coclone-io", onError), NioIoHandler.newFactory());
    ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .childHandler(pipelines.connectionInitializer());
    try {
      channel = b.bind(new InetSocketAddress(host, requestedPort)).sync().channel();
    } catch (Exception e) {
      close();
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      throw new IllegalStateException("cannot listen on " + host + ":" + requestedPort + " (" + e.getMessage()
          + "); is another server using it? Choose another port with --port", e);
    }
    return this;
  }

  /** Event-loop threads that stop the process on an OutOfMemoryError nothing else caught. */
  private static java.util.concurrent.ThreadFactory threads(String name, Thread.UncaughtExceptionHandler onError) {
    return new io.netty.util.concurrent.DefaultThreadFactory(name) {
      @Override
      protected Thread newThread(Runnable r, String threadName) {
        Thread t = super.newThread(r, threadName);
        t.setUncaughtExceptionHandler(onError);
        return t;
      }
    };
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** The server's metrics. */
  public Metrics metrics() {
    return context.metrics();
  }

  /** Whether TLS connections are accepted. */
  public boolean tls() {
    return ssl != null;
  }

  /**
   * Stops accepting, then closes every connection gracefully: HTTP/2 connections send GOAWAY and
   * let the streams in flight finish, HTTP/1.1 connections close as soon as the response under way
   * (a stream too) has been written; what still runs after the limits' graceful-shutdown time is
   * cut. Then the event loops stop. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    if (connections != null) {
      long grace = limits.gracefulShutdown().toMillis();
      io.netty.channel.group.ChannelGroupFuture drained = connections.newCloseFuture();
      for (io.netty.channel.Channel c : connections) {
        ConnectionGuard guard = c.pipeline().get(ConnectionGuard.class);
        if (guard != null) {
          c.eventLoop().execute(guard::drain);
        } else {
          c.close();
        }
      }
      drained.awaitUninterruptibly(grace);
      connections.close().awaitUninterruptibly(1000);
    }
    if (workers != null && workers != sharedWorkers) {
      workers.shutdownGracefully(0, limits.gracefulShutdown().toMillis(), TimeUnit.MILLISECONDS);
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * A TLS context for h2 and http/1.1 via ALPN with a self-signed certificate for localhost.
   *
   * @return the context
   * @throws Exception if no certificate can be made
   */
  public static SslContext selfSignedTls() throws Exception {
    SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
    try {
      return tls(cert.certificate(), cert.privateKey());
    } finally {
      // The context has read the PEM files Netty wrote to the temp folder; they are not left behind.
      cert.delete();
    }
  }

  /**
   * The TLS implementation {@link #tls} and {@link #selfSignedTls} use on this machine: OpenSSL
   * (BoringSSL, through netty-tcnative) where its native library loads (Linux, macOS and Windows on
   * x86-64 and ARM64), else the JDK's {@code SSLEngine}. Java's system property
   * {@code io.netty.handler.ssl.noOpenSsl=true} forces the JDK's (docs/benchmarks.md compares them).
   *
   * @return {@link SslProvider#OPENSSL} or {@link SslProvider#JDK}
   */
  public static SslProvider tlsProvider() {
    return SslProvider.isAlpnSupported(SslProvider.OPENSSL) ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /**
   * A TLS context from PEM files, on {@link #tlsProvider()}.
   *
   * @param certChain the certificate chain (PEM)
   * @param key       the PKCS#8 private key (PEM)
   * @return the context
   * @throws Exception if the files cannot be read
   */
  public static SslContext tls(File certChain, File key) throws Exception {
    return SslContextBuilder.forServer(certChain, key).sslProvider(tlsProvider())
        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
        .build();
  }

  /** Builds {@link CoCloneServer}s. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Routes routes;
    private TokenService tokens;
    private Metrics metrics = new Metrics();
    private ObjectMapper json = new ObjectMapper();
    private SslContext ssl;
    private ServerLimits limits = ServerLimits.defaults();
    private dev.coclone.netty.auth.HostAllowList hosts = dev.coclone.netty.auth.HostAllowList.loopback();
    private dev.coclone.netty.auth.PageLogin login;
    private StreamRelay relay;
    private EventLoopGroup workers;

    private Builder() {}

    /**
     * Offers HTTP/2 requests that only the fallback route would take to a relay first, frame by
     * frame (a proxy's common case); null (the default) for none. With a relay, each connection
     * also gathers its flushes into one write per event-loop turn.
     *
     * @param relay the relay
     * @return this builder
     */
    public Builder streamRelay(StreamRelay relay) {
      this.relay = relay;
      return this;
    }

    /**
     * Serves connections on these event loops instead of a group of its own (which {@link #close()}
     * then leaves running: its owner shuts it down). A proxy shares them with its upstream
     * connections, so that a request and its relayed stream stay on one thread.
     *
     * @param workers the event loops
     * @return this builder
     */
    public Builder eventLoops(EventLoopGroup workers) {
      this.workers = Objects.requireNonNull(workers, "workers");
      return this;
    }

    /**
     * Answers requests that name this host too (besides localhost, 127.0.0.1 and [::1] on the
     * server's port, and the bound address); requests naming any other host get 403.
     *
     * @param name a host name or address, optionally with {@code :port}
     * @return this builder
     * @throws IllegalArgumentException if the name is not a host name
     */
    public Builder allowHost(String name) {
      this.hosts = hosts.with(name);
      return this;
    }

    /**
     * Accepts the pages' session cookie (with the page's {@code X-CoClone-Page: 1} header) where
     * a token is needed; null (the default) for bearer tokens only.
     *
     * @param login the sessions
     * @return this builder
     */
    public Builder pageLogin(dev.coclone.netty.auth.PageLogin login) {
      this.login = login;
      return this;
    }

    /** Sets the address to bind (default 127.0.0.1: a local assistant listens locally). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Sets the port; 0 picks a free one.
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets the routes (required). */
    public Builder routes(Routes routes) {
      this.routes = Objects.requireNonNull(routes, "routes");
      return this;
    }

    /** Sets token verification (required). */
    public Builder tokens(TokenService tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /** Shares metrics with the routes. */
    public Builder metrics(Metrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Shares a JSON mapper. */
    public Builder json(ObjectMapper json) {
      this.json = Objects.requireNonNull(json, "json");
      return this;
    }

    /** Accepts TLS (ALPN h2 and http/1.1) besides cleartext; null for cleartext only. */
    public Builder tls(SslContext ssl) {
      this.ssl = ssl;
      return this;
    }

    /** Sets the limits. */
    public Builder limits(ServerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Builds the server (not started). */
    public CoCloneServer build() {
      Objects.requireNonNull(routes, "routes");
      Objects.requireNonNull(tokens, "tokens");
      if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
        hosts = hosts.with(host);
      }
      return new CoCloneServer(this);
    }
  }
}
