package dev.coclone.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.channel.ChannelPipeline;
import java.util.function.Function;

/**
 * Stands in for an HTTP/2 connection's multiplexer until its first stream: most connections of a
 * proxy or service sit idle most of the time (an editor opens one and keeps it), and Netty's
 * multiplexer with its queue and context is a few hundred bytes of each (a relay's flush
 * consolidation, the reset guard and the count of queued bytes too). At the first stream's event it puts the real one in its place and hands it
 * the event; until then it passes everything on (SETTINGS, PING, GOAWAY). Stateless and shared by a server's connections.
 */
@ChannelHandler.Sharable
final class FirstStream extends ChannelInboundHandlerAdapter {
  private final Function<ChannelPipeline, ChannelHandler> multiplexer;

  /**
   * Creates the stand-in.
   *
   * @param multiplexer sets up what a connection needs once it carries streams, and makes the
   *     multiplexer that takes this one's place
   */
  FirstStream(Function<ChannelPipeline, ChannelHandler> multiplexer) {
    this.multiplexer = multiplexer;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (!(evt instanceof Http2FrameStreamEvent)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    ChannelHandler real = multiplexer.apply(ctx.pipeline());
    ctx.pipeline().replace(this, null, real);
    ((ChannelInboundHandlerAdapter) real).userEventTriggered(ctx.pipeline().context(real), evt);
  }
}
