package dev.coclone.netty;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * Takes HTTP/2 requests frame by frame, ahead of the {@link Routes}: a proxy relays its common
 * case (a request with a valid token) this way, without turning the stream into an
 * {@link Exchange} and back. The server offers each HTTP/2 request whose host it allows and that
 * no route but the {@link Routes.Builder#fallback fallback} would take; a request the relay
 * declines goes to the routes as before.
 */
@FunctionalInterface
public interface StreamRelay {
  /**
   * Offers a request. Runs on the stream's event loop and must not block.
   *
   * @param headers the request's HEADERS frame (not to be released here)
   * @param stream  the request's stream
   * @return a new handler that takes over the stream (it reads this HEADERS frame next and every
   *     later frame, and writes the response), or null to let the fallback route answer
   */
  ChannelHandler take(Http2HeadersFrame headers, Http2StreamChannel stream);
}
