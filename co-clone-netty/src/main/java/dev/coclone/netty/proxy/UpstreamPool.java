package dev.coclone.netty.proxy;

import dev.coclone.netty.metrics.Metrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of long-lived HTTP/2 cleartext connections (prior knowledge) to one upstream. Each
 * request is a new stream on the connection with the fewest streams in flight; another connection
 * is opened (up to the pool's size) only when that one carries {@value #GROW_AT_STREAMS} streams,
 * and callers during a connect share it. A connection that closes is replaced on demand, with
 * exponential backoff after failed connects. Thread-safe.
 */
public final class UpstreamPool implements AutoCloseable {
  private static final long MAX_BACKOFF_NANOS = 5_000_000_000L;
  /**
   * Streams in flight on the least busy connection before another is opened: HTTP/2 multiplexes,
   * so sequential and lightly concurrent traffic shares one connection.
   */
  static final int GROW_AT_STREAMS = 32;
  /** Set on a connection whose upstream sent GOAWAY: it takes no new streams and leaves the pool. */
  static final io.netty.util.AttributeKey<Boolean> DRAINING = io.netty.util.AttributeKey.valueOf("coclone.draining");

  private final EventLoopGroup group;
  private final String host;
  private final int port;
  private final int size;
  private final Metrics metrics;
  private final long pingIntervalMillis;
  private final long pingTimeoutMillis;
  private final List<Conn> conns = new ArrayList<>();
  /** The connect under way, shared by every caller meanwhile (a cold burst opens one connection). */
  private CompletableFuture<Conn> pending;
  private long nextAttemptNanos;
  private long backoffNanos = 50_000_000L;
  private volatile boolean closed;

  /**
   * Creates a pool; connections open on first use.
   *
   * @param group   event loops for the connections
   * @param host    upstream host
   * @param port    upstream port
   * @param size    connections to keep
   * @param metrics where connection reuse is counted
   */
  public UpstreamPool(EventLoopGroup group, String host, int port, int size, Metrics metrics) {
    this(group, host, port, size, metrics, 15_000, 5_000);
  }

  /**
   * Creates a pool whose idle connections are health-checked with HTTP/2 PINGs.
   *
   * @param group              event loops for the connections
   * @param host               upstream host
   * @param port               upstream port
   * @param size               connections to keep
   * @param metrics            where connection reuse and failed health checks are counted
   * @param pingIntervalMillis a connection with nothing read for this long is sent a PING
   * @param pingTimeoutMillis  a PING not answered within this closes the connection
   */
  public UpstreamPool(EventLoopGroup group, String host, int port, int size, Metrics metrics, long pingIntervalMillis,
      long pingTimeoutMillis) {
    if (pingIntervalMillis <= 0 || pingTimeoutMillis <= 0) {
      throw new IllegalArgumentException("PING interval and timeout must be positive, were " + pingIntervalMillis
          + " and " + pingTimeoutMillis + " ms");
    }
    this.pingIntervalMillis = pingIntervalMillis;
    this.pingTimeoutMillis = pingTimeoutMillis;
    if (size < 1) {
      throw new IllegalArgumentException("pool size must be >= 1, was " + size);
    }
    this.group = group;
    this.host = host;
    this.port = port;
    this.size = size;
    this.metrics = metrics;
  }

  private static final class Conn implements io.netty.channel.ChannelFutureListener {
    final Channel channel;
    final AtomicInteger active = new AtomicInteger();

    Conn(Channel channel) {
      this.channel = channel;
    }

    /** A stream of this connection closed. */
    @Override
    public void operationComplete(ChannelFuture f) {
      active.decrementAndGet();
    }
  }

  /**
   * Opens a stream at once on a live connection served by the calling event loop, without a
   * future or a hop to another thread: a proxy that serves its clients on the same event loops
   * relays a request on the thread that read it. When this loop has no connection yet, or only
   * busy ones ({@value #GROW_AT_STREAMS} streams), and the pool has room, one is opened on this
   * loop for the next requests.
   *
   * @param handler the stream's handler
   * @return the open stream, or null if there is none to be had now (use {@link #openStream})
   */
  public Http2StreamChannel openStreamHere(ChannelHandler handler) {
    Conn local = null;
    synchronized (conns) {
      if (closed) {
        return null;
      }
      conns.removeIf(c -> !c.channel.isActive() || c.channel.hasAttr(DRAINING));
      boolean anyHere = false;
      for (Conn c : conns) {
        if (c.channel.eventLoop().inEventLoop()) {
          anyHere = true;
          if (local == null || c.active.get() < local.active.get()) {
            local = c;
          }
        }
      }
      long now = System.nanoTime();
      // A loop's connection carrying GROW_AT_STREAMS streams gets a sibling on the loop, as in connection().
      boolean grow = !anyHere || local.active.get() >= GROW_AT_STREAMS;
      if (grow && pending == null && conns.size() < size && now >= nextAttemptNanos) {
        EventLoop here = null;
        for (io.netty.util.concurrent.EventExecutor e : group) {
          if (e.inEventLoop() && e instanceof EventLoop l) {
            here = l;
          }
        }
        if (here != null) {
          pending = connect(here);
        }
      }
    }
    if (local == null) {
      return null;
    }
    io.netty.util.concurrent.Future<Http2StreamChannel> f = new Http2StreamChannelBootstrap(local.channel)
        .handler(handler).open();
    if (!f.isDone()) {
      // Not expected on the connection's own loop; the caller falls back to openStream.
      f.addListener(x -> {
        if (x.isSuccess()) {
          ((Http2StreamChannel) x.getNow()).close();
        }
      });
      return null;
    }
    if (!f.isSuccess()) {
      return null;
    }
    Http2StreamChannel stream = f.getNow();
    local.active.incrementAndGet();
    metrics.upstreamStreamOpened();
    stream.closeFuture().addListener(local);
    return stream;
  }

  /**
   * Opens a stream to the upstream.
   *
   * @param handler the stream's handler
   * @return the open stream, or a failure saying the upstream cannot be reached
   */
  public CompletableFuture<Http2StreamChannel> openStream(ChannelHandler handler) {
    return openStream(handler, true);
  }

  /** Opens a stream that the metrics do not count as relayed: the proxy's own health checks. */
  CompletableFuture<Http2StreamChannel> openCheckStream(ChannelHandler handler) {
    return openStream(handler, false);
  }

  private CompletableFuture<Http2StreamChannel> openStream(ChannelHandler handler, boolean counted) {
    CompletableFuture<Http2StreamChannel> result = new CompletableFuture<>();
    connection().whenComplete((conn, err) -> {
      if (err != null) {
        result.completeExceptionally(err);
        return;
      }
      new Http2StreamChannelBootstrap(conn.channel).handler(handler).open().addListener(f -> {
        if (!f.isSuccess()) {
          result.completeExceptionally(new IOException("could not open a stream to the upstream: " + f.cause(),
              f.cause()));
          return;
        }
        Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
        conn.active.incrementAndGet();
        if (counted) {
          metrics.upstreamStreamOpened();
        }
        stream.closeFuture().addListener(conn);
        result.complete(stream);
      });
    });
    return result;
  }

  private CompletableFuture<Conn> connection() {
    synchronized (conns) {
      conns.removeIf(c -> !c.channel.isActive() || c.channel.hasAttr(DRAINING));
      if (closed) {
        return CompletableFuture.failedFuture(new IOException("the proxy is shutting down"));
      }
      Conn best = null;
      for (Conn c : conns) {
        if (best == null || c.active.get() < best.active.get()) {
          best = c;
        }
      }
      if (pending != null) {
        return best == null ? pending : CompletableFuture.completedFuture(best);
      }
      boolean grow = conns.size() < size && (best == null || best.active.get() >= GROW_AT_STREAMS);
      if (!grow && best != null) {
        return CompletableFuture.completedFuture(best);
      }
      long now = System.nanoTime();
      if (best == null && now < nextAttemptNanos) {
        return CompletableFuture.failedFuture(new IOException("the upstream " + host + ":" + port
            + " is unreachable; retrying in " + (nextAttemptNanos - now) / 1_000_000 + " ms"));
      }
      CompletableFuture<Conn> f = connect(group);
      pending = f;
      return best == null ? f : CompletableFuture.completedFuture(best);
    }
  }

  private CompletableFuture<Conn> connect(EventLoopGroup on) {
    CompletableFuture<Conn> result = new CompletableFuture<>();
    ChannelFuture cf = new Bootstrap().group(on).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000).option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            // First, so that every byte read (stream data too) counts as the connection being alive.
            ch.pipeline().addLast(new IdleStateHandler(pingIntervalMillis, 0, 0, TimeUnit.MILLISECONDS));
            // Relayed requests are flushed as each client stream reads them: one write per loop turn.
            ch.pipeline().addLast(new FlushConsolidationHandler(256, true));
            ch.pipeline().addLast(dev.coclone.netty.FairHttp2Codec.forClient().build());
            ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
            ch.pipeline().addLast(new PingHealthCheck(pingTimeoutMillis, metrics));
          }
        }).connect(host, port);
    cf.addListener(f -> {
      synchronized (conns) {
        pending = null;
        if (f.isSuccess()) {
          Conn c = new Conn(cf.channel());
          conns.add(c);
          backoffNanos = 50_000_000L;
          metrics.upstreamConnectionOpened();
          result.complete(c);
        } else {
          nextAttemptNanos = System.nanoTime() + backoffNanos;
          backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
          result.completeExceptionally(new IOException("cannot connect to the upstream " + host + ":" + port + " ("
              + f.cause().getMessage() + ")", f.cause()));
        }
      }
    });
    return result;
  }

  /** Live connections now. */
  public int liveConnections() {
    synchronized (conns) {
      return (int) conns.stream().filter(c -> c.channel.isActive()).count();
    }
  }

  @Override
  public void close() {
    synchronized (conns) {
      closed = true;
      for (Conn c : conns) {
        c.channel.close();
      }
      conns.clear();
    }
  }
}
