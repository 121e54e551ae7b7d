package dev.coclone.netty;

import dev.coclone.wire.CoCloneWire;
import dev.coclone.wire.ErrorShape;
import dev.coclone.wire.WireError;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Netty's aggregator of a request's body up to {@link ServerLimits#maxBodyBytes()}, whose answer
 * to a bigger body says what happened and what to do, in the protocol of the route asked (Netty's
 * own is an empty 413). The HTTP/2 stream is closed after it. An HTTP/1.1 connection is closed once
 * the rest of the body has come (read and dropped) or after {@link #LINGER_SECONDS}, whichever is
 * first: closing a socket with unread bytes in it sends the client a TCP reset, which can destroy
 * the 413 before the client reads it (a client still sending its body then sees the connection
 * reset instead of the answer). One per request pipeline.
 */
final class BodyLimit extends HttpObjectAggregator {
  /** How long an HTTP/1.1 connection keeps reading (and dropping) a refused body at most. */
  static final int LINGER_SECONDS = 5;
  private final Routes routes;
  /** The 413 written to an HTTP/1.1 connection, once a body is refused; then the rest is dropped. */
  private ChannelFuture answer;

  BodyLimit(Routes routes, int maxBodyBytes) {
    super(maxBodyBytes);
    this.routes = routes;
  }

  /**
   * A body over the limit announced with {@code Expect: 100-continue} (curl sends it for bodies over
   * 1 MB) is answered like any other, by {@link #handleOversizedMessage}, in the route's shape;
   * Netty's own answer to it is an empty 413.
   */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
      return null;
    }
    return super.newContinueResponse(start, maxContentLength, pipeline);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest request)) {
      ctx.close();
      return;
    }
    // The path as the request handler routes it (decoded), so the 413 takes that route's shape.
    String path = new QueryStringDecoder(request.uri()).path();
    Routes.Match match = routes.find(request.method().name(), path);
    ErrorShape shape = match == null ? null : match.route().errorShape();
    WireError error = new WireError(413, "request_too_large", "the request body is over " + maxContentLength()
        + " bytes, the most this server takes; send less (a shorter prefix and suffix, or fewer files)");
    String body = (shape != null ? shape : new CoCloneWire()).errorBody(error);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (!(ctx.channel() instanceof DuplexChannel)) {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    answer = ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    boolean last = msg instanceof LastHttpContent;
    if (answer == null) {
      super.channelRead(ctx, msg);
    } else {
      // The rest of a refused body: dropped, never a request of its own.
      ReferenceCountUtil.release(msg);
    }
    if (answer != null && last) {
      answer.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
