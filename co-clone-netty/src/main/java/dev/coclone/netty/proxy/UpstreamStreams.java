package dev.coclone.netty.proxy;

import dev.coclone.netty.FairHttp2Codec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.Http2WindowUpdateFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams of one pooled upstream connection, in place of Netty's multiplexer: each stream is
 * an {@link UpstreamStream} (no child channel), frames read are handed to its listener, each
 * stream that read something hears of the read's end once, and a stream's close (its end, a
 * reset, GOAWAY, the connection closing) is told to it once. Frames of streams it does not know
 * are released; everything that is not a stream's goes on down the pipeline (PINGs, GOAWAY).
 * Sits right after the frame codec. One per connection; used on its event loop only.
 */
final class UpstreamStreams extends Http2ChannelDuplexHandler {
  private final Map<Http2FrameStream, UpstreamStream> streams = new HashMap<>();
  private final List<UpstreamStream> readThisTurn = new ArrayList<>(4);
  /** Streams open, read from other threads to choose the least busy connection. */
  private final AtomicInteger active = new AtomicInteger();
  private ChannelHandlerContext ctx;
  private Http2Connection http2;

  @Override
  protected void handlerAdded0(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.http2 = ctx.pipeline().get(Http2FrameCodec.class).connection();
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
    if (!ctx.channel().isActive()) {
      return null;
    }
    UpstreamStream s = new UpstreamStream(this, newStream(), listener, inFlight);
    streams.put(s.frameStream, s);
    active.incrementAndGet();
    if (inFlight != null) {
      inFlight.incrementAndGet();
    }
    return s;
  }

  void forget(UpstreamStream s) {
    if (streams.remove(s.frameStream) != null) {
      active.decrementAndGet();
    }
  }

  /** Returns DATA bytes the listener took to the upstream's flow-control window. */
  void consume(Http2FrameStream frameStream, int bytes) {
    FairHttp2Codec.consume(ctx, http2, frameStream.id(), bytes);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2StreamFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    UpstreamStream s = streams.get(frame.stream());
    if (s == null || msg instanceof Http2WindowUpdateFrame) {
      // A reset closes its stream, which the state event tells.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!s.readThisTurn) {
      s.readThisTurn = true;
      readThisTurn.add(s);
    }
    s.read(frame);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    for (int i = 0; i < readThisTurn.size(); i++) {
      readThisTurn.get(i).readComplete();
    }
    readThisTurn.clear();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2FrameStreamEvent e) {
      if (e.type() == Http2FrameStreamEvent.Type.State && e.stream().state() == Http2Stream.State.CLOSED) {
        UpstreamStream s = streams.get(e.stream());
        if (s != null) {
          s.closed();
        }
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException e) {
      // A stream's own error (the upstream broke the protocol on it): that stream is reset.
      UpstreamStream s = streams.get(e.stream());
      if (s != null) {
        s.close();
      }
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // The codec closes every stream as the connection goes; any left are closed here.
    if (!streams.isEmpty()) {
      for (UpstreamStream s : new ArrayList<>(streams.values())) {
        s.closed();
      }
    }
    ctx.fireChannelInactive();
  }
}
