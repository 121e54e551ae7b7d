package dev.coclone.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Chooses the lane of one HTTP/2 stream at its first HEADERS frame: a request that names an
 * allowed host and that only the fallback route would take is offered to the {@link StreamRelay};
 * anything else, and whatever the relay declines, gets the usual handlers (HTTP objects, the
 * aggregator, the {@link RequestHandler}), which answer it as before (403, 404, 401, ...). Then
 * it steps out of the pipeline. One per stream.
 */
final class StreamLane extends ChannelInboundHandlerAdapter {
  private final ServerContext context;
  private final StreamRelay relay;
  private final int maxBodyBytes;

  StreamLane(ServerContext context, StreamRelay relay, int maxBodyBytes) {
    this.context = context;
    this.relay = relay;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ChannelPipeline p = ctx.pipeline();
    ChannelHandler taken = msg instanceof Http2HeadersFrame h ? offer(ctx, h) : null;
    if (taken != null) {
      p.addAfter(ctx.name(), null, taken);
    } else {
      p.addAfter(ctx.name(), null, new RequestHandler(context));
      p.addAfter(ctx.name(), null, new BodyLimit(context.routes(), maxBodyBytes));
      p.addAfter(ctx.name(), null, new Http2StreamFrameToHttpObjectCodec(true));
    }
    p.remove(this);
    ctx.fireChannelRead(msg);
  }

  private ChannelHandler offer(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
    Http2Headers h = frame.headers();
    CharSequence method = h.method();
    CharSequence target = h.path();
    if (method == null || target == null || !(ctx.channel() instanceof Http2StreamChannel stream)
        || !hostsAllowed(h, stream)) {
      return null;
    }
    String path = target.toString();
    int q = path.indexOf('?');
    Routes.Match match = context.routes().find(method.toString(), q < 0 ? path : path.substring(0, q));
    if (match == null || match != context.routes().fallbackMatch()) {
      return null;
    }
    ChannelHandler taken = relay.take(frame, stream);
    if (taken != null) {
      context.metrics().request(match.name());
    }
    return taken;
  }

  /** The same rule as {@link RequestHandler}'s: {@code :authority} and every {@code host} must be allowed. */
  private boolean hostsAllowed(Http2Headers h, Http2StreamChannel stream) {
    int port = stream.parent().localAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
    CharSequence authority = h.authority();
    List<CharSequence> hosts = h.getAll("host");
    if (authority == null && hosts.isEmpty()) {
      return false;
    }
    if (authority != null && !context.hosts().allows(authority.toString(), port)) {
      return false;
    }
    for (CharSequence host : hosts) {
      if (!context.hosts().allows(host.toString(), port)) {
        return false;
      }
    }
    return true;
  }
}
