package dev.coclone.netty.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream on a pooled upstream connection, without a channel or frame objects of its own: its
 * headers and DATA are written with the connection's HTTP/2 encoder ({@link UpstreamStreams}) and
 * its answer is handed to a {@link Listener} (a child stream channel per request, with its
 * pipeline, registration, promises and events, was most of the relay's own CPU; then the frame
 * codec's frame objects and stream events were most of what was left of the connection's own).
 * The first write must be the request's headers, which open the stream. Every method may be
 * called from any thread; the work is done on the connection's event loop, in call order.
 */
public final class UpstreamStream implements ChannelFutureListener {
  /** What happens on a stream, called on the connection's event loop. */
  public interface Listener {
    /**
     * A HEADERS or DATA frame of the answer; the listener owns it (passes it on or releases it).
     * Called by the default {@link #headers} and {@link #data}.
     *
     * @param stream the stream
     * @param frame  the frame
     */
    default void read(UpstreamStream stream, Http2StreamFrame frame) {
      ReferenceCountUtil.release(frame);
    }

    /**
     * Headers of the answer (or its trailers).
     *
     * @param stream    the stream
     * @param headers   the headers
     * @param endStream whether they end the answer
     */
    default void headers(UpstreamStream stream, Http2Headers headers, boolean endStream) {
      read(stream, new DefaultHttp2HeadersFrame(headers, endStream));
    }

    /**
     * DATA of the answer; the listener owns the buffer (passes it on or releases it).
     *
     * @param stream    the stream
     * @param data      the bytes, retained for the listener
     * @param endStream whether they end the answer
     */
    default void data(UpstreamStream stream, ByteBuf data, boolean endStream) {
      read(stream, new DefaultHttp2DataFrame(data, endStream));
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
  /** The HTTP/2 stream, once the first HEADERS created it. */
  Http2Stream http2;
  private boolean opened;
  private boolean closed;
  private boolean reading = true;
  /** DATA bytes read and not yet returned to the upstream's flow-control window. */
  private int unconsumed;
  /** Set while it waits for the connection's read-complete. */
  boolean readThisTurn;

  UpstreamStream(UpstreamStreams connection, Listener listener, AtomicInteger inFlight) {
    this.connection = connection;
    this.listener = listener;
    this.inFlight = inFlight;
  }

  /**
   * The upstream connection.
   *
   * @return its channel
   */
  public Channel connection() {
    return connection.channel();
  }

  /**
   * The connection's event loop, where the listener is called.
   *
   * @return the event loop
   */
  public EventLoop eventLoop() {
    return connection.channel().eventLoop();
  }

  /**
   * Writes a HEADERS or DATA frame of the request (HEADERS first); it is flushed by {@link #flush}.
   * Other frames are released.
   *
   * @param frame the frame, taken over
   */
  public void write(Http2StreamFrame frame) {
    if (frame instanceof Http2HeadersFrame h) {
      writeHeaders(h.headers(), h.isEndStream());
    } else if (frame instanceof Http2DataFrame d) {
      writeData(d.content(), d.isEndStream());
    } else {
      ReferenceCountUtil.release(frame);
    }
  }

  /**
   * Writes the request's headers (the first write, which opens the stream) or its trailers.
   *
   * @param headers   the headers
   * @param endStream whether they end the request
   */
  public void writeHeaders(Http2Headers headers, boolean endStream) {
    if (eventLoop().inEventLoop()) {
      writeHeaders0(headers, endStream);
    } else {
      eventLoop().execute(() -> writeHeaders0(headers, endStream));
    }
  }

  /**
   * Writes DATA of the request.
   *
   * @param data      the bytes, taken over
   * @param endStream whether they end the request
   */
  public void writeData(ByteBuf data, boolean endStream) {
    if (eventLoop().inEventLoop()) {
      writeData0(data, endStream);
    } else {
      eventLoop().execute(() -> writeData0(data, endStream));
    }
  }

  private void writeHeaders0(Http2Headers headers, boolean endStream) {
    if (closed) {
      return;
    }
    if (opened) {
      if (http2 != null) {
        connection.writeHeaders(http2, headers, endStream);
      }
      return;
    }
    opened = true;
    // The HEADERS that open the stream: if the connection refuses them, the stream is closed.
    ChannelPromise p = connection.writeOpening(this, headers, endStream);
    if (p == null) {
      eventLoop().execute(this::closed);
    } else {
      p.addListener(this);
    }
  }

  private void writeData0(ByteBuf data, boolean endStream) {
    if (closed || http2 == null) {
      data.release();
      return;
    }
    connection.writeData(http2, data, endStream);
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
      connection.flush();
    } else {
      eventLoop().execute(connection::flush);
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
    if (http2 != null && http2.state() != Http2Stream.State.CLOSED) {
      connection.reset(http2);
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
      connection.consume(http2, unconsumed);
      unconsumed = 0;
      connection.flush();
    }
  }

  /** DATA read: handed to the listener; returns the bytes to give back to the window now. */
  int data(ByteBuf data, int flowControlled, boolean endStream) {
    int now = flowControlled;
    if (!reading) {
      unconsumed += flowControlled;
      now = 0;
    }
    listener.data(this, data.retain(), endStream);
    return now;
  }

  void headers(Http2Headers headers, boolean endStream) {
    listener.headers(this, headers, endStream);
  }

  void readComplete() {
    readThisTurn = false;
    listener.readComplete(this);
  }

  boolean isClosed() {
    return closed;
  }

  /** The stream closed (the connection said so, or its HEADERS were refused). */
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
