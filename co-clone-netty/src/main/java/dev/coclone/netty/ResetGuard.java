package dev.coclone.netty;

import dev.coclone.netty.metrics.Metrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * Tells a client's cancel from Rapid Reset (CVE-2023-44487) on one HTTP/2 connection. Sits
 * between the frame codec and the streams' handler (set up with the connection's first stream:
 * a reset needs a stream) and looks at each RST_STREAM from the client, at
 * the moment it arrives, by the stream's state:
 * <ul>
 *   <li>the request was not complete yet (the stream is still open on the client's side): no work
 *       had started. That is the Rapid Reset pattern, and such resets spend the
 *       {@link ServerLimits#prematureResets()} budget;</li>
 *   <li>the request was complete (work started) but the server had not answered headers yet: a
 *       cancel of a call in progress, which spends the larger {@link ServerLimits#unansweredCancels()}
 *       budget;</li>
 *   <li>the server had answered headers (a stream of tokens in flight): a cancel. The work stops
 *       at once and the client paid a full request for it, so the {@link ServerLimits#answeredCancels()}
 *       budget is the most generous: it only stops a flood of open-answer-reset streams.</li>
 * </ul>
 * Only resets are counted: a client sending thousands of requests a second without resetting
 * them is never limited here.
 * A connection past a budget gets GOAWAY ENHANCE_YOUR_CALM and is closed at once, and its peer
 * is marked for {@link ServerLimits#floodPenalty()} ({@link ConnectionGuard} reads that peer's new
 * connections late, so reconnecting at once buys an attacker nothing). This replaces
 * Netty's count of every RST_STREAM, which an editor cancelling stale completions all day trips.
 * One per connection.
 */
final class ResetGuard extends ChannelInboundHandlerAdapter {
  private final ServerLimits limits;
  // Made with the connection's first reset (a full bucket then is what one made at the preface
  // would hold by then): most connections never reset a stream, and idle ones cost less heap.
  private TokenBucket premature;
  private TokenBucket unanswered;
  private TokenBucket answered;
  private final Metrics metrics;
  private final TransportLog log;
  private final ConnectionCaps caps;
  private Http2FrameCodec codec;
  private boolean tripped;

  ResetGuard(ServerLimits limits, ConnectionCaps caps, Metrics metrics, TransportLog log) {
    this.caps = caps;
    this.limits = limits;
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2ResetFrame reset && !tripped) {
      check(ctx, reset.stream() == null ? 0 : reset.stream().id());
    }
    ctx.fireChannelRead(msg);
  }

  private void check(ChannelHandlerContext ctx, int id) {
    if (codec == null) {
      codec = ctx.pipeline().get(Http2FrameCodec.class);
    }
    Http2Stream stream = codec == null ? null : codec.connection().stream(id);
    if (stream == null) {
      return;
    }
    long now = System.nanoTime();
    if (premature == null) {
      premature = new TokenBucket(limits.prematureResets().burst(), limits.prematureResets().perSecond(), now);
      unanswered = new TokenBucket(limits.unansweredCancels().burst(), limits.unansweredCancels().perSecond(), now);
      answered = new TokenBucket(limits.answeredCancels().burst(), limits.answeredCancels().perSecond(), now);
    }
    String kind;
    if (stream.state() == Http2Stream.State.OPEN && !stream.isHeadersSent()) {
      kind = premature.take(now) ? null : "premature_resets";
    } else if (!stream.isHeadersSent()) {
      kind = unanswered.take(now) ? null : "unanswered_cancels";
    } else {
      kind = answered.take(now) ? null : "answered_cancels";
    }
    if (kind != null) {
      tripped = true;
      metrics.limitHit(kind);
      caps.floodCut(ctx.channel().remoteAddress());
      log.peer(ctx.channel(), "sent too many " + kind.replace('_', ' ') + "; GOAWAY ENHANCE_YOUR_CALM");
      // The codec turns this into GOAWAY(ENHANCE_YOUR_CALM) and closes without a graceful drain.
      ctx.pipeline().fireExceptionCaught(new Http2Exception(Http2Error.ENHANCE_YOUR_CALM,
          "too many " + kind.replace('_', ' '), Http2Exception.ShutdownHint.HARD_SHUTDOWN));
    }
  }
}
