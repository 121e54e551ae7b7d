package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The two lanes of a relaying server's HTTP/2 connection, chosen per stream at its HEADERS: a
 * request that names an allowed host and that only the fallback route would take is offered to
 * the {@link StreamRelay}, and if taken it is relayed right here, at the connection, with no child
 * channel and no frame objects ({@link EdgeStream}): the frame codec's listener is wrapped, so the
 * HTTP/2 decoder hands a relayed stream's headers and DATA straight to the relay (the DATA's bytes
 * returned to the client's flow-control window at once), and its answer is written with the
 * codec's encoder. Its state changes, writability and read-completes come as the codec's events;
 * its RST_STREAM comes as the codec's frame, through the {@link ResetGuard}.
 * Any other stream (and whatever the relay declines) goes on to Netty's multiplexer, set up with
 * the first such stream, whose child channel answers it with the usual handlers (403, 404, 401,
 * ...). The multiplexer never hears of a relayed stream: the event that opens a stream is held
 * until its HEADERS show the lane, and while the multiplexer handles a connection event the
 * relayed streams are hidden from it ({@link EdgeConnection}). One per connection, on its event
 * loop; it replaces {@link FirstStream} with the first stream.
 */
final class EdgeStreams extends ChannelInboundHandlerAdapter {
  private static final AsciiString HOST = AsciiString.cached("host");
  private final ServerContext context;
  private final StreamRelay relay;
  private final Supplier<ChannelHandler> multiplexer;
  private final IntObjectHashMap<EdgeStream> relayed = new IntObjectHashMap<>(4);
  private final List<EdgeStream> readThisTurn = new ArrayList<>(4);
  private ChannelHandlerContext ctx;
  private ConnectionGuard guard;
  private EdgeConnection connection;
  private Http2FrameCodec codec;
  private ChannelHandlerContext codecContext;
  /** The frame codec's own listener, which makes frames for the multiplexer's lane. */
  private Http2FrameListener codecListener;
  /** The event that opened a stream whose HEADERS have not come through yet. */
  private Http2FrameStreamEvent held;
  private boolean multiplexed;
  /** The id of the newest stream opened. */
  private int lastOpened;
  /**
   * The {@code :authority}, method and target of the last request offered to the relay that passed
   * the host and route checks (the server's hosts and routes do not change), and its route.
   */
  private CharSequence offeredAuthority;
  private CharSequence offeredMethod;
  private CharSequence offeredTarget;
  private Routes.Match offeredMatch;

