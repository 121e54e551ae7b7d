package dev.coclone.netty;

import dev.coclone.wire.CoCloneWire;
import dev.coclone.wire.ErrorShape;
import dev.coclone.wire.WireError;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Netty's aggregator of a request's body up to {@link ServerLimits#maxBodyBytes()}, whose answer
 * to a bigger body says what happened and what to do, in the protocol of the route asked (Netty's
 * own is an empty 413). The connection (HTTP/1.1) or stream (HTTP/2) is closed after it, since the
 * rest of the body is not read. One per request pipeline.
 */
final class BodyLimit extends HttpObjectAggregator {
  private final Routes routes;

  BodyLimit(Routes routes, int maxBodyBytes) {
    super(maxBodyBytes);
    this.routes = routes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest request)) {
      ctx.close();
      return;
    }
    String path = request.uri();
    int q = path.indexOf('?');
    path = q < 0 ? path : path.substring(0, q);
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
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
