package dev.coclone.netty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.wire.ErrorShape;
import dev.coclone.wire.WireError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP request and its response, the same for HTTP/1.1 and for an HTTP/2 stream. Responses
 * may be written from any thread. When the client goes away (connection closed, stream reset)
 * before the response is finished, the {@link #onClientGone(Runnable)} callbacks run.
 */
public final class Exchange {
  private final ChannelHandlerContext ctx;
  private final String method;
  private final String uri;
  private final QueryStringDecoder query;
  private final io.netty.handler.codec.http.HttpHeaders headers;
  private final byte[] body;
  private final boolean keepAlive;
  private final ObjectMapper json;
  private final List<Runnable> goneCallbacks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean responded = new AtomicBoolean();
  private volatile boolean finished;
  private volatile boolean gone;
  private volatile ErrorShape errorShape;

  Exchange(ChannelHandlerContext ctx, FullHttpRequest request, ObjectMapper json) {
    this.ctx = ctx;
    this.method = request.method().name();
    this.uri = request.uri();
    this.query = new QueryStringDecoder(request.uri());
    this.headers = request.headers().copy();
    ByteBuf content = request.content();
    this.body = new byte[content.readableBytes()];
    content.getBytes(content.readerIndex(), body);
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.json = json;
  }

  /** The method, e.g. {@code POST}. */
  public String method() {
    return method;
  }

  /** The path without the query. */
  public String path() {
    return query.path();
  }

  /** The full request target. */
  public String uri() {
    return uri;
  }

  /** A query parameter's first value, or null. */
  public String queryParam(String name) {
    List<String> v = query.parameters().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** All query parameters. */
  public Map<String, List<String>> queryParams() {
    return query.parameters();
  }

  /** A request header, or null. */
  public String header(CharSequence name) {
    return headers.get(name);
  }

  /** The peer's address. */
  public SocketAddress remoteAddress() {
    io.netty.channel.Channel ch = ctx.channel();
    // An HTTP/2 stream's peer is its connection's peer.
    return ch instanceof io.netty.handler.codec.http2.Http2StreamChannel ? ch.parent().remoteAddress()
        : ch.remoteAddress();
  }

  /** True if the peer is on this machine. */
  public boolean fromLoopback() {
    return remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null && a.getAddress().isLoopbackAddress();
  }

  /** The raw body. */
  public byte[] bodyBytes() {
    return body.clone();
  }

  /**
   * The body as UTF-8 text.
   *
   * @return the text
   * @throws HttpError 400 if the body is not valid UTF-8
   */
  public String bodyText() throws HttpError {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new HttpError(400, "invalid_utf8", "the request body is not valid UTF-8 (binary?); send UTF-8 text: the JSON, or the file's text");
    }
  }

  /** The JSON mapper. */
  public ObjectMapper json() {
    return json;
  }

  /** True once the client went away. */
  public boolean clientGone() {
    return gone;
  }

  /** Runs the callback when the client goes away before the response is finished. */
  public void onClientGone(Runnable callback) {
    goneCallbacks.add(callback);
    if (gone) {
      callback.run();
    }
  }

  void clientWentAway() {
    if (finished || gone) {
      return;
    }
    gone = true;
    for (Runnable r : goneCallbacks) {
      r.run();
    }
  }

  /** Sends a complete JSON response. */
  public void json(int status, Object value) {
    try {
      send(status, "application/json", json.writeValueAsBytes(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("response not serializable: " + e.getMessage(), e);
    }
  }

  /**
   * Sends an error in the route's protocol: {@code {"error": {"code", "message"}}} unless the
   * route has its own {@link Route#errorShape()}.
   */
  public void error(int status, String code, String message) {
    ErrorShape shape = errorShape;
    if (shape != null) {
      send(status, "application/json", shape.errorBody(new WireError(status, code, message))
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    ObjectNode n = json.createObjectNode();
    n.putObject("error").put("code", code).put("message", message);
    json(status, n);
  }

  /** Sets the shape of this exchange's error bodies (the matched route's); null for Co-Clone's own. */
  void errorShape(ErrorShape shape) {
    this.errorShape = shape;
  }

  /** Sends a complete text response. */
  public void text(int status, String contentType, String text) {
    send(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends a complete response with extra headers. The bytes are not copied (do not change them
   * afterwards); a body over {@value #CHUNK_BYTES} bytes goes out a chunk at a time, the next
   * chunk only once the previous one is on the wire, so a client that does not read (a zero HTTP/2
   * window) holds at most one chunk of this response in the server.
   */
  public void send(int status, String contentType, byte[] bytes, String... headerPairs) {
    if (!responded.compareAndSet(false, true)) {
      return;
    }
    HttpResponse r = bytes.length > CHUNK_BYTES
        ? new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status))
        : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(bytes));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      r.headers().set(headerPairs[i], headerPairs[i + 1]);
    }
    finished = true;
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    if (r instanceof FullHttpResponse) {
      closeUnlessKeepAlive(ctx.writeAndFlush(r));
      return;
    }
    ctx.write(r);
    sendChunk(bytes, 0);
  }

  /** Writes the chunk at {@code offset} and, once it is written, the next. */
  private void sendChunk(byte[] bytes, int offset) {
    int n = Math.min(CHUNK_BYTES, bytes.length - offset);
    ByteBuf chunk = Unpooled.wrappedBuffer(bytes, offset, n);
    if (offset + n == bytes.length) {
      closeUnlessKeepAlive(ctx.writeAndFlush(new DefaultLastHttpContent(chunk)));
      return;
    }
    ctx.writeAndFlush(new DefaultHttpContent(chunk)).addListener(f -> {
      if (f.isSuccess()) {
        sendChunk(bytes, offset + n);
      }
    });
  }

  private void closeUnlessKeepAlive(io.netty.channel.ChannelFuture f) {
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Bodies bigger than this are sent in chunks of this size. */
  static final int CHUNK_BYTES = 64 * 1024;

  /**
   * Starts a streamed response.
   *
   * @param contentType e.g. {@code text/event-stream}
   * @return the stream to write pieces to
   */
  public Stream stream(String contentType) {
    if (!responded.compareAndSet(false, true)) {
      throw new IllegalStateException("a response was already started");
    }
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    HttpUtil.setTransferEncodingChunked(r, true);
    ctx.writeAndFlush(r);
    return new Stream();
  }

  /**
   * Starts a streamed response with the given status and headers (a relayed response).
   *
   * @param status  the HTTP status
   * @param headers headers to send (hop-by-hop ones are dropped)
   * @return the stream to write the body to
   */
  public Stream relay(int status, io.netty.handler.codec.http.HttpHeaders headers) {
    if (!responded.compareAndSet(false, true)) {
      throw new IllegalStateException("a response was already started");
    }
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    r.headers().set(headers);
    for (CharSequence hop : new CharSequence[] {HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, "http2-settings",
        io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text()}) {
      r.headers().remove(hop);
    }
    if (!r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      HttpUtil.setTransferEncodingChunked(r, true);
    }
    ctx.writeAndFlush(r);
    return new Stream();
  }

  /** The request headers (a copy). */
  public io.netty.handler.codec.http.HttpHeaders headers() {
    return headers.copy();
  }

  /** Ends the exchange abruptly: resets the HTTP/2 stream or closes the HTTP/1.1 connection. */
  public void abort() {
    finished = true;
    ctx.close();
  }

  /** A stream aborted for a slow reader: its producer must stop as if the client had gone. */
  private void clientWentAwayLater() {
    if (gone) {
      return;
    }
    gone = true;
    for (Runnable r : goneCallbacks) {
      r.run();
    }
  }

  private long maxQueuedBytesPerStream() {
    io.netty.channel.Channel ch = ctx.channel();
    io.netty.channel.Channel connection = ch instanceof io.netty.handler.codec.http2.Http2StreamChannel ? ch.parent()
        : ch;
    ServerLimits limits = connection.attr(Pipelines.LIMITS).get();
    return (limits != null ? limits : ServerLimits.defaults()).maxQueuedBytesPerStream();
  }

  /**
   * A streamed response body. What the client has not read yet is bounded by
   * {@link ServerLimits#maxQueuedBytesPerStream()}: past it, the response is aborted (the HTTP/2
   * stream reset, the HTTP/1.1 connection closed) and the client counts as gone.
   */
  public final class Stream {
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
    private final long maxQueued = maxQueuedBytesPerStream();

    private Stream() {}

    /** Writes and flushes bytes; takes ownership of the buffer. */
    public void write(ByteBuf bytes) {
      if (gone || finished) {
        bytes.release();
        return;
      }
      int n = bytes.readableBytes();
      if (queued.addAndGet(n) > maxQueued) {
        bytes.release();
        java.util.logging.Logger.getLogger(Exchange.class.getName()).fine(() -> "aborting " + uri + ": the client left "
            + maxQueued + " bytes unread");
        abort();
        clientWentAwayLater();
        return;
      }
      ctx.writeAndFlush(new DefaultHttpContent(bytes)).addListener(f -> queued.addAndGet(-n));
    }

    /** Writes and flushes a piece. */
    public void write(String text) {
      write(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** Ends the response. */
    public void end() {
      if (finished) {
        return;
      }
      finished = true;
      if (gone) {
        return;
      }
      if (keepAlive) {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      } else {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /** Whether a response was started. */
  boolean responded() {
    return responded.get();
  }

}
