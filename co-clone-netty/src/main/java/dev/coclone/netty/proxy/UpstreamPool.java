package dev.coclone.netty.proxy;

import dev.coclone.netty.metrics.Metrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
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
  /** The connections as of the last change, read without the lock by {@link #openStreamHere}. */
  private volatile Conn[] live = new Conn[0];
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

  private record Conn(Channel channel, UpstreamStreams streams) {
    int active() {
      return streams.active();
    }
  }

  /**
   * Opens a stream at once on a live connection served by the calling event loop, without a
   * future or a hop to another thread: a proxy that serves its clients on the same event loops
   * relays a request on the thread that read it. When this loop has no connection yet, or only
   * busy ones ({@value #GROW_AT_STREAMS} streams), and the pool has room, one is opened on this
   * loop for the next requests.
   *
   * @param listener what happens on the stream
   * @param inFlight also counts the stream while it is open, if not null
   * @return the open stream, or null if there is none to be had now (use {@link #openStream})
   */
  UpstreamStream openStreamHere(UpstreamStream.Listener listener, AtomicInteger inFlight) {
    Conn local = settledLocal();
    if (local == null) {
      local = localLocked();
    }
    if (local == null) {
      return null;
    }
    UpstreamStream stream = local.streams.open(listener, inFlight);
    if (stream != null) {
      metrics.upstreamStreamOpened();
    }
    return stream;
  }

  /**
   * The least busy live connection of the calling loop, read without the lock, when the pool is
   * settled: no connection of it closed or draining, and none to be opened for this loop (it has
   * one with fewer than {@value #GROW_AT_STREAMS} streams, or the pool is full). Else null: the
   * locked path decides.
   */
  private Conn settledLocal() {
    Conn[] all = live;
    Conn local = null;
    for (Conn c : all) {
      if (!c.channel.isActive() || c.channel.hasAttr(DRAINING)) {
        return null;
      }
      if (c.channel.eventLoop().inEventLoop() && (local == null || c.active() < local.active())) {
        local = c;
      }
    }
    return local == null || local.active() >= GROW_AT_STREAMS && all.length < size ? null : local;
  }

  /** The least busy live connection of the calling loop; opens one on the loop if it has none or only busy ones. */
  private Conn localLocked() {
    Conn local = null;
    synchronized (conns) {
      if (closed) {
        return null;
      }
      dropDead();
      boolean anyHere = false;
      for (Conn c : conns) {
        if (c.channel.eventLoop().inEventLoop()) {
          anyHere = true;
          if (local == null || c.active() < local.active()) {
            local = c;
          }
        }
      }
      long now = System.nanoTime();
      // A loop's connection carrying GROW_AT_STREAMS streams gets a sibling on the loop, as in connection().
      boolean grow = !anyHere || local.active() >= GROW_AT_STREAMS;
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
    return local;
  }

  /** Drops closed and draining connections; call holding the lock. */
  private void dropDead() {
    if (conns.removeIf(c -> !c.channel.isActive() || c.channel.hasAttr(DRAINING))) {
      live = conns.toArray(new Conn[0]);
    }
  }

  /**
   * Opens a stream to the upstream.
   *
   * @param listener what happens on the stream
   * @return the open stream (its first write, the request's HEADERS, opens it on the wire), or a
   *     failure saying the upstream cannot be reached
   */
  public CompletableFuture<UpstreamStream> openStream(UpstreamStream.Listener listener) {
    return openStream(listener, null, true);
  }

  /**
   * Opens a stream to the upstream.
   *
   * @param listener what happens on the stream
   * @param inFlight also counts the stream while it is open, if not null
   * @return the open stream, or a failure saying the upstream cannot be reached
   */
  CompletableFuture<UpstreamStream> openStream(UpstreamStream.Listener listener, AtomicInteger inFlight) {
    return openStream(listener, inFlight, true);
  }

  /** Opens a stream that the metrics do not count as relayed: the proxy's own health checks. */
  CompletableFuture<UpstreamStream> openCheckStream(UpstreamStream.Listener listener) {
    return openStream(listener, null, false);
  }

  private CompletableFuture<UpstreamStream> openStream(UpstreamStream.Listener listener, AtomicInteger inFlight,
      boolean counted) {
    CompletableFuture<UpstreamStream> result = new CompletableFuture<>();
    connection().whenComplete((conn, err) -> {
      if (err != null) {
        result.completeExceptionally(err);
        return;
      }
      conn.channel.eventLoop().execute(() -> {
        UpstreamStream stream = conn.streams.open(listener, inFlight);
        if (stream == null) {
          result.completeExceptionally(new IOException("could not open a stream to the upstream " + host + ":" + port
              + ": its connection closed"));
          return;
        }
        if (counted) {
          metrics.upstreamStreamOpened();
        }
        result.complete(stream);
      });
    });
    return result;
  }

  private CompletableFuture<Conn> connection() {
    synchronized (conns) {
      dropDead();
      if (closed) {
        return CompletableFuture.failedFuture(new IOException("the proxy is shutting down"));
      }
      Conn best = null;
      for (Conn c : conns) {
        if (best == null || c.active() < best.active()) {
          best = c;
        }
      }
      if (pending != null) {
        return best == null ? pending : CompletableFuture.completedFuture(best);
      }
      boolean grow = conns.size() < size && (best == null || best.active() >= GROW_AT_STREAMS);
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
    UpstreamStreams streams = UpstreamStreams.create();
    ChannelFuture cf = new Bootstrap().group(on).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000).option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            // First, so that every byte read (stream data too) counts as the connection being alive.
            ch.pipeline().addLast(new IdleStateHandler(pingIntervalMillis, 0, 0, TimeUnit.MILLISECONDS));
            // The small buffers of each flush's frames go out as one.
            ch.pipeline().addLast(new dev.coclone.netty.WriteCoalescer());
            // Relayed requests are flushed as each client stream reads them: one write per loop turn.
            ch.pipeline().addLast(new FlushConsolidationHandler(256, true));
            // HTTP/2 without the frame codec or child channels: the relay writes with its encoder.
            ch.pipeline().addLast(streams);
            ch.pipeline().addLast(new PingHealthCheck(pingTimeoutMillis, metrics));
          }
        }).connect(host, port);
    cf.addListener(f -> {
      synchronized (conns) {
        pending = null;
        if (f.isSuccess()) {
          Conn c = new Conn(cf.channel(), streams);
          conns.add(c);
          live = conns.toArray(new Conn[0]);
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
      live = new Conn[0];
    }
  }
}