  /**
   * Creates the lanes of one connection.
   *
   * @param context     the server's routes, hosts and metrics
   * @param relay       the relay offered the fast lane
   * @param multiplexer makes Netty's multiplexer for the other lane
   */
  EdgeStreams(ServerContext context, StreamRelay relay, Supplier<ChannelHandler> multiplexer) {
    this.context = context;
    this.relay = relay;
    this.multiplexer = multiplexer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.guard = ctx.pipeline().get(ConnectionGuard.class);
    this.codec = ctx.pipeline().get(Http2FrameCodec.class);
    this.codecContext = ctx.pipeline().context(codec);
    this.connection = (EdgeConnection) codec.connection();
    // Set up with the connection's first stream, inside the decoder's read of its HEADERS: the
    // decoder asks its listener for them after this, so they come to the wrapper too.
    this.codecListener = codec.decoder().frameListener();
    codec.decoder().frameListener(new Frames());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof Http2FrameStreamEvent e)) {
      eventToMultiplexer(evt);
      return;
    }
    Http2FrameStream fs = e.stream();
    EdgeStream s = relayed.isEmpty() ? null : relayed.get(fs.id());
    if (e.type() == Http2FrameStreamEvent.Type.Writability) {
      if (s != null) {
        Http2Stream h = connection.stream(fs.id());
        s.relayed.writabilityChanged(h != null && connection.remote().flowController().isWritable(h));
      } else if (multiplexed) {
        ctx.fireUserEventTriggered(e);
      }
      return;
    }
    if (s != null) {
      if (fs.state() == Http2Stream.State.CLOSED) {
        relayed.remove(fs.id());
        s.closed();
        s.relayed.closed();
      }
      return;
    }
    if (held != null && held.stream() == fs) {
      // Closed before its HEADERS came through (refused): the multiplexer never heard of it.
      held = fs.state() == Http2Stream.State.CLOSED ? null : e;
      return;
    }
    if ((fs.state() == Http2Stream.State.OPEN || fs.state() == Http2Stream.State.HALF_CLOSED_REMOTE)
        && fs.id() > lastOpened) {
      // A new stream (a client's stream ids only grow): its HEADERS come next, in this same read
      // (for an h2c upgrade, with the upgrade event), and tell its lane.
      lastOpened = fs.id();
      if (held != null) {
        eventToMultiplexer(held);
      }
      held = e;
      return;
    }
    if (multiplexed) {
      ctx.fireUserEventTriggered(e);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2StreamFrame f && f.stream() != null) {
      if (!relayed.isEmpty() && relayed.containsKey(f.stream().id())) {
        // RST_STREAM (after the ResetGuard saw it; the stream's close follows as an event), unknown frames.
        ReferenceCountUtil.release(msg);
        return;
      }
      if (!multiplexed) {
        ReferenceCountUtil.release(msg);
        return;
      }
    }
    readToMultiplexer(msg);
  }

  /**
   * A new stream's HEADERS: the relay takes it, or the multiplexer gets it with its opening event.
   *
   * @return whether the relay took it
   */
  private boolean first(int streamId, Http2Headers headers, boolean endStream) {
    Http2FrameStreamEvent opened = held;
    held = null;
    guard.headComplete();
    EdgeStream s = new EdgeStream(codec, codecContext, streamId, guard);
    StreamRelay.Relayed r = offer(headers, endStream, s);
    if (r == null) {
      eventToMultiplexer(opened);
      return false;
    }
    s.relayed = r;
    relayed.put(streamId, s);
    if (endStream) {
      s.requestComplete();
    }
    r.start();
    return true;
  }

  private void readThisTurn(EdgeStream s, boolean end) {
    if (end) {
      s.requestComplete();
    }
    if (!s.readThisTurn) {
      s.readThisTurn = true;
      readThisTurn.add(s);
    }
  }

  private EdgeStream relayed(int streamId) {
    return relayed.isEmpty() ? null : relayed.get(streamId);
  }

  /**
   * The frame codec's listener with the relayed lane taken out: a new stream's HEADERS choose its
   * lane, and a relayed stream's headers, DATA and WINDOW_UPDATE go to its relay without a frame
   * object or a trip down the pipeline. Everything else (RST_STREAM included, which the
   * {@link ResetGuard} must see) goes to the codec's listener, as before.
   */
  private final class Frames implements Http2FrameListener {
    @Override
    public int onDataRead(ChannelHandlerContext c, int streamId, ByteBuf data, int padding, boolean endOfStream)
        throws Http2Exception {
      EdgeStream s = relayed(streamId);
      if (s == null) {
        return codecListener.onDataRead(c, streamId, data, padding, endOfStream);
      }
      readThisTurn(s, endOfStream);
      s.relayed.data(data.retain(), endOfStream);
      // Given back to the client's window at once: the relay holds the upstream, not the client.
      return data.readableBytes() + padding;
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext c, int streamId, Http2Headers headers, int padding,
        boolean endOfStream) throws Http2Exception {
      EdgeStream s = relayed(streamId);
      if (s != null) {
        readThisTurn(s, endOfStream);
        s.relayed.trailers(headers, endOfStream);
        return;
      }
      if (held != null && held.stream().id() == streamId && first(streamId, headers, endOfStream)) {
        return;
      }
      codecListener.onHeadersRead(c, streamId, headers, padding, endOfStream);
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext c, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
      // The frame codec drops the priority too.
      onHeadersRead(c, streamId, headers, padding, endOfStream);
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext c, int streamId, int windowSizeIncrement)
        throws Http2Exception {
      // Applied by the flow controller already; a relayed stream hears of it as writability.
      if (relayed(streamId) == null) {
        codecListener.onWindowUpdateRead(c, streamId, windowSizeIncrement);
      }
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext c, int streamId, int streamDependency, short weight,
        boolean exclusive) throws Http2Exception {
      codecListener.onPriorityRead(c, streamId, streamDependency, weight, exclusive);
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext c, int streamId, long errorCode) throws Http2Exception {
      codecListener.onRstStreamRead(c, streamId, errorCode);
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext c) throws Http2Exception {
      codecListener.onSettingsAckRead(c);
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext c, Http2Settings settings) throws Http2Exception {
      codecListener.onSettingsRead(c, settings);
    }

    @Override
    public void onPingRead(ChannelHandlerContext c, long data) throws Http2Exception {
      codecListener.onPingRead(c, data);
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext c, long data) throws Http2Exception {
      codecListener.onPingAckRead(c, data);
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext c, int streamId, int promisedStreamId, Http2Headers headers,
        int padding) throws Http2Exception {
      codecListener.onPushPromiseRead(c, streamId, promisedStreamId, headers, padding);
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext c, int lastStreamId, long errorCode, ByteBuf debugData)
        throws Http2Exception {
      codecListener.onGoAwayRead(c, lastStreamId, errorCode, debugData);
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext c, byte frameType, int streamId, Http2Flags flags,
        ByteBuf payload) throws Http2Exception {
      codecListener.onUnknownFrame(c, frameType, streamId, flags, payload);
    }
  }

  private StreamRelay.Relayed offer(Http2Headers h, boolean endStream, EdgeStream stream) {
    CharSequence method = h.method();
    CharSequence target = h.path();
    if (method == null || target == null) {
      return null;
    }
    CharSequence authority = h.authority();
    Routes.Match match;
    if (authority != null && AsciiString.contentEquals(authority, offeredAuthority)
        && AsciiString.contentEquals(method, offeredMethod) && AsciiString.contentEquals(target, offeredTarget)
        && !h.contains(HOST)) {
      // The same host, method and target as the last request relayed on this connection (an
      // editor sends the same ones every time): allowed and the fallback route's, as it was.
      match = offeredMatch;
    } else {
      if (!hostsAllowed(h)) {
        return null;
      }
      String path = target.toString();
      int q = path.indexOf('?');
      match = context.routes().find(method.toString(), q < 0 ? path : path.substring(0, q));
      if (match == null || match != context.routes().fallbackMatch()) {
        return null;
      }
      if (authority != null && !h.contains(HOST)) {
        offeredAuthority = authority;
        offeredMethod = method;
        offeredTarget = target;
        offeredMatch = match;
      }
    }
    StreamRelay.Relayed taken = relay.take(h, endStream, stream);
    if (taken != null) {
      context.metrics().request(match.name());
    }
    return taken;
  }

  /** The same rule as {@link RequestHandler}'s: {@code :authority} and every {@code host} must be allowed. */
  private boolean hostsAllowed(Http2Headers h) {
    int port = ctx.channel().localAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
    CharSequence authority = h.authority();
    List<CharSequence> hosts = h.getAll(HOST);
    if (authority == null && hosts.isEmpty()) {
      return false;
    }
    if (authority != null && !context.hosts().allows(authority.toString(), port)) {
      return false;
    }
    for (CharSequence host : hosts) {
      if (!context.hosts().allows(host.toString(), port)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    for (int i = 0; i < readThisTurn.size(); i++) {
      EdgeStream s = readThisTurn.get(i);
      s.readThisTurn = false;
      if (!s.isClosed()) {
        s.relayed.readComplete();
      }
    }
    readThisTurn.clear();
    // The frame codec flushes after this (Http2ConnectionHandler.channelReadComplete): the
    // WINDOW_UPDATEs of the bytes consumed in this read go out with it.
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // The relayed streams hear of it from the flow controller, stream by stream.
    connection.hidden = relayed;
    try {
      ctx.fireChannelWritabilityChanged();
    } finally {
      connection.hidden = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException e && relayed.containsKey(e.stream().id())) {
      // The codec reset that stream for its error; its close reaches the relay as an event.
      return;
    }
    connection.hidden = relayed;
    try {
      ctx.fireExceptionCaught(cause);
    } finally {
      connection.hidden = null;
    }
  }

  /** Passes an event on to the multiplexer (set up with the first stream's), relayed streams hidden. */
  private void eventToMultiplexer(Object evt) {
    if (evt instanceof Http2FrameStreamEvent && !multiplexed) {
      multiplexed = true;
      ctx.pipeline().addAfter(ctx.name(), null, multiplexer.get());
    }
    connection.hidden = relayed;
    try {
      ctx.fireUserEventTriggered(evt);
    } finally {
      connection.hidden = null;
    }
  }

  /** Passes a frame on to the multiplexer (a GOAWAY makes it visit the streams), relayed streams hidden. */
  private void readToMultiplexer(Object msg) {
    connection.hidden = relayed;
    try {
      ctx.fireChannelRead(msg);
    } finally {
      connection.hidden = null;
    }
  }
}
