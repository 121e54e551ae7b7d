package dev.coclone.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Answers a broken HTTP/1.1 request with the project's JSON error and closes the connection. */
final class Http1Reject {
  private Http1Reject() {}

  /** Writes {@code {"error": {"code", "message"}}} with {@code Connection: close}, then closes. */
  static void reject(ChannelHandlerContext ctx, int status, String code, String message) {
    String body = body(code, message);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  /** The same, as raw bytes, for a handler that sits before the HTTP codec. */
  static void rejectRaw(ChannelHandlerContext ctx, int status, String code, String message) {
    byte[] body = body(code, message).getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + HttpResponseStatus.valueOf(status) + "\r\ncontent-type: application/json\r\n"
        + "content-length: " + body.length + "\r\nconnection: close\r\n\r\n";
    ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private static String body(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\")
        .replace("\"", "\\\"") + "\"}}";
  }
}
