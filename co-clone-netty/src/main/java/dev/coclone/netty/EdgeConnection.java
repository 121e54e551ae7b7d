package dev.coclone.netty;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamVisitor;
import io.netty.util.collection.IntObjectMap;

/**
 * The HTTP/2 connection of a server with a {@link StreamRelay}: while {@link EdgeStreams} hands an
 * event to Netty's multiplexer, the streams the relay took are hidden from the visits of active
 * streams, since the multiplexer expects a child channel on each (it visits them when the
 * connection becomes writable again, on GOAWAY, TLS errors and closes). Everything else sees every
 * stream, as always.
 */
final class EdgeConnection extends DefaultHttp2Connection {
  /** The relayed streams, by id, while the multiplexer handles an event; else null. */
  IntObjectMap<?> hidden;

  EdgeConnection() {
    super(true);
  }

  @Override
  public Http2Stream forEachActiveStream(Http2StreamVisitor visitor) throws Http2Exception {
    IntObjectMap<?> h = hidden;
    if (h == null || h.isEmpty()) {
      return super.forEachActiveStream(visitor);
    }
    return super.forEachActiveStream(s -> h.containsKey(s.id()) || visitor.visit(s));
  }
}
