package dev.coclone.netty.proxy;

import dev.coclone.netty.DirectData;
import dev.coclone.netty.FairHttp2Codec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pooled upstream connection's HTTP/2, without Netty's frame codec: Netty's connection handler
 * (its frame reader and writer, HPACK, flow control and limits) with this class as its frame
 * listener. Each stream is an {@link UpstreamStream} (no child channel, no frame objects, no
 * stream events on the pipeline), found from the HTTP/2 stream by a property key; the headers and
 * DATA read are handed to its listener, each stream that read something hears of the read's end
 * once, and a stream's close (its end, a reset, GOAWAY, the connection closing) is told to it
 * once. PING acknowledgements and GOAWAY go on down the pipeline as frames, for
 * {@link PingHealthCheck}, which writes its PINGs as frames too. One per connection; used on its
 * event loop only.
 */
final class UpstreamStreams extends Http2ConnectionHandler implements Http2FrameListener {
  private final Http2Connection.PropertyKey key;
  private final List<UpstreamStream> readThisTurn = new ArrayList<>(4);
  /** Streams open, read from other threads to choose the least busy connection. */
  private final AtomicInteger active = new AtomicInteger();
  /** The stream whose HEADERS are being written, to be tied to the HTTP/2 stream they create. */
  private UpstreamStream opening;
  private ChannelHandlerContext ctx;

  private UpstreamStreams(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
    super(decoder, encoder, settings);
    key = connection().newKey();
    decoder.frameListener(this);
    connection().addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamAdded(Http2Stream stream) {
        if (opening != null) {
          stream.setProperty(key, opening);
          opening.http2 = stream;
          opening = null;
        }
      }

      @Override
      public void onStreamClosed(Http2Stream stream) {
        UpstreamStream s = stream.getProperty(key);
        if (s != null) {
          s.closed();
        }
      }
    });
  }

  /** A handler for a new connection (a client's: it sends the preface). */
  static UpstreamStreams create() {
    return new Builder().connection(FairHttp2Codec.connection(false)).build();
  }

  private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<UpstreamStreams, Builder> {
    Builder() {
      // A client's connection (the connection says so). As Netty's frame codec had it: closing the connection does not wait for its streams.
      gracefulShutdownTimeoutMillis(0);
      // The answers come from the proxy's own services, not from the network: their headers are
      // not validated again here (the client's request headers are, at the client edge).
      validateHeaders(false);
    }

    @Override
    public Builder connection(Http2Connection connection) {
      return super.connection(connection);
    }

    @Override
    public UpstreamStreams build() {
      return super.build();
    }

    @Override
    protected UpstreamStreams build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
        Http2Settings settings) {
      return new UpstreamStreams(decoder, encoder, settings);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    super.handlerAdded(ctx);
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  Channel channel() {
    return ctx.channel();
  }

  /** Streams open on this connection. */
  int active() {
    return active.get();
  }

  /**
   * A new stream; it opens on the wire with the first HEADERS written. Call on the event loop.
   *
   * @param listener what happens on it
   * @param inFlight also counts it while it is open, if not null
   * @return the stream, or null if the connection closed
   */
  UpstreamStream open(UpstreamStream.Listener listener, AtomicInteger inFlight) {
    if (ctx == null || !ctx.channel().isActive()) {
      return null;
    }
    UpstreamStream s = new UpstreamStream(this, listener, inFlight);
    active.incrementAndGet();
    if (inFlight != null) {
      inFlight.incrementAndGet();
    }
    return s;
  }

  void forget(UpstreamStream s) {
    active.decrementAndGet();
  }

  /**
   * Writes the HEADERS that open a stream, with the next stream id.
   *
   * @return the write's promise, or null if the connection has no stream id left
   */
  ChannelPromise writeOpening(UpstreamStream s, Http2Headers headers, boolean endStream) {
    int id = connection().local().incrementAndGetNextStreamId();
    if (id < 0) {
      return null;
    }
    ChannelPromise promise = ctx.newPromise();
    opening = s;
    try {
      encoder().writeHeaders(ctx, id, headers, 0, endStream, promise);
    } finally {
      opening = null;
    }
    return promise;
  }

  void writeHeaders(Http2Stream stream, Http2Headers headers, boolean endStream) {
    encoder().writeHeaders(ctx, stream.id(), headers, 0, endStream, ctx.newPromise());
  }

  void writeData(Http2Stream stream, ByteBuf data, boolean endStream) {
    ChannelPromise promise = ctx.newPromise();
    if (!DirectData.write(this, ctx, stream, data, endStream, promise)) {
      encoder().writeData(ctx, stream.id(), data, 0, endStream, promise);
    }
  }

  void reset(Http2Stream stream) {
    resetStream(ctx, stream.id(), Http2Error.CANCEL.code(), ctx.newPromise());
    flush(ctx);
  }

  /** Flushes what was written (flow-controlled frames included). */
  void flush() {
    flush(ctx);
  }

  /** Returns DATA bytes the listener took to the upstream's flow-control window. */
  void consume(Http2Stream stream, int bytes) {
    if (bytes == 0 || stream.state() == Http2Stream.State.CLOSED) {
      return;
    }
    try {
      connection().local().flowController().consumeBytes(stream, bytes);
    } catch (Http2Exception e) {
      onError(ctx, false, e);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof Http2PingFrame ping) {
      // The health check's PING.
      encoder().writePing(ctx, ping.ack(), ping.content(), promise);
      return;
    }
    super.write(ctx, msg, promise);
  }

  private UpstreamStream stream(int streamId) {
    Http2Stream s = connection().stream(streamId);
    UpstreamStream u = s == null ? null : s.getProperty(key);
    return u == null || u.isClosed() ? null : u;
  }

  private void readThisTurn(UpstreamStream s) {
    if (!s.readThisTurn) {
      s.readThisTurn = true;
      readThisTurn.add(s);
    }
  }

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
    int bytes = data.readableBytes() + padding;
    UpstreamStream s = stream(streamId);
    if (s == null) {
      return bytes;
    }
    readThisTurn(s);
    return s.data(data, bytes, endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) {
    UpstreamStream s = stream(streamId);
    if (s != null) {
      readThisTurn(s);
      s.headers(headers, endOfStream);
    }
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endOfStream) {
    onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    for (int i = 0; i < readThisTurn.size(); i++) {
      readThisTurn.get(i).readComplete();
    }
    readThisTurn.clear();
    // Then the connection handler flushes (the WINDOW_UPDATEs of the DATA taken in this read).
    super.channelReadComplete(ctx);
  }

  @Override
  public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    ctx.fireChannelRead(new DefaultHttp2PingFrame(data, true));
  }

  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    // The connection has closed the streams past lastStreamId already; the health check marks it draining.
    ctx.fireChannelRead(new DefaultHttp2GoAwayFrame(errorCode, debugData.retain()));
  }

  // The rest is the connection handler's business (it answers PINGs and SETTINGS itself).

  @Override
  public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
      boolean exclusive) {}

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {}

  @Override
  public void onSettingsAckRead(ChannelHandlerContext ctx) {}

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {}

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) {}

  @Override
  public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
      int padding) {}

  @Override
  public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {}

  @Override
  public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
      ByteBuf payload) {}
}
