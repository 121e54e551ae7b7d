package dev.coclone.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;

/**
 * Tells the connection's {@link ConnectionGuard} what real progress is: a request head, a complete
 * request, a complete response, and (HTTP/2) a stream that closed before its
 * response ended. Sits in each request pipeline: on an HTTP/1.1 connection after the codec (it
 * sees HTTP objects), first on every HTTP/2 stream's child channel (it sees frames; a stream a
 * {@link StreamRelay} takes at the connection has no child channel and is counted by its
 * {@link EdgeStream}). Stops the process on an OutOfMemoryError that
 * reaches it. One per HTTP/1.1 connection or HTTP/2 stream.
 */
final class RequestProgress extends ChannelDuplexHandler {
  private final ConnectionGuard guard;
  private final FatalErrors fatal;
  private boolean inFlight;

  RequestProgress(ConnectionGuard guard, FatalErrors fatal) {
    this.guard = guard;
    this.fatal = fatal;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest || msg instanceof Http2HeadersFrame) {
      guard.headComplete();
    }
    if (!inFlight && (msg instanceof LastHttpContent || msg instanceof Http2HeadersFrame h && h.isEndStream()
        || msg instanceof Http2DataFrame d && d.isEndStream())) {
      inFlight = true;
      guard.requestStarted();
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof LastHttpContent || msg instanceof Http2HeadersFrame h && h.isEndStream()
        || msg instanceof Http2DataFrame d && d.isEndStream()) {
      finished();
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    finished();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (!fatal.check(cause)) {
      super.exceptionCaught(ctx, cause);
    }
  }

  private void finished() {
    if (inFlight) {
      inFlight = false;
      guard.requestFinished();
    }
  }
}
