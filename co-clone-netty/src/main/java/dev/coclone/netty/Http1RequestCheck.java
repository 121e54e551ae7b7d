package dev.coclone.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Rejects HTTP/1.x requests RFC 9112 calls invalid before any route sees them: a version other
 * than 1.0 or 1.1 (505), an HTTP/1.1 request without exactly one Host header (400), and a head
 * the codec could not parse (400). The connection is closed after the answer, and whatever the
 * client sends after it is dropped. One per HTTP/1.1 connection.
 */
final class Http1RequestCheck extends ChannelInboundHandlerAdapter {
  private final TransportLog log;
  private boolean rejected;

  Http1RequestCheck(TransportLog log) {
    this.log = log;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (rejected) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      String problem = problem(request);
      if (problem != null) {
        rejected = true;
        ReferenceCountUtil.release(msg);
        boolean version = problem.startsWith("HTTP version");
        log.peer(ctx.channel(), "bad HTTP/1.x request: " + problem);
        Http1Reject.reject(ctx, version ? 505 : 400, version ? "http_version_not_supported" : "bad_request",
            problem);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  private static String problem(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      return "the request head could not be parsed (" + request.decoderResult().cause().getMessage()
          + "); send a valid HTTP/1.1 request";
    }
    HttpVersion v = request.protocolVersion();
    if (!v.equals(HttpVersion.HTTP_1_1) && !v.equals(HttpVersion.HTTP_1_0)) {
      return "HTTP version " + v.text() + " is not supported; use HTTP/1.1 or HTTP/2";
    }
    List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
    if (v.equals(HttpVersion.HTTP_1_1) && hosts.size() != 1) {
      return (hosts.isEmpty() ? "no Host header" : hosts.size() + " Host headers")
          + "; an HTTP/1.1 request needs exactly one Host header";
    }
    if (hosts.size() > 1) {
      return hosts.size() + " Host headers; send one";
    }
    return null;
  }
}
