package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * Takes HTTP/2 requests frame by frame at the connection (their headers and DATA as the HTTP/2
 * decoder reads them, with no frame objects), ahead of the {@link Routes}: a proxy
 * relays its common case (a request with a valid token) this way, without a child channel, an
 * {@link Exchange} or HTTP/1 objects. The server offers each HTTP/2 request whose host it allows
 * and that no route but the {@link Routes.Builder#fallback fallback} would take; a request the
 * relay declines goes to the routes as before (on a child stream channel of its own).
 */
@FunctionalInterface
public interface StreamRelay {
  /**
   * Offers a request. Runs on the connection's event loop and must not block or write yet.
   *
   * @param headers   the request's headers (the relay may keep and change them; the server does not read them after this)
   * @param endStream whether the headers end the request (no body)
   * @param stream    the client's stream, to answer on
   * @return what takes the stream over (it is {@link Relayed#start started} next), or null to let
   *     the fallback route answer
   */
  Relayed take(Http2Headers headers, boolean endStream, EdgeStream stream);

  /**
   * A request the relay took: the server hands it the stream's later frames and events, all on
   * the connection's event loop.
   */
  interface Relayed {
    /** The stream is the relay's now: it may write. Called once, right after {@link #take}. */
    void start();

    /**
     * DATA of the request; the relay owns the buffer (passes it on or releases it). Its bytes
     * were already returned to the client's flow-control window.
     *
     * @param data      the bytes, retained for the relay
     * @param endStream whether they end the request
     */
    void data(ByteBuf data, boolean endStream);

    /**
     * The request's trailers.
     *
     * @param trailers  the trailing headers
     * @param endStream whether they end the request (they should)
     */
    void trailers(Http2Headers trailers, boolean endStream);

    /** The connection's read that brought frames of this stream is over: time to flush. */
    void readComplete();

    /**
     * The client's stream can take more DATA now, or cannot (its flow-control window or the
     * connection is full): the relay should stop reading its source until it can again.
     *
     * @param writable whether it can
     */
    void writabilityChanged(boolean writable);

    /**
     * The client's stream closed: the answer ended, the client reset it, or the connection
     * closed. Called once; nothing may be written after it.
     */
    void closed();
  }
}
