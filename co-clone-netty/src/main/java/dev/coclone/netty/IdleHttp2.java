package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Stands in for Netty's HTTP/2 frame codec on a server connection until the client asks for
 * something: most connections of a proxy or service sit idle most of the time (an editor opens
 * one and keeps it), and the codec's HPACK tables, connection, flow controllers and stream maps
 * are most of an idle connection's heap. It speaks the part of HTTP/2 an idle connection needs:
 * it sends the server's SETTINGS (the bytes the codec would), checks the client preface,
 * acknowledges the client's SETTINGS, answers PINGs, takes SETTINGS acknowledgements and
 * connection WINDOW_UPDATEs, says GOAWAY when the connection is closed, and cuts a peer whose
 * acknowledgements pile up unread (as the codec does, at
 * {@link Http2CodecUtil#DEFAULT_MAX_QUEUED_CONTROL_FRAMES}). It remembers what it saw: the client's
 * settings ({@link PeerSettings}), whether it acknowledged ours, and the connection window's increase.
 *
 * <p>At the first frame it does not handle alone (HEADERS, anything on a stream, GOAWAY, an
 * unknown type, or anything malformed, which the codec then answers as RFC 9113 asks) it installs
 * the codec after itself and hands it the connection's history as bytes: the client preface, the
 * client's settings, its acknowledgement and its WINDOW_UPDATE, then what is still unread. The
 * codec's own SETTINGS and its acknowledgements of the replayed settings are dropped on their way
 * out, since the client already had them; so the codec ends in the state it would have reached
 * had it been there from the start, and the client sees no frame twice. One per connection.
 */
final class IdleHttp2 extends ChannelDuplexHandler implements ChannelFutureListener {
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int SETTINGS = 4;
  private static final int PING = 6;
  private static final int WINDOW_UPDATE = 8;
  private static final int ACK = 1;

  /**
   * What a server's idle connections share.
   *
   * @param settingsFrame the server's SETTINGS frame, as the codec writes it
   * @param install       puts the frame codec and what follows it in the pipeline after the given context
   * @param errors        the handler that logs and closes for a connection's exceptions
   * @param graceMillis   how long a GOAWAY on close may take to be written before the connection closes anyway
   */
  record Shared(byte[] settingsFrame, Consumer<ChannelHandlerContext> install,
      BiConsumer<ChannelHandlerContext, Throwable> errors, long graceMillis) {}

  private final Shared shared;
  private ByteBuf unread;
  private PeerSettings peer;
  private int prefaceLeft = PREFACE.length;
  /** The client's increase of the connection's send window. */
  private int windowIncrease;
  private int queuedAcks;
  private boolean sawSettings;
  private boolean settingsAcked;
  private boolean wrote;
  private boolean handingOff;
  private boolean closing;

  IdleHttp2(Shared shared) {
    this.shared = shared;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(ctx.alloc().buffer(shared.settingsFrame.length).writeBytes(shared.settingsFrame));
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    handlerAdded(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (closing) {
      // After our GOAWAY (no stream processed) nothing the client sends is acted on.
      in.release();
      return;
    }
    unread = unread == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), unread, in);
    if (!readFrames(ctx)) {
      handOff(ctx);
    } else if (!unread.isReadable()) {
      unread.release();
      unread = null;
    } else if (unread.readerIndex() > 0) {
      // Only part of a frame is left: keep it alone, not the read bytes before it (they would
      // pile up, read after read, in a cumulation that is never emptied) nor the read's buffer.
      ByteBuf part = ctx.alloc().buffer(unread.readableBytes()).writeBytes(unread);
      unread.release();
      unread = part;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (wrote) {
      wrote = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  /** Reads the frames it handles alone; false at the first it leaves to the codec. */
  private boolean readFrames(ChannelHandlerContext ctx) {
    ByteBuf in = unread;
    if (prefaceLeft > 0) {
      int n = Math.min(prefaceLeft, in.readableBytes());
      for (int i = 0; i < n; i++) {
        if (in.getByte(in.readerIndex() + i) != PREFACE[PREFACE.length - prefaceLeft + i]) {
          return false;
        }
      }
      in.skipBytes(n);
      prefaceLeft -= n;
    }
    while (prefaceLeft == 0 && !closing && in.readableBytes() >= Http2CodecUtil.FRAME_HEADER_LENGTH) {
      int at = in.readerIndex();
      int length = in.getUnsignedMedium(at);
      int type = in.getUnsignedByte(at + 3);
      int flags = in.getUnsignedByte(at + 4);
      if (!handles(type, flags, length, in.getInt(at + 5) & 0x7fffffff)) {
        return false;
      }
      if (in.readableBytes() < Http2CodecUtil.FRAME_HEADER_LENGTH + length) {
        return true;
      }
      if (!frame(ctx, type, flags, in, at + Http2CodecUtil.FRAME_HEADER_LENGTH, length)) {
        return false;
      }
      in.skipBytes(Http2CodecUtil.FRAME_HEADER_LENGTH + length);
    }
    return true;
  }

  /** Whether a frame with this head is one to handle here (the codec checks the first is SETTINGS). */
  private boolean handles(int type, int flags, int length, int stream) {
    if (stream != 0 || (!sawSettings && (type != SETTINGS || (flags & ACK) != 0))) {
      return false;
    }
    return switch (type) {
      case SETTINGS -> (flags & ACK) != 0 ? length == 0
          : length % 6 == 0 && length <= Http2CodecUtil.DEFAULT_MAX_FRAME_SIZE;
      case PING -> length == 8;
      case WINDOW_UPDATE -> length == 4;
      default -> false;
    };
  }

  /** Handles one whole frame; false, having changed nothing, if the codec must answer it. */
  private boolean frame(ChannelHandlerContext ctx, int type, int flags, ByteBuf in, int payload, int length) {
    if (type == WINDOW_UPDATE) {
      int increase = in.getInt(payload) & 0x7fffffff;
      if (increase == 0 || increase > Integer.MAX_VALUE - Http2CodecUtil.DEFAULT_WINDOW_SIZE - windowIncrease) {
        return false;
      }
      windowIncrease += increase;
    } else if (type == PING) {
      if ((flags & ACK) == 0) {
        ByteBuf ack = ctx.alloc().buffer(17).writeMedium(8).writeByte(PING).writeByte(ACK).writeInt(0);
        acknowledge(ctx, ack.writeBytes(in, payload, 8));
      }
    } else if ((flags & ACK) != 0) {
      // An acknowledgement beyond the one our SETTINGS asked for is ignored by the codec as well.
      settingsAcked = true;
    } else {
      if (length > 0) {
        PeerSettings merged = peer == null ? new PeerSettings() : peer;
        if (!merged.merge(in, payload, length)) {
          return false;
        }
        peer = merged;
      }
      sawSettings = true;
      ByteBuf ack = ctx.alloc().buffer(9);
      PeerSettings.frameHead(ack, 0, ACK);
      acknowledge(ctx, ack);
    }
    return true;
  }

  /** Writes an acknowledgement, and cuts the connection if too many are still unwritten. */
  private void acknowledge(ChannelHandlerContext ctx, ByteBuf ack) {
    queuedAcks++;
    wrote = true;
    ctx.write(ack).addListener(this);
    if (queuedAcks == Http2CodecUtil.DEFAULT_MAX_QUEUED_CONTROL_FRAMES) {
      ctx.flush();
    }
    if (queuedAcks > Http2CodecUtil.DEFAULT_MAX_QUEUED_CONTROL_FRAMES && !closing) {
      closing = true;
      String why = "Maximum number " + Http2CodecUtil.DEFAULT_MAX_QUEUED_CONTROL_FRAMES
          + " of outstanding control frames reached";
      ctx.writeAndFlush(goAway(ctx, Http2Error.ENHANCE_YOUR_CALM, why));
      shared.errors.accept(ctx, Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM, why));
      ctx.close();
    }
  }

  /** An acknowledgement was written (or failed with the connection). */
  @Override
  public void operationComplete(ChannelFuture future) {
    queuedAcks--;
  }

  private static ByteBuf goAway(ChannelHandlerContext ctx, Http2Error error, String debug) {
    byte[] text = debug.getBytes(StandardCharsets.US_ASCII);
    return ctx.alloc().buffer(17 + text.length).writeMedium(8 + text.length).writeByte(7).writeByte(0).writeInt(0)
        .writeInt(0).writeInt((int) error.code()).writeBytes(text);
  }

  /**
   * Installs the codec, replays the connection's history to it with its answers to that history
   * dropped, leaves the pipeline and hands it the unread bytes.
   */
  private void handOff(ChannelHandlerContext ctx) {
    ByteBuf rest = unread;
    unread = null;
    ByteBuf history = ctx.alloc().buffer(128);
    history.writeBytes(PREFACE, 0, PREFACE.length - prefaceLeft);
    if (sawSettings) {
      if (peer != null) {
        peer.writeFrames(history);
      } else {
        PeerSettings.frameHead(history, 0, 0);
      }
    }
    if (settingsAcked) {
      PeerSettings.frameHead(history, 0, ACK);
    }
    if (windowIncrease > 0) {
      history.writeMedium(4).writeByte(WINDOW_UPDATE).writeByte(0).writeInt(0).writeInt(windowIncrease);
    }
    handingOff = true;
    try {
      shared.install.accept(ctx);
      ctx.fireChannelRead(history);
    } finally {
      handingOff = false;
    }
    ctx.pipeline().remove(this);
    if (rest.isReadable()) {
      ctx.fireChannelRead(rest);
    } else {
      rest.release();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (handingOff && msg instanceof ByteBuf b && b.readableBytes() >= Http2CodecUtil.FRAME_HEADER_LENGTH
        && b.getUnsignedByte(b.readerIndex() + 3) == SETTINGS) {
      // The codec's SETTINGS (already sent by this handler) or its acknowledgement of replayed ones.
      b.release();
      promise.trySuccess();
      return;
    }
    ctx.write(msg, promise);
  }

  /** Says GOAWAY (NO_ERROR, no stream processed), as the codec does, before the connection closes. */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (closing || !ctx.channel().isActive()) {
      ctx.close(promise);
      return;
    }
    closing = true;
    ChannelFuture written = ctx.writeAndFlush(goAway(ctx, Http2Error.NO_ERROR, ""));
    Runnable close = () -> {
      if (!promise.isDone()) {
        ctx.close(promise);
      }
    };
    var timeout = ctx.executor().schedule(close, shared.graceMillis, TimeUnit.MILLISECONDS);
    written.addListener(f -> {
      timeout.cancel(false);
      close.run();
    });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    shared.errors.accept(ctx, cause);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (unread != null) {
      unread.release();
      unread = null;
    }
  }
}
