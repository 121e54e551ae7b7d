package dev.coclone.netty.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One request relayed frame by frame between a client's HTTP/2 stream and a stream on a pooled
 * upstream connection. Frames are passed on with their buffers (a new frame around the same
 * content, since a frame belongs to its stream); each side is flushed once per read. Normally both
 * streams live on one event loop; when the upstream stream had to be opened on another, its
 * events are handed to the client's loop, so all state is touched by one thread.
 * <ul>
 *   <li>The client resets its stream or goes away: the upstream stream is reset, which cancels
 *       the completion in the service.</li>
 *   <li>The upstream stream ends before the answer: 502 {@code upstream_reset} if nothing was
 *       answered yet, else the client's stream is reset.</li>
 *   <li>The client reads slower than the upstream answers: the upstream stream stops reading (and
 *       so stops granting flow-control window) until the client's stream is writable again.</li>
 * </ul>
 * One per relayed request; not sharable.
 */
final class RelayedStream extends ChannelInboundHandlerAdapter {
  private final FrameRelay relay;
  private final Http2Headers upstreamHeaders;
  private final boolean headersEndRequest;
  private ChannelHandlerContext client;
  private Http2StreamChannel upstream;
  private ArrayDeque<Object> pending;
  private boolean opening;
  private boolean answered;
  private boolean finished;
  private boolean clientGone;
  private long bodyBytes;

  RelayedStream(FrameRelay relay, Http2Headers upstreamHeaders, boolean headersEndRequest) {
    this.relay = relay;
    this.upstreamHeaders = upstreamHeaders;
    this.headersEndRequest = headersEndRequest;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    client = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (finished || clientGone) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!opening) {
      // The request's own HEADERS frame: its headers were copied into upstreamHeaders.
      ReferenceCountUtil.release(msg);
      opening = true;
      open();
      return;
    }
    Object out;
    if (msg instanceof Http2DataFrame d) {
      bodyBytes += d.content().readableBytes();
      if (bodyBytes > relay.maxBodyBytes()) {
        d.release();
        fail(413, "request_too_large", "the request body exceeds " + relay.maxBodyBytes() + " bytes");
        return;
      }
      out = new DefaultHttp2DataFrame(d.content(), d.isEndStream());
    } else if (msg instanceof Http2HeadersFrame h) {
      out = new DefaultHttp2HeadersFrame(h.headers(), h.isEndStream()); // trailers
    } else {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (upstream != null) {
      upstream.write(out);
      if (out instanceof Http2DataFrame d && d.isEndStream() || out instanceof Http2HeadersFrame h && h.isEndStream()) {
        upstream.flush();
      }
    } else {
      if (pending == null) {
        pending = new ArrayDeque<>(2);
      }
      pending.add(out);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (upstream != null) {
      upstream.flush();
    }
  }

  private void open() {
    UpstreamPool pool = relay.pool();
    Http2StreamChannel here = pool.openStreamHere(new Upstream());
    if (here != null) {
      opened(here);
      return;
    }
    pool.openStream(new Upstream()).whenComplete((stream, err) -> client.executor().execute(() -> {
      if (err != null) {
        relay.metrics().upstreamError("unreachable");
        fail(502, "upstream_unreachable", "the completion service behind this proxy cannot be reached ("
            + err.getMessage() + "); try again shortly or use another region");
      } else {
        opened(stream);
      }
    }));
  }

  private void opened(Http2StreamChannel stream) {
    upstream = stream;
    if (clientGone || finished) {
      stream.close();
      releasePending();
      return;
    }
    stream.write(new DefaultHttp2HeadersFrame(upstreamHeaders, headersEndRequest));
    if (pending != null) {
      Object f;
      while ((f = pending.poll()) != null) {
        stream.write(f);
      }
    }
    stream.flush();
    relay.reachedUpstream();
  }

  /** Answers an error of the proxy's own, unless an answer was started; then resets the client's stream. */
  private void fail(int status, String code, String message) {
    if (finished || clientGone) {
      return;
    }
    finished = true;
    if (upstream != null) {
      upstream.close();
    }
    releasePending();
    if (answered) {
      client.close();
      return;
    }
    answered = true;
    byte[] body = ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + jsonEscape(message) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(status)).set("content-type", "application/json")
        .setInt("content-length", body.length);
    client.write(new DefaultHttp2HeadersFrame(h, false));
    client.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private void releasePending() {
    if (pending != null) {
      Object f;
      while ((f = pending.poll()) != null) {
        ReferenceCountUtil.release(f);
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (upstream != null) {
      upstream.config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    clientGone = true;
    releasePending();
    if (upstream != null && !finished) {
      // The client reset its stream or went away: the upstream stream is reset, the completion stops.
      upstream.close();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.fireExceptionCaught(cause);
  }

  private void fromUpstream(Object msg) {
    if (clientGone || finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    // The upstream stream closes after its last frame without a read-complete event: flush at the end.
    if (msg instanceof Http2HeadersFrame h) {
      answered = true;
      write(new DefaultHttp2HeadersFrame(h.headers(), h.isEndStream()), h.isEndStream());
    } else if (msg instanceof Http2DataFrame d) {
      write(new DefaultHttp2DataFrame(d.content(), d.isEndStream()), d.isEndStream());
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void write(Object frame, boolean end) {
    if (end) {
      finished = true;
      client.writeAndFlush(frame);
    } else {
      client.write(frame);
    }
  }

  private void upstreamClosed() {
    if (!finished && !clientGone) {
      fail(502, "upstream_reset", "the completion service dropped the request; try again");
    }
  }

  /** The upstream stream's side: passes everything to the client's side, on the client's loop. */
  private final class Upstream extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (client.executor().inEventLoop()) {
        fromUpstream(msg);
      } else {
        client.executor().execute(() -> fromUpstream(msg));
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (client.executor().inEventLoop()) {
        client.flush();
      } else {
        client.executor().execute(client::flush);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (client.executor().inEventLoop()) {
        upstreamClosed();
      } else {
        client.executor().execute(RelayedStream.this::upstreamClosed);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
