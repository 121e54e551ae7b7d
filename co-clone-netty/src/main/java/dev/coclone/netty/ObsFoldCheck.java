package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Rejects obsolete line folding (a header line continued on the next line that starts with a space
 * or tab) in HTTP/1.x request heads with 400, as RFC 9112 section 5.2 allows; Netty's decoder
 * would join the lines. Reads the plain bytes just before the codec, only while a request head
 * is arriving. One per HTTP/1.1 connection.
 */
final class ObsFoldCheck extends ChannelInboundHandlerAdapter {
  private final ConnectionGuard guard;
  private boolean inHead = true;
  private long headsSeen;
  private int lineLength;
  private boolean rejected;
  private boolean pastFirstLine;

  ObsFoldCheck(ConnectionGuard guard) {
    this.guard = guard;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (rejected) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (guard.isHttp2() || !(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!inHead && guard.requestsStarted() != headsSeen) {
      inHead = true;
      lineLength = 0;
    }
    if (inHead && folded(buf)) {
      rejected = true;
      buf.release();
      Http1Reject.rejectRaw(ctx, 400, "bad_request", "obsolete line folding in a header; send each header on one line");
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** Scans head bytes; true on a header line that starts with a space or tab (a continuation). */
  private boolean folded(ByteBuf buf) {
    for (int i = buf.readerIndex(); i < buf.writerIndex() && inHead; i++) {
      byte b = buf.getByte(i);
      if (b == '\n') {
        if (lineLength == 0 && pastFirstLine) {
          // The empty line: the head is over; the next starts once this request is complete.
          inHead = false;
          pastFirstLine = false;
          headsSeen = guard.requestsStarted();
        } else if (lineLength > 0) {
          pastFirstLine = true;
        }
        lineLength = 0;
      } else if (b != '\r') {
        if (lineLength == 0 && pastFirstLine && (b == ' ' || b == '\t')) {
          return true;
        }
        lineLength++;
      }
    }
    return false;
  }
}
