package dev.coclone.netty.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream on a pooled upstream connection, without a channel of its own: its frames are
 * written on the connection's pipeline and its answer is handed to a {@link Listener} by the
 * connection's {@link UpstreamStreams} (a child stream channel per request, with its pipeline,
 * registration, promises and events, was most of the relay's own CPU). The first frame written
 * must be the request's HEADERS, which opens the stream. Every method may be called from any
 * thread; the work is done on the connection's event loop, in call order.
 */
public final class UpstreamStream implements ChannelFutureListener {
  /** What happens on a stream, called on the connection's event loop. */
  public interface Listener {
    /**
     * A HEADERS or DATA frame of the answer; the listener owns it (passes it on or releases it).
     *
     * @param stream the stream
     * @param frame  the frame
     */
    default void read(UpstreamStream stream, Http2StreamFrame frame) {
      ReferenceCountUtil.release(frame);
    }

    /**
     * The connection's read that brought frames of this stream is over: time to flush.
     *
     * @param stream the stream
     */
    default void readComplete(UpstreamStream stream) {}

    /**
     * The stream closed: it ended, either side reset it, or its connection closed. Called once.
     *
     * @param stream the stream
     */
    default void closed(UpstreamStream stream) {}
  }

  private final UpstreamStreams connection;
  private final Listener listener;
  private final AtomicInteger inFlight;
  final Http2FrameStream frameStream;
  private boolean opened;
  private boolean closed;
  private boolean reading = true;
  /** DATA bytes read and not yet returned to the upstream's flow-control window. */
  private int unconsumed;
  /** Set while it waits for the connection's read-complete. */
  boolean readThisTurn;

  UpstreamStream(UpstreamStreams connection, Http2FrameStream frameStream, Listener listener, AtomicInteger inFlight) {
    this.connection = connection;
    this.frameStream = frameStream;
    this.listener = listener;
    this.inFlight = inFlight;
  }

  /** The upstream connection. */
  public Channel connection() {
    return connection.channel();
  }

  /** The connection's event loop, where the listener is called. */
  public EventLoop eventLoop() {
    return connection.channel().eventLoop();
  }

  /**
   * Writes a frame of the request (HEADERS first); it is flushed by {@link #flush}.
   *
   * @param frame the frame, taken over
   */
  public void write(Http2StreamFrame frame) {
    if (eventLoop().inEventLoop()) {
      write0(frame);
    } else {
      eventLoop().execute(() -> write0(frame));
    }
  }

  private void write0(Http2StreamFrame frame) {
    if (closed) {
      ReferenceCountUtil.release(frame);
      return;
    }
    frame.stream(frameStream);
    if (opened) {
      connection.ctx().write(frame);
      return;
    }
    opened = true;
    // The HEADERS that open the stream: if the connection refuses them, the stream is closed.
    connection.ctx().write(frame).addListener(this);
  }

  @Override
  public void operationComplete(ChannelFuture f) {
    if (!f.isSuccess()) {
      // Later, not inside the caller's write: it hears of the close as of any other.
      f.channel().eventLoop().execute(this::closed);
    }
  }

  /** Flushes what was written. */
  public void flush() {
    if (eventLoop().inEventLoop()) {
      connection.ctx().flush();
    } else {
      eventLoop().execute(connection.ctx()::flush);
    }
  }

  /**
   * Writes a frame and flushes.
   *
   * @param frame the frame, taken over
   */
  public void writeAndFlush(Http2StreamFrame frame) {
    write(frame);
    flush();
  }

  /** Resets the stream (CANCEL) unless it closed already: the service stops the work. */
  public void close() {
    if (eventLoop().inEventLoop()) {
      close0();
    } else {
      eventLoop().execute(this::close0);
    }
  }

  private void close0() {
    if (closed) {
      return;
    }
    forget();
    if (opened && frameStream.id() > 0) {
      connection.ctx().writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(frameStream));
    }
    // Told later, not inside the caller's close, as a child channel's close is.
    eventLoop().execute(() -> listener.closed(this));
  }

  /**
   * Stops or resumes taking the answer: while stopped, the DATA read is not returned to the
   * upstream's flow-control window, so the upstream stops sending once the window is spent.
   *
   * @param on whether to take the answer
   */
  public void reading(boolean on) {
    if (eventLoop().inEventLoop()) {
      reading0(on);
    } else {
      eventLoop().execute(() -> reading0(on));
    }
  }

  private void reading0(boolean on) {
    reading = on;
    if (on && unconsumed > 0 && !closed) {
      connection.consume(frameStream, unconsumed);
      unconsumed = 0;
      connection.ctx().flush();
    }
  }

  void read(Http2StreamFrame frame) {
    if (frame instanceof Http2DataFrame d) {
      int bytes = d.initialFlowControlledBytes();
      if (reading) {
        connection.consume(frameStream, bytes);
      } else {
        unconsumed += bytes;
      }
    }
    listener.read(this, frame);
  }

  void readComplete() {
    readThisTurn = false;
    listener.readComplete(this);
  }

  /** The stream closed (the codec said so, or its HEADERS were refused). */
  void closed() {
    if (closed) {
      return;
    }
    forget();
    listener.closed(this);
  }

  private void forget() {
    closed = true;
    unconsumed = 0;
    connection.forget(this);
    if (inFlight != null) {
      inFlight.decrementAndGet();
    }
  }
}
