package dev.coclone.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;

/**
 * Netty's HTTP/2 frame codec builder with a connection whose outgoing DATA is shared evenly among
 * the streams ({@link UniformStreamByteDistributor}) instead of by Netty's priority tree, which
 * RFC 9113 deprecates and which the profile of {@code bench proxy} showed at several per cent of
 * a proxy's CPU and a few hundred bytes per idle connection. Make one builder per connection.
 */
public final class FairHttp2Codec extends Http2FrameCodecBuilder {
  private FairHttp2Codec(DefaultHttp2Connection connection) {
    connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection,
        new UniformStreamByteDistributor(connection)));
    connection(connection);
  }

  /**
   * A builder for a server's connection.
   *
   * @return the builder
   */
  public static Http2FrameCodecBuilder forServer() {
    return new FairHttp2Codec(new DefaultHttp2Connection(true));
  }

  /** A builder for the connection of a server with a {@link StreamRelay} ({@link EdgeStreams}). */
  static Http2FrameCodecBuilder forRelayServer() {
    return new FairHttp2Codec(new EdgeConnection());
  }

  /**
   * A builder for a client's connection.
   *
   * @return the builder
   */
  public static Http2FrameCodecBuilder forClient() {
    return new FairHttp2Codec(new DefaultHttp2Connection(false));
  }

  /**
   * Returns DATA bytes a handler has taken to the peer's flow-control window of a stream handled
   * without a child channel. The WINDOW_UPDATE goes out with the codec's flush at the end of the
   * read. Call on the connection's event loop.
   *
   * @param ctx        the context of the handler that took the bytes, for a flow-control error
   * @param connection the codec's connection
   * @param streamId   the stream
   * @param bytes      how many bytes; 0 does nothing, as does a stream already gone
   */
  public static void consume(ChannelHandlerContext ctx, Http2Connection connection, int streamId, int bytes) {
    Http2Stream stream = connection.stream(streamId);
    if (stream == null || bytes == 0) {
      return;
    }
    try {
      connection.local().flowController().consumeBytes(stream, bytes);
    } catch (Http2Exception e) {
      ctx.fireExceptionCaught(e);
    }
  }
}
