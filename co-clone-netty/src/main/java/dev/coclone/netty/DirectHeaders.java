package dev.coclone.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A relayed stream's first HEADERS written straight to its connection as one buffer (the frame's
 * header and its header block), their HPACK block encoded without the dynamic table: a field is
 * the static table's index where the table holds the whole field ({@code :method POST},
 * {@code :status 200}), else a literal not indexed, its name by the static table's index where
 * it has the name. Netty's encoder writes a HEADERS frame as two buffers under a promise
 * aggregator with a listener of its own, and looks every field up in its dynamic table. The
 * peer's decoder is not affected by the mix: a block that neither adds to nor refers to the
 * dynamic table leaves the table as Netty's encoder knows it. Sensitive fields
 * ({@code authorization}, cookies) are marked never to be indexed.
 * <p>
 * The price is the peer's: it reads literals where Netty's encoder would have sent an index into
 * its table. That is why the relay uses this for the answer's few short headers at the client
 * edge ({@link EdgeStream#writeHeaders}), and not for the requests it sends its services, whose
 * 160-character token the service would then read and hash anew on every request (more than
 * the encoder costs the proxy: docs/benchmarks.md, relay8).
 * <p>
 * The frame goes through Netty's encoder as before when the peer changed its header table size
 * (Netty's encoder may have a size update to send first, at the start of its next block), when
 * the block is over the peer's header list size or frame size, for trailers and informational
 * answers, when the connection is going away or the stream cannot be opened, or when frames of
 * the stream wait in the flow controller: so the stream's frames never change order, and every
 * error is Netty's as before. A write that fails fails its promise; the socket's error closes the
 * connection, as it does for frames the encoder wrote.
 */
public final class DirectHeaders {
  /** Blocks up to this size are written here; a larger one (rare) goes through the encoder. */
  static final int MAX_BLOCK = 4096;
  private static final int FRAME_HEADER = 9;
  private static final byte HEADERS = 0x1;
  private static final byte END_STREAM = 0x1;
  private static final byte END_HEADERS = 0x4;
  /** RFC 7541 appendix A: the static table's names, index 1 first. */
  private static final String[] STATIC_NAMES = {":authority", ":method", ":method", ":path", ":path", ":scheme",
      ":scheme", ":status", ":status", ":status", ":status", ":status", ":status", ":status", "accept-charset",
      "accept-encoding", "accept-language", "accept-ranges", "accept", "access-control-allow-origin", "age", "allow",
      "authorization", "cache-control", "content-disposition", "content-encoding", "content-language",
      "content-length", "content-location", "content-range", "content-type", "cookie", "date", "etag", "expect",
      "expires", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since",
      "last-modified", "link", "location", "max-forwards", "proxy-authenticate", "proxy-authorization", "range",
      "referer", "refresh", "retry-after", "server", "set-cookie", "strict-transport-security", "transfer-encoding",
      "user-agent", "vary", "via", "www-authenticate"};
  /** The static table's whole fields that requests and answers use, by their index. */
  private static final String[][] STATIC_FIELDS = {{":method", "GET", "2"}, {":method", "POST", "3"},
      {":path", "/", "4"}, {":path", "/index.html", "5"}, {":scheme", "http", "6"}, {":scheme", "https", "7"},
      {":status", "200", "8"}, {":status", "204", "9"}, {":status", "206", "10"}, {":status", "304", "11"},
      {":status", "400", "12"}, {":status", "404", "13"}, {":status", "500", "14"},
      {"accept-encoding", "gzip, deflate", "16"}};
  /** What the static table holds of a name. */
  private record Known(int index, boolean neverIndexed, Map<AsciiString, Integer> fields) {}

  private static final Map<AsciiString, Known> KNOWN = new HashMap<>();
  private static final AsciiString STATUS = AsciiString.cached(":status");
  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[FRAME_HEADER + MAX_BLOCK];
    }
  };

  static {
    Map<String, Map<AsciiString, Integer>> fields = new HashMap<>();
    for (String[] f : STATIC_FIELDS) {
      fields.computeIfAbsent(f[0], k -> new HashMap<>()).put(AsciiString.cached(f[1]), Integer.parseInt(f[2]));
    }
    List<String> never = List.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    for (int i = STATIC_NAMES.length - 1; i >= 0; i--) {
      // The first index of a name wins (":method" is 2, ":path" 4).
      String name = STATIC_NAMES[i];
      KNOWN.put(AsciiString.cached(name), new Known(i + 1, never.contains(name), fields.get(name)));
    }
  }

  private DirectHeaders() {}

  /**
   * Writes a stream's first HEADERS straight to the connection if it can, as described above;
   * opens the stream if it is new (a client's request).
   *
   * @param handler   the connection's HTTP/2 handler (its encoder's settings, connection and streams)
   * @param ctx       the handler's context, where the encoder writes
   * @param streamId  the stream: an open one (an answer) or the next id of this side (a request)
   * @param headers   the headers
   * @param endStream whether they end the stream
   * @param promise   completed when the frame is written; a real promise (not the void one)
   * @return whether it was written here; if not, nothing was done and the caller writes it with the encoder
   */
  public static boolean write(Http2ConnectionHandler handler, ChannelHandlerContext ctx, int streamId,
      Http2Headers headers, boolean endStream, ChannelPromise promise) {
    Http2Connection connection = handler.connection();
    Http2FrameWriter.Configuration config = handler.encoder().configuration();
    Http2HeadersEncoder.Configuration table = config.headersConfiguration();
    if (connection.goAwayReceived() || connection.goAwaySent()
        || table.maxHeaderTableSize() != Http2CodecUtil.DEFAULT_HEADER_TABLE_SIZE) {
      return false;
    }
    Http2Stream stream = connection.stream(streamId);
    if (stream == null) {
      if (connection.isServer() || !connection.local().canOpenStream()) {
        return false;
      }
    } else {
      Http2Stream.State state = stream.state();
      if (state != Http2Stream.State.OPEN && state != Http2Stream.State.HALF_CLOSED_REMOTE
          || stream.isHeadersSent() || stream.isTrailersSent()
          || connection.remote().flowController().hasFlowControlled(stream)) {
        return false;
      }
    }
    // Encoded into this thread's scratch array (no buffer checks per byte), then copied once.
    byte[] block = SCRATCH.get();
    int at = FRAME_HEADER;
    long listSize = 0;
    boolean informational = false;
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      AsciiString name = AsciiString.of(e.getKey());
      AsciiString value = AsciiString.of(e.getValue());
      listSize += name.length() + value.length() + 32;
      informational |= value.length() > 0 && value.byteAt(0) == '1' && STATUS.contentEquals(name);
      at = encode(block, at, name, value);
      if (at < 0) {
        return false;
      }
    }
    int length = at - FRAME_HEADER;
    if (informational || length > config.frameSizePolicy().maxFrameSize()
        || listSize > table.maxHeaderListSize()) {
      return false;
    }
    if (stream == null) {
      try {
        stream = connection.local().createStream(streamId, false);
      } catch (Http2Exception e) {
        // The encoder meets the same refusal and answers it.
        return false;
      }
    }
    block[0] = (byte) (length >>> 16);
    block[1] = (byte) (length >>> 8);
    block[2] = (byte) length;
    block[3] = HEADERS;
    block[4] = (byte) (END_HEADERS | (endStream ? END_STREAM : 0));
    block[5] = (byte) (streamId >>> 24);
    block[6] = (byte) (streamId >>> 16);
    block[7] = (byte) (streamId >>> 8);
    block[8] = (byte) streamId;
    ctx.write(ctx.alloc().buffer(at).writeBytes(block, 0, at), promise);
    // As the encoder does: the stream has sent its headers, and the last frame closes this side.
    stream.headersSent(false);
    if (endStream) {
      handler.closeStreamLocal(stream, promise);
    }
    return true;
  }

  /**
   * One field, RFC 7541 sections 6.1 and 6.2.2-6.2.3, its strings not Huffman-coded.
   *
   * @return where the next field goes, or -1 if this one does not fit the block's limit
   */
  static int encode(byte[] out, int at, AsciiString name, AsciiString value) {
    if (at + name.length() + value.length() + 12 > out.length) {
      return -1;
    }
    Known known = KNOWN.get(name);
    Integer whole = known == null || known.fields == null ? null : known.fields.get(value);
    if (whole != null) {
      return integer(out, at, 0x80, 7, whole);
    }
    if (known != null) {
      at = integer(out, at, known.neverIndexed ? 0x10 : 0x00, 4, known.index);
    } else {
      out[at++] = 0x00;
      at = string(out, at, name);
    }
    return string(out, at, value);
  }

  private static int string(byte[] out, int at, AsciiString s) {
    int n = s.length();
    at = integer(out, at, 0x00, 7, n);
    System.arraycopy(s.array(), s.arrayOffset(), out, at, n);
    return at + n;
  }

  /** RFC 7541 section 5.1: an integer with an N-bit prefix, the first byte's other bits {@code mask}. */
  private static int integer(byte[] out, int at, int mask, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out[at++] = (byte) (mask | value);
      return at;
    }
    out[at++] = (byte) (mask | max);
    int rest = value - max;
    while (rest >= 0x80) {
      out[at++] = (byte) ((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out[at++] = (byte) rest;
    return at;
  }
}
