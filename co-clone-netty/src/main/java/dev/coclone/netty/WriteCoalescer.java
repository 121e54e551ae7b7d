package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the small buffers written on an HTTP/2 connection between two flushes into one: Netty's
 * HTTP/2 frame writer writes every frame as two or more buffers (the 9-byte frame header, then a
 * slice of the header block or of the DATA), and each buffer costs the socket's flush an entry, a
 * promise to complete and a NIO buffer of its own. A relayed request is eight such small buffers
 * (its HEADERS and DATA on each leg); copied into one, they are one entry per flush. Buffers
 * larger than {@value #SMALL} bytes are written as they are, after what was gathered, so the order
 * of the bytes never changes. The promises of gathered writes complete (or fail) with the write of
 * the buffer they were copied into. Sits right after the connection's first handler, on the
 * relaying connections only (the client edge of a server with a {@link StreamRelay} and a proxy's
 * pooled upstream connections). One per connection.
 */
public final class WriteCoalescer extends ChannelOutboundHandlerAdapter {
  /** Buffers up to this size are copied; larger ones are written as they are. */
  static final int SMALL = 1024;
  private ByteBuf gathered;
  private List<ChannelPromise> promises;

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf b) || b.readableBytes() > SMALL) {
      writeGathered(ctx);
      ctx.write(msg, promise);
      return;
    }
    if (gathered == null) {
      gathered = ctx.alloc().directBuffer(4096);
    } else if (gathered.writableBytes() < b.readableBytes() && gathered.readableBytes() + b.readableBytes() > 16384) {
      writeGathered(ctx);
      gathered = ctx.alloc().directBuffer(4096);
    }
    gathered.writeBytes(b);
    b.release();
    if (!promise.isVoid()) {
      if (promises == null) {
        promises = new ArrayList<>(8);
      }
      promises.add(promise);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    writeGathered(ctx);
    ctx.flush();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
    // What was written before the close goes out first (a GOAWAY, the last answers).
    writeGathered(ctx);
    super.close(ctx, promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (gathered != null) {
      gathered.release();
      gathered = null;
    }
    if (promises != null) {
      for (ChannelPromise p : promises) {
        p.tryFailure(new IllegalStateException("the connection's write coalescer was removed"));
      }
      promises = null;
    }
  }

  private void writeGathered(ChannelHandlerContext ctx) {
    ByteBuf g = gathered;
    if (g == null) {
      return;
    }
    gathered = null;
    List<ChannelPromise> waiting = promises;
    promises = null;
    if (waiting == null) {
      ctx.write(g, ctx.voidPromise());
      return;
    }
    if (waiting.size() == 1) {
      ctx.write(g, waiting.get(0));
      return;
    }
    ctx.write(g).addListener(new Completes(waiting));
  }

  /** Completes the gathered writes' promises as their shared write completes. */
  private static final class Completes implements ChannelFutureListener {
    private final List<ChannelPromise> promises;

    Completes(List<ChannelPromise> promises) {
      this.promises = promises;
    }

    @Override
    public void operationComplete(ChannelFuture f) {
      Throwable cause = f.cause();
      for (int i = 0; i < promises.size(); i++) {
        if (cause == null) {
          promises.get(i).trySuccess();
        } else {
          promises.get(i).tryFailure(cause);
        }
      }
    }
  }
}
