package dev.coclone.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;

/**
 * A client's HTTP/2 stream taken by a {@link StreamRelay}: no child channel, no pipeline of its
 * own; its frames are written on the connection's pipeline, and the connection's guard hears of
 * the request's progress (a request in flight keeps an idle connection open; its answer's end
 * counts as progress). Use it on the connection's event loop only.
 */
public final class EdgeStream {
  private final ChannelHandlerContext ctx;
  private final Http2FrameStream stream;
  private final ConnectionGuard guard;
  StreamRelay.Relayed relayed;
  /** Set while it waits for the connection's read-complete. */
  boolean readThisTurn;
  private boolean inFlight;
  private boolean closed;

  EdgeStream(ChannelHandlerContext ctx, Http2FrameStream stream, ConnectionGuard guard) {
    this.ctx = ctx;
    this.stream = stream;
    this.guard = guard;
  }

  /**
   * The client's connection.
   *
   * @return the connection's channel
   */
  public Channel connection() {
    return ctx.channel();
  }

  /**
   * The connection's event loop, where everything of this stream happens.
   *
   * @return the event loop
   */
  public EventLoop executor() {
    return ctx.channel().eventLoop();
  }

  /**
   * Writes a frame of the answer on this stream (a frame read from another stream may be passed
   * as it is: its stream is set here). It goes out with the next {@link #flush}.
   *
   * @param frame the frame, taken over
   */
  public void write(Http2StreamFrame frame) {
    if (frame instanceof Http2HeadersFrame h && h.isEndStream() || frame instanceof Http2DataFrame d && d.isEndStream()) {
      finished();
    }
    // A promise per write (not the void one): a write that fails must not fail the connection.
    ctx.write(frame.stream(stream));
  }

  /** Flushes what was written on the connection. */
  public void flush() {
    ctx.flush();
  }

  /**
   * Writes a frame and flushes.
   *
   * @param frame the frame, taken over
   */
  public void writeAndFlush(Http2StreamFrame frame) {
    write(frame);
    ctx.flush();
  }

  /** Resets the stream (CANCEL) unless it closed: for an answer that cannot be finished properly. */
  public void reset() {
    if (!closed) {
      finished();
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
    }
  }

  /** The request is complete: it counts as in flight until its answer ends or the stream closes. */
  void requestComplete() {
    if (!inFlight) {
      inFlight = true;
      guard.requestStarted();
    }
  }

  boolean isClosed() {
    return closed;
  }

  void closed() {
    closed = true;
    finished();
  }

  private void finished() {
    if (inFlight) {
      inFlight = false;
      guard.requestFinished();
    }
  }
}
