package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * A relayed stream's small DATA frame written straight to its connection, when nothing of the
 * stream waits in Netty's remote flow controller and the stream's and the connection's windows
 * (and the socket) take it whole: one buffer holding the frame's header and bytes, one write, the
 * windows lowered by its size as the flow controller would have. Netty's encoder queues every
 * DATA frame in the flow controller (a queued-frame object with its own buffer queue, the
 * distributor's state) and writes it at the next flush as a frame header and a slice, with a
 * promise aggregator and a promise and listener of its own; for the relay's small frames, which
 * nearly always fit, that was most of a DATA frame's cost (docs/benchmarks.md, relay7). A frame
 * that does not fit, a large one, or one of a stream with frames queued goes through the encoder
 * as before, so the order of a stream's frames and what the windows allow never change, and a
 * stream's writability (its window less what waits) is told as before. A write that fails fails
 * its promise; the socket's error closes the connection, as it does for frames the encoder wrote.
 */
public final class DirectData {
  /** Frames up to this size (header included) are written directly: the size {@link WriteCoalescer} gathers. */
  static final int MAX_FRAME = WriteCoalescer.SMALL;
  private static final int FRAME_HEADER = 9;
  private static final byte DATA = 0x0;
  private static final byte END_STREAM = 0x1;

  private DirectData() {}

  /**
   * Writes a DATA frame straight to the connection if it fits, as described above.
   *
   * @param handler   the connection's HTTP/2 handler (its encoder, flow controller and streams)
   * @param ctx       the handler's context, where the encoder writes
   * @param stream    the stream
   * @param data      the bytes; released if written here
   * @param endStream whether they end the stream
   * @param promise   completed when the frame is written; a real promise (not the void one)
   * @return whether it was written here; if not, nothing was done and the caller writes it with the encoder
   */
  public static boolean write(Http2ConnectionHandler handler, ChannelHandlerContext ctx, Http2Stream stream,
      ByteBuf data, boolean endStream, ChannelPromise promise) {
    int size = data.readableBytes();
    if (stream == null || size + FRAME_HEADER > MAX_FRAME || !ctx.channel().isWritable()) {
      return false;
    }
    Http2Stream.State state = stream.state();
    if (state != Http2Stream.State.OPEN && state != Http2Stream.State.HALF_CLOSED_REMOTE) {
      return false;
    }
    Http2RemoteFlowController flow = handler.encoder().flowController();
    Http2Stream connectionStream = handler.connection().connectionStream();
    if (flow.hasFlowControlled(stream) || flow.windowSize(stream) < size || flow.windowSize(connectionStream) < size) {
      return false;
    }
    try {
      flow.incrementWindowSize(stream, -size);
      flow.incrementWindowSize(connectionStream, -size);
    } catch (Http2Exception e) {
      // Lowering a window that holds the size cannot overflow it.
      throw new IllegalStateException(e);
    }
    ByteBuf frame = ctx.alloc().buffer(FRAME_HEADER + size);
    frame.writeMedium(size).writeByte(DATA).writeByte(endStream ? END_STREAM : 0).writeInt(stream.id());
    frame.writeBytes(data, data.readerIndex(), size);
    data.release();
    ctx.write(frame, promise);
    if (endStream) {
      // As the encoder does once the last DATA is written: the stream closes on this side.
      handler.closeStreamLocal(stream, promise);
    }
    return true;
  }
}
