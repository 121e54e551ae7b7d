package dev.coclone.netty;

import dev.coclone.netty.metrics.Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of every connection: admits it against the connection caps, counts it, and
 * closes it when it stops making progress:
 * <ul>
 *   <li>idle: no request in flight and no complete request or response for
 *       {@link ServerLimits#idleTimeout()}; PINGs, SETTINGS and trickled bytes do not count;</li>
 *   <li>slow request head (HTTP/1.1 and the first bytes of any connection): the head not complete
 *       {@link ServerLimits#requestHeadTimeout()} after its first byte;</li>
 *   <li>slow reader: more than {@link ServerLimits#maxQueuedBytesPerConnection()} of responses
 *       queued and unread for {@link ServerLimits#slowReaderTimeout()}.</li>
 * </ul>
 * A connection from a peer cut for a reset flood within {@link ServerLimits#floodPenalty()} is
 * read only after {@link ServerLimits#floodReadDelay()} (counted as the limit hit
 * {@code flood_read_delay}): not refused, since on loopback every local client shares that
 * address, but an attacker reconnecting after each cut no longer makes the server set up a
 * connection and decode a burst of streams many times a second.
 * An OutOfMemoryError that reaches it stops the process (see {@link FatalErrors}). One per
 * connection; the request-level {@link RequestProgress} and {@link QueuedBytes} report to it.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
  private final ServerLimits limits;
  private final ConnectionCaps caps;
  private final Metrics metrics;
  private final TransportLog log;
  private final FatalErrors fatal;
  private boolean admitted;
  private boolean http2;
  private boolean awaitingHead = true;
  private long headStarted;
  private int inFlight;
  private long requestsStarted;
  private long lastProgress;
  private long queued;
  private long queuedSince;
  private ScheduledFuture<?> ticker;
  private ChannelHandlerContext ctx;
  private boolean draining;

  ConnectionGuard(ServerLimits limits, ConnectionCaps caps, Metrics metrics, TransportLog log, FatalErrors fatal) {
    this.limits = limits;
    this.caps = caps;
    this.metrics = metrics;
    this.log = log;
    this.fatal = fatal;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    String refused = caps.admit(ctx.channel().remoteAddress());
    if (refused != null) {
      metrics.limitHit(refused);
      log.peer(ctx.channel(), "refused: " + refused.replace('_', ' ') + " cap reached ("
          + (refused.equals("connections_total") ? limits.maxConnections() : limits.maxConnectionsPerPeer()) + ")");
      ctx.close();
      return;
    }
    admitted = true;
    metrics.connections(1);
    lastProgress = System.nanoTime();
    long tick = Math.max(50, Math.min(1000, Math.min(limits.idleTimeout().toMillis(),
        Math.min(limits.requestHeadTimeout().toMillis(), limits.slowReaderTimeout().toMillis())) / 4));
    ticker = ctx.executor().scheduleAtFixedRate(() -> check(ctx), tick, tick, TimeUnit.MILLISECONDS);
    if (caps.recentFlooder(ctx.channel().remoteAddress())) {
      metrics.limitHit("flood_read_delay");
      // Set before the pipeline's head asks for the first read, which it does only when auto-read is on.
      ctx.channel().config().setAutoRead(false);
      ctx.executor().schedule(() -> {
        if (ctx.channel().isActive()) {
          ctx.channel().config().setAutoRead(true);
        }
      }, limits.floodReadDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (ticker != null) {
      ticker.cancel(false);
    }
    if (admitted) {
      admitted = false;
      caps.release(ctx.channel().remoteAddress());
      metrics.connections(-1);
      super.channelInactive(ctx);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!admitted) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (!http2 && awaitingHead && headStarted == 0 && msg instanceof ByteBuf b && b.isReadable()) {
      headStarted = System.nanoTime();
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (!fatal.check(cause)) {
      super.exceptionCaught(ctx, cause);
    }
  }

  /** The connection speaks HTTP/2 now: its requests have no head clock (HEADERS come whole). */
  void http2() {
    http2 = true;
    headStarted = 0;
  }

  /** True once the connection speaks HTTP/2. */
  boolean isHttp2() {
    return http2;
  }

  /** Complete requests so far. */
  long requestsStarted() {
    return requestsStarted;
  }

  /** An HTTP/1.1 request head is complete. */
  void headComplete() {
    awaitingHead = false;
    headStarted = 0;
  }

  /** A complete request went to its route. */
  void requestStarted() {
    inFlight++;
    requestsStarted++;
    awaitingHead = true;
    lastProgress = System.nanoTime();
  }

  /** A response ended, or its HTTP/2 stream was reset. */
  void requestFinished() {
    inFlight = Math.max(0, inFlight - 1);
    lastProgress = System.nanoTime();
    if (draining && inFlight == 0) {
      // Called as the response's last part is being written: closed once it is on the socket.
      ctx.executor().execute(this::closeDrained);
    }
  }

  /**
   * The server is stopping (on the connection's event loop): HTTP/2 says GOAWAY and lets its
   * streams finish (the codec's graceful close); HTTP/1.1 closes now if no response is under way,
   * else right after the one under way has been written, so that a stream in progress still ends
   * with its last event instead of being cut.
   */
  void drain() {
    draining = true;
    if (http2 || inFlight == 0) {
      closeDrained();
    }
  }

  private void closeDrained() {
    if (ctx.channel().isActive()) {
      // Below the codecs: flushes what is queued, then closes from the tail (TLS says close_notify).
      ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
          .addListener(f -> ctx.channel().close());
    }
  }

  /** Response bytes were queued (positive) or written (negative). */
  void queued(long delta) {
    queued += delta;
  }

  /** Response bytes queued and not yet written to the socket. */
  long queuedBytes() {
    return queued;
  }

  private void check(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    if (headStarted != 0 && now - headStarted > limits.requestHeadTimeout().toNanos()) {
      close(ctx, "request_head_timeout", "request head not complete within " + limits.requestHeadTimeout().toMillis()
          + " ms");
    } else if (inFlight == 0 && now - lastProgress > limits.idleTimeout().toNanos()) {
      headStarted = 0;
      // From the tail, so that an HTTP/2 codec says GOAWAY first.
      ctx.channel().close();
    } else if (queued > limits.maxQueuedBytesPerConnection()) {
      if (queuedSince == 0) {
        queuedSince = now;
      } else if (now - queuedSince > limits.slowReaderTimeout().toNanos()) {
        close(ctx, "slow_reader", queued + " bytes of responses left unread for over "
            + limits.slowReaderTimeout().toMillis() + " ms");
      }
    } else {
      queuedSince = 0;
    }
  }

  private void close(ChannelHandlerContext ctx, String limit, String why) {
    headStarted = 0;
    queuedSince = 0;
    metrics.limitHit(limit);
    log.peer(ctx.channel(), "closed: " + why);
    ctx.close();
  }
}
