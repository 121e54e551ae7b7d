package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Counts the response bytes of one connection that are written but not yet on the wire: for
 * HTTP/2 it sits between the frame codec and the streams' handler (set up with the first
 * stream), so DATA held back by the client's flow-control window counts; for HTTP/1.1 it sits
 * after the codec. Reports to the connection's
 * {@link ConnectionGuard}, which closes slow readers. One per connection.
 */
final class QueuedBytes extends ChannelOutboundHandlerAdapter {
  private final ConnectionGuard guard;

  QueuedBytes(ConnectionGuard guard) {
    this.guard = guard;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    long size = msg instanceof ByteBufHolder h ? h.content().readableBytes()
        : msg instanceof ByteBuf b ? b.readableBytes() : 0;
    if (size == 0) {
      ctx.write(msg, promise);
      return;
    }
    guard.queued(size);
    ChannelPromise p = promise.unvoid();
    // Listeners run on the channel's event loop, as the guard wants.
    p.addListener(f -> guard.queued(-size));
    ctx.write(msg, p);
  }
}
