package dev.coclone.netty.proxy;

import dev.coclone.netty.Exchange;
import dev.coclone.netty.metrics.Metrics;
import dev.coclone.wire.WireError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * What a relayed request does when its upstream stream closes before the answer's end (the
 * service died, dropped its connection, or reset the stream). Before any answer came, the request
 * goes to the next upstream if it may be repeated ({@link UpstreamAttempts#repeatable}), else the
 * caller gets a 502 in its protocol. In the middle of a streamed answer the caller gets its
 * protocol's error event and a proper end of the stream (the HTTP/1.1 chunked terminator, an
 * HTTP/2 END_STREAM) instead of a truncated body or a bare reset; an answer that is not a stream
 * can only be cut off. One per request; its methods run on the upstream stream's event loop.
 */
final class UpstreamLoss {
  private final Exchange ex;
  private final UpstreamAttempts attempts;
  private final Metrics metrics;
  private final Runnable retry;
  private final CallerProtocol protocol;
  private String contentType;
  /** The last two bytes relayed, to tell whether the stream stopped between events. */
  private int last = '\n';
  private int beforeLast = '\n';

  /**
   * Creates the handling for one request.
   *
   * @param ex       the caller's exchange
   * @param attempts the upstreams it may try
   * @param metrics  where failovers and cut streams are counted
   * @param retry    sends the request to the next upstream
   */
  UpstreamLoss(Exchange ex, UpstreamAttempts attempts, Metrics metrics, Runnable retry) {
    this.ex = ex;
    this.attempts = attempts;
    this.metrics = metrics;
    this.retry = retry;
    this.protocol = CallerProtocol.of(ex.path());
  }

  /** Notes the answer's content type (from the upstream's headers). */
  void contentType(CharSequence type) {
    this.contentType = type == null ? null : type.toString();
  }

  /** Notes a piece of the answer relayed to the caller. */
  void relayed(ByteBuf content) {
    int n = content.readableBytes();
    if (n >= 2) {
      beforeLast = content.getByte(content.writerIndex() - 2);
      last = content.getByte(content.writerIndex() - 1);
    } else if (n == 1) {
      beforeLast = last;
      last = content.getByte(content.writerIndex() - 1);
    }
  }

  /**
   * The upstream stream closed before the answer ended and the caller is still there.
   *
   * @param stream the upstream stream that closed
   * @param out    the caller's answer if it started, else null
   */
  void lost(Channel stream, Exchange.Stream out) {
    Upstream upstream = attempts.current();
    boolean connectionLost = stream.parent() == null || !stream.parent().isActive();
    String problem = connectionLost ? "its connection closed before the answer ended"
        : "it reset the stream before the answer ended";
    if (upstream != null) {
      attempts.failed(upstream, problem);
      if (connectionLost) {
        upstream.markDown(problem);
      }
    }
    if (out == null) {
      if (attempts.hasNext() && UpstreamAttempts.repeatable(ex.method(), ex.path())) {
        metrics.upstreamError("failover");
        retry.run();
        return;
      }
      metrics.upstreamError("reset");
      protocol.send(ex, new WireError(502, "upstream_reset", "the completion service "
          + (upstream == null ? "" : upstream.authority() + " ") + "dropped the request (" + problem
          + "); try again"));
      return;
    }
    metrics.upstreamError("reset_mid_stream");
    String event = protocol.streamError(contentType, new WireError(502, "upstream_reset", "the completion "
        + "service went away in the middle of this answer (" + problem + "): what came is incomplete; ask again"));
    if (event == null) {
      ex.abort();
      return;
    }
    // A piece cut in the middle of an event or line is closed off first, so the error is one event.
    boolean sse = contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
    String close = sse ? (last != '\n' ? "\n\n" : beforeLast != '\n' ? "\n" : "") : last != '\n' ? "\n" : "";
    out.write(close + event);
    out.end();
  }
}
