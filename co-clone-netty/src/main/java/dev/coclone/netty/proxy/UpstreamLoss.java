package dev.coclone.netty.proxy;

import dev.coclone.netty.Exchange;
import dev.coclone.netty.metrics.Metrics;
import dev.coclone.wire.WireError;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * What a relayed request does when its upstream stream closes before the answer's end (the
 * service died, dropped its connection, or reset the stream). Before any answer came, the request
 * goes to the next upstream if it may be repeated ({@link UpstreamAttempts#repeatable}), else the
 * caller gets a 502 in its protocol. In the middle of a streamed answer the caller gets its
 * protocol's error event and a proper end of the stream (the HTTP/1.1 chunked terminator, an
 * HTTP/2 END_STREAM) instead of a truncated body or a bare reset; an answer that is not a stream
 * can only be cut off. Both relay paths use it: {@link RelayRoute} (through the caller's
 * {@link Exchange}) and the frame-by-frame {@link RelayedStream} (through its own {@link Caller}).
 * One per request; its methods run on one thread at a time.
 */
final class UpstreamLoss {
  /** The caller's side of a relayed request, as far as a lost upstream concerns it. */
  interface Caller {
    /**
     * Answers an error before any answer started.
     *
     * @param protocol the caller's protocol
     * @param error    the error
     */
    void answer(CallerProtocol protocol, WireError error);

    /**
     * Writes the last piece of a started answer and ends it properly.
     *
     * @param lastPiece the text to write
     */
    void end(String lastPiece);

    /** Cuts a started answer off (its framing has no error event). */
    void abort();
  }

  private final CharSequence method;
  /** The request's target; its path (without the query) is worked out when a loss needs it. */
  private final CharSequence target;
  private final UpstreamAttempts attempts;
  private final Metrics metrics;
  private final Runnable retry;
  private CallerProtocol protocol;
  /** The answer's headers as the upstream sent them; read only when a loss needs the content type. */
  private Http2Headers answerHeaders;
  /** The last two bytes relayed, to tell whether the stream stopped between events. */
  private int last = '\n';
  private int beforeLast = '\n';

  /**
   * Creates the handling for one request.
   *
   * @param method   the request's method
   * @param target   the request's path, with or without its query
   * @param attempts the upstreams it may try
   * @param metrics  where failovers and cut streams are counted
   * @param retry    sends the request to the next upstream
   */
  UpstreamLoss(CharSequence method, CharSequence target, UpstreamAttempts attempts, Metrics metrics, Runnable retry) {
    this.method = method;
    this.target = target;
    this.attempts = attempts;
    this.metrics = metrics;
    this.retry = retry;
  }

  /**
   * Creates the handling for one request of an exchange.
   *
   * @param ex       the caller's exchange
   * @param attempts the upstreams it may try
   * @param metrics  where failovers and cut streams are counted
   * @param retry    sends the request to the next upstream
   */
  UpstreamLoss(Exchange ex, UpstreamAttempts attempts, Metrics metrics, Runnable retry) {
    this(ex.method(), ex.path(), attempts, metrics, retry);
  }

  /** The caller's protocol. */
  CallerProtocol protocol() {
    if (protocol == null) {
      protocol = CallerProtocol.of(path(target));
    }
    return protocol;
  }

  /** A request target's path, without the query. */
  static String path(CharSequence target) {
    String t = target.toString();
    int query = t.indexOf('?');
    return query < 0 ? t : t.substring(0, query);
  }

  /** Notes the answer's headers (the upstream's), for the content type of an error event. */
  void answerHeaders(Http2Headers headers) {
    this.answerHeaders = headers;
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
   * @param ex     the caller's exchange
   * @param out    the caller's answer if it started, else null
   */
  void lost(UpstreamStream stream, Exchange ex, Exchange.Stream out) {
    lost(stream, out != null, new Caller() {
      @Override
      public void answer(CallerProtocol protocol, WireError error) {
        protocol.send(ex, error);
      }

      @Override
      public void end(String lastPiece) {
        out.write(lastPiece);
        out.end();
      }

      @Override
      public void abort() {
        ex.abort();
      }
    });
  }

  /**
   * The upstream stream closed before the answer ended and the caller is still there: the
   * request goes to the next upstream, or the caller gets a 502, or its stream's error event.
   *
   * @param stream   the upstream stream that closed
   * @param answered whether the caller's answer started
   * @param caller   the caller's side
   */
  void lost(UpstreamStream stream, boolean answered, Caller caller) {
    Upstream upstream = attempts.current();
    boolean connectionLost = !stream.connection().isActive();
    String problem = connectionLost ? "its connection closed before the answer ended"
        : "it reset the stream before the answer ended";
    if (upstream != null) {
      attempts.failed(upstream, problem);
      if (connectionLost) {
        upstream.markDown(problem);
      }
    }
    if (!answered) {
      if (attempts.hasNext() && UpstreamAttempts.repeatable(method.toString(), path(target))) {
        metrics.upstreamError("failover");
        retry.run();
        return;
      }
      metrics.upstreamError("reset");
      caller.answer(protocol(), new WireError(502, "upstream_reset", "the completion service "
          + (upstream == null ? "" : upstream.authority() + " ") + "dropped the request (" + problem
          + "); try again"));
      return;
    }
    metrics.upstreamError("reset_mid_stream");
    CharSequence contentType = answerHeaders == null ? null : answerHeaders.get(HttpHeaderNames.CONTENT_TYPE);
    String type = contentType == null ? null : contentType.toString();
    String event = protocol().streamError(type, new WireError(502, "upstream_reset", "the completion "
        + "service went away in the middle of this answer (" + problem + "): what came is incomplete; ask again"));
    if (event == null) {
      caller.abort();
      return;
    }
    // A piece cut in the middle of an event or line is closed off first, so the error is one event.
    boolean sse = type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
    String close = sse ? (last != '\n' ? "\n\n" : beforeLast != '\n' ? "\n" : "") : last != '\n' ? "\n" : "";
    caller.end(close + event);
  }
}
