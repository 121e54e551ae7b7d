package dev.coclone.netty.proxy;

import dev.coclone.netty.metrics.Metrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Health check of one pooled upstream connection: when an {@link IdleStateHandler} at the head of
 * the pipeline reports that nothing has been read for its interval, it sends an HTTP/2 PING; a
 * connection that does not answer within the timeout is closed, so the pool opens a fresh one
 * instead of sending streams into a dead (half-open) socket. A connection that receives GOAWAY is
 * marked {@link UpstreamPool#DRAINING}: the pool opens no new streams on it. Sits on the connection's pipeline
 * after {@link UpstreamStreams}, which passes PING and GOAWAY frames and user events on. One per connection.
 */
final class PingHealthCheck extends ChannelDuplexHandler {
  private static final Logger LOG = Logger.getLogger(PingHealthCheck.class.getName());

  private final long timeoutNanos;
  private final Metrics metrics;
  private long outstanding = -1;
  private long nextNonce = 1;
  private ScheduledFuture<?> deadline;

  PingHealthCheck(long timeoutMillis, Metrics metrics) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.metrics = metrics;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (!(evt instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (outstanding >= 0) {
      return;
    }
    long nonce = nextNonce++;
    outstanding = nonce;
    ctx.writeAndFlush(new DefaultHttp2PingFrame(nonce));
    deadline = ctx.executor().schedule(() -> {
      if (outstanding == nonce) {
        metrics.upstreamError("ping_timeout");
        LOG.warning(() -> "upstream connection " + ctx.channel().remoteAddress() + " did not answer a PING within "
            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms; closing it (the pool reconnects)");
        ctx.close();
      }
    }, timeoutNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2PingFrame ping && ping.ack()) {
      if (ping.content() == outstanding) {
        outstanding = -1;
        if (deadline != null) {
          deadline.cancel(false);
        }
      }
      return; // our own PING's answer: nothing further down wants it
    }
    if (msg instanceof Http2GoAwayFrame) {
      // The service is shutting down (or restarting): no new streams here; those in flight finish.
      ctx.channel().attr(UpstreamPool.DRAINING).set(Boolean.TRUE);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stop();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  private void stop() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }
}
