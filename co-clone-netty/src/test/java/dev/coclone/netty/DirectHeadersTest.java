package dev.coclone.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectHeadersTest {
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9." + "x".repeat(120) + ".signature-part";

  private static Http2Headers request() {
    return new DefaultHttp2Headers().method("POST").path("/v1/complete").scheme("http").authority("127.0.0.1:8080")
        .add("authorization", "Bearer " + TOKEN).add("content-type", "application/json")
        .add("content-length", "123").add("x-forwarded-for", "127.0.0.1")
        .add("x-long", "v".repeat(300));
  }

  private static ByteBuf block(Http2Headers headers) {
    byte[] out = new byte[4096];
    int at = 0;
    for (var e : headers) {
      at = DirectHeaders.encode(out, at, AsciiString.of(e.getKey()), AsciiString.of(e.getValue()));
    }
    return Unpooled.wrappedBuffer(out, 0, at);
  }

  @Test
  void aBlockDecodesToTheSameHeadersAndLeavesTheDynamicTableToNettysEncoder() throws Exception {
    DefaultHttp2HeadersEncoder netty = new DefaultHttp2HeadersEncoder();
    DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(true);
    Http2Headers answer = new DefaultHttp2Headers().status("200").add("content-type", "application/json")
        .add("x-kept", "a value Netty's encoder puts in the dynamic table");
    // Netty's encoder fills the table, this class's block comes between, and Netty's next block
    // refers to what its first one added: the decoder must still agree with it.
    ByteBuf first = Unpooled.buffer();
    netty.encodeHeaders(1, answer, first);
    assertEquals(answer, decoder.decodeHeaders(1, first));
    ByteBuf ours = block(request());
    assertEquals(request(), decoder.decodeHeaders(3, ours));
    ByteBuf second = Unpooled.buffer();
    netty.encodeHeaders(5, answer, second);
    assertTrue(second.readableBytes() < 8,
        "Netty's second block refers to its dynamic table: " + second.readableBytes());
    assertEquals(answer, decoder.decodeHeaders(5, second));
    first.release();
    ours.release();
    second.release();
  }

  @Test
  void staticFieldsAreOneByteAndTheTokenIsNeverIndexed() {
    byte[] out = new byte[64];
    int at = DirectHeaders.encode(out, 0, AsciiString.of(":method"), AsciiString.of("POST"));
    at = DirectHeaders.encode(out, at, AsciiString.of(":status"), AsciiString.of("200"));
    assertEquals(2, at);
    assertEquals(0x83, out[0] & 0xff);
    assertEquals(0x88, out[1] & 0xff);
    at = DirectHeaders.encode(out, 0, AsciiString.of("authorization"), AsciiString.of("Bearer t"));
    // Never indexed (0001xxxx), the static table's name 23 (15 + 8), then the value's length and bytes.
    assertEquals(0x1f, out[0] & 0xff);
    assertEquals(8, out[1]);
    assertEquals(8, out[2]);
    assertEquals(3 + 8, at);
    assertEquals(-1, DirectHeaders.encode(out, 0, AsciiString.of("x-big"), AsciiString.of("v".repeat(60))),
        "a field past the block's end is refused");
  }

  private static EmbeddedChannel client(Http2ConnectionHandler handler) {
    EmbeddedChannel ch = new EmbeddedChannel(handler);
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      b.release(); // the preface and SETTINGS
    }
    return ch;
  }

  private static Http2ConnectionHandler clientHandler() {
    return new Http2ConnectionHandlerBuilder().server(false).frameListener(new Http2FrameAdapter()).build();
  }

  @Test
  void theOpeningHeadersGoOutAsOneFrameInOneBufferAndOpenTheStream() throws Exception {
    Http2ConnectionHandler handler = clientHandler();
    EmbeddedChannel ch = client(handler);
    ChannelHandlerContext ctx = ch.pipeline().context(handler);
    int id = handler.connection().local().incrementAndGetNextStreamId();
    ChannelPromise promise = ctx.newPromise();
    assertTrue(DirectHeaders.write(handler, ctx, id, request(), false, promise));
    Http2Stream stream = handler.connection().stream(id);
    assertNotNull(stream, "the stream is open");
    assertEquals(Http2Stream.State.OPEN, stream.state());
    assertTrue(stream.isHeadersSent());
    ch.flush();
    ByteBuf frame = ch.readOutbound();
    assertNull(ch.readOutbound(), "one buffer");
    assertTrue(promise.isSuccess());
    List<Http2Headers> read = new ArrayList<>();
    List<Boolean> ended = new ArrayList<>();
    new DefaultHttp2FrameReader().readFrame(ctx, frame, new Http2FrameAdapter() {
      @Override
      public void onHeadersRead(ChannelHandlerContext c, int streamId, Http2Headers headers, int padding,
          boolean endOfStream) {
        assertEquals(id, streamId);
        read.add(headers);
        ended.add(endOfStream);
      }
    });
    frame.release();
    assertEquals(List.of(request()), read);
    assertEquals(List.of(false), ended);
    ch.finishAndReleaseAll();
  }

  @Test
  void endStreamClosesTheLocalSideAsTheEncoderWould() {
    Http2ConnectionHandler handler = clientHandler();
    EmbeddedChannel ch = client(handler);
    ChannelHandlerContext ctx = ch.pipeline().context(handler);
    int id = handler.connection().local().incrementAndGetNextStreamId();
    assertTrue(DirectHeaders.write(handler, ctx, id, request(), true, ctx.newPromise()));
    ch.flush();
    assertEquals(Http2Stream.State.HALF_CLOSED_LOCAL, handler.connection().stream(id).state());
    ch.finishAndReleaseAll();
  }

  @Test
  void afterThePeerChangesItsHeaderTableSizeTheEncoderWritesThem() throws Exception {
    Http2ConnectionHandler handler = clientHandler();
    EmbeddedChannel ch = client(handler);
    ChannelHandlerContext ctx = ch.pipeline().context(handler);
    // Netty's encoder now owes the peer a table size update at the start of its next block.
    handler.encoder().remoteSettings(new Http2Settings().headerTableSize(1024));
    int id = handler.connection().local().incrementAndGetNextStreamId();
    ChannelPromise promise = ctx.newPromise();
    assertFalse(DirectHeaders.write(handler, ctx, id, request(), false, promise));
    assertNull(handler.connection().stream(id), "nothing was done");
    assertFalse(promise.isDone());
    ch.finishAndReleaseAll();
  }

  @Test
  void aBlockOverItsLimitIsLeftToTheEncoder() {
    Http2ConnectionHandler handler = clientHandler();
    EmbeddedChannel ch = client(handler);
    ChannelHandlerContext ctx = ch.pipeline().context(handler);
    int id = handler.connection().local().incrementAndGetNextStreamId();
    Http2Headers big = request().add("x-big", "v".repeat(DirectHeaders.MAX_BLOCK));
    assertFalse(DirectHeaders.write(handler, ctx, id, big, false, ctx.newPromise()));
    assertNull(handler.connection().stream(id));
    assertNull(ch.readOutbound());
    ch.finishAndReleaseAll();
  }

  @Test
  void aBlockOverThePeersHeaderListSizeIsLeftToTheEncoder() throws Exception {
    Http2ConnectionHandler handler = clientHandler();
    EmbeddedChannel ch = client(handler);
    ChannelHandlerContext ctx = ch.pipeline().context(handler);
    handler.encoder().remoteSettings(new Http2Settings().maxHeaderListSize(200));
    int id = handler.connection().local().incrementAndGetNextStreamId();
    assertFalse(DirectHeaders.write(handler, ctx, id, request(), false, ctx.newPromise()));
    assertNull(handler.connection().stream(id));
    assertNull(ch.readOutbound());
    ch.finishAndReleaseAll();
  }
}
