package dev.coclone.netty;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;

/**
 * Netty's HTTP/2 frame codec builder with a connection whose outgoing DATA is shared evenly among
 * the streams ({@link UniformStreamByteDistributor}) instead of by Netty's priority tree, which
 * RFC 9113 deprecates and which the profile of {@code bench proxy} showed at several per cent of
 * a proxy's CPU and a few hundred bytes per idle connection. Make one builder per connection.
 */
public final class FairHttp2Codec extends Http2FrameCodecBuilder {
  private FairHttp2Codec(DefaultHttp2Connection connection) {
    connection(fair(connection));
  }

  private static <C extends DefaultHttp2Connection> C fair(C connection) {
    connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection,
        new UniformStreamByteDistributor(connection)));
    return connection;
  }

  /**
   * An HTTP/2 connection whose outgoing DATA is shared evenly among its streams, for a connection
   * handler built without the frame codec.
   *
   * @param server whether it is a server's
   * @return the connection
   */
  public static Http2Connection connection(boolean server) {
    return fair(new DefaultHttp2Connection(server));
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
}
