package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * A client's HTTP/2 stream taken by a {@link StreamRelay}: no child channel, no pipeline and no
 * frame objects of its own; its headers and DATA are written with the connection's HTTP/2 encoder,
 * and the connection's guard hears of the request's progress (a request in flight keeps an idle
 * connection open; its answer's end counts as progress) and of the answer's bytes queued and not
 * yet written (slow readers), as {@link QueuedBytes} counts the other streams'. Use it on the
 * connection's event loop only.
 */
public final class EdgeStream {
  private final Http2FrameCodec codec;
  /** The frame codec's context: what the encoder writes goes on from there. */
  private final ChannelHandlerContext ctx;
  private final int id;
  private final ConnectionGuard guard;
  StreamRelay.Relayed relayed;
  /** Set while it waits for the connection's read-complete. */
  boolean readThisTurn;
  private boolean inFlight;
  private boolean closed;

  EdgeStream(Http2FrameCodec codec, ChannelHandlerContext ctx, int id, ConnectionGuard guard) {
    this.codec = codec;
    this.ctx = ctx;
    this.id = id;
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
   * Writes the answer's headers (or trailers). They go out with the next {@link #flush}.
   *
   * @param headers   the headers
   * @param endStream whether they end the answer
   */
  public void writeHeaders(Http2Headers headers, boolean endStream) {
    if (endStream) {
      finished();
    }
    // A promise per write (not the void one): a write that fails must not fail the connection.
    codec.encoder().writeHeaders(ctx, id, headers, 0, endStream, ctx.newPromise());
  }

  /**
   * Writes DATA of the answer. It goes out with the next {@link #flush}, as the client's
   * flow-control window allows (a small frame that fits is written at once, {@link DirectData}).
   *
   * @param data      the bytes, taken over
   * @param endStream whether they end the answer
   */
  public void writeData(ByteBuf data, boolean endStream) {
    if (endStream) {
      finished();
    }
    int size = data.readableBytes();
    ChannelPromise promise = ctx.newPromise();
    if (size > 0) {
      guard.queued(size);
      // Listeners run on the channel's event loop, as the guard wants.
      promise.addListener(f -> guard.queued(-size));
    }
    if (!DirectData.write(codec, ctx, codec.connection().stream(id), data, endStream, promise)) {
      codec.encoder().writeData(ctx, id, data, 0, endStream, promise);
    }
  }

  /** Flushes what was written on the connection (the flow-controlled frames the window allows). */
  public void flush() {
    codec.flush(ctx);
  }

  /** Resets the stream (CANCEL) unless it closed: for an answer that cannot be finished properly. */
  public void reset() {
    if (!closed) {
      finished();
      codec.encoder().writeRstStream(ctx, id, Http2Error.CANCEL.code(), ctx.newPromise());
      codec.flush(ctx);
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
