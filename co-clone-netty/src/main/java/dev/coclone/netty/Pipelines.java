package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Builds every pipeline of a server in one place. A connection starts with a detector that looks
 * at the first bytes: a TLS handshake gets TLS with ALPN (h2 or http/1.1); anything else gets the
 * cleartext handler that takes h2c with prior knowledge, h2c by upgrade, or stays HTTP/1.1. An
 * HTTP/2 connection gets Netty's frame codec with its first request ({@link IdleHttp2} answers
 * until then; by upgrade, the upgrade's request is the first). Every
 * HTTP/2 stream becomes a child channel that speaks HTTP objects, so the same request handler
 * serves HTTP/1.1 and HTTP/2; a server with a {@link StreamRelay} first offers each stream's
 * request to it, and a stream it takes is relayed at the connection, with no child channel
 * ({@link EdgeStreams}).
 */
final class Pipelines {
  private final ServerContext context;
  private final SslContext ssl;
  private final ServerLimits limits;

  private final io.netty.channel.group.ChannelGroup connections;
  private final TransportLog log = new TransportLog();
  private final ConnectionCaps caps;
  private final FatalErrors fatal;
  private final StreamRelay relay;
  private final FirstStream firstStream = new FirstStream(this::firstStream);
  private final ConnectionErrors connectionErrors = new ConnectionErrors();
  private final IdleHttp2.Shared idle;

  /** The limits, on every connection channel, so that an {@link Exchange} can bound what it queues. */
  static final io.netty.util.AttributeKey<ServerLimits> LIMITS = io.netty.util.AttributeKey.valueOf("coclone.limits");

  Pipelines(ServerContext context, SslContext ssl, ServerLimits limits, io.netty.channel.group.ChannelGroup connections,
      StreamRelay relay) {
    this.context = context;
    this.relay = relay;
    this.ssl = ssl;
    this.limits = limits;
    this.connections = connections;
    this.caps = new ConnectionCaps(limits);
    this.fatal = new FatalErrors();
    this.idle = new IdleHttp2.Shared(settingsFrame(localSettings()), this::installCodec,
        connectionErrors::exceptionCaught, limits.gracefulShutdown().toMillis());
  }

  FatalErrors fatalErrors() {
    return fatal;
  }

  /** The initializer for accepted connections. */
  ChannelInitializer<Channel> connectionInitializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        connections.add(ch);
        ch.attr(LIMITS).set(limits);
        ChannelPipeline p = ch.pipeline();
        p.addLast(new ConnectionGuard(limits, caps, context.metrics(), log, fatal));
        p.addLast(new ProtocolDetector());
      }
    };
  }

  /**
   * What an HTTP/2 connection needs once it carries streams, set up with the first: the count of
   * queued response bytes, the reset guard (a reset needs a stream first), flushes gathered, and
   * its streams' handler. An idle connection holds none of them.
   */
  private io.netty.channel.ChannelHandler firstStream(ChannelPipeline p) {
    String at = p.context(firstStream).name();
    p.addBefore(at, null, new QueuedBytes(guard(p.channel())));
    p.addBefore(at, null, new ResetGuard(limits, caps, context.metrics(), log));
    gatherFlushes(p);
    if (relay == null) {
      return multiplex();
    }
    // Below the (last) flush consolidation, so it sees only the flushes that go out.
    ChannelHandlerContext tls = p.context(SslHandler.class);
    p.addAfter(tls != null ? tls.name() : p.context(ConnectionGuard.class).name(), null, new WriteCoalescer());
    return new EdgeStreams(context, relay, this::multiplex);
  }

  private Http2Settings localSettings() {
    return Http2Settings.defaultSettings()
        .maxConcurrentStreams(limits.maxConcurrentStreams())
        .maxHeaderListSize(limits.maxHeaderListSize());
  }

  /** A SETTINGS frame as Netty's frame writer writes it. */
  static byte[] settingsFrame(Http2Settings settings) {
    io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
    PeerSettings.frameHead(b, 6 * settings.size(), 0);
    for (io.netty.util.collection.CharObjectMap.PrimitiveEntry<Long> e : settings.entries()) {
      b.writeShort(e.key()).writeInt(e.value().intValue());
    }
    byte[] bytes = io.netty.buffer.ByteBufUtil.getBytes(b);
    b.release();
    return bytes;
  }

  /** The frame codec and what follows it, after an idle connection's stand-in ({@link IdleHttp2}). */
  private void installCodec(ChannelHandlerContext idleContext) {
    ChannelPipeline p = idleContext.pipeline();
    p.addAfter(idleContext.name(), null, connectionErrors);
    p.addAfter(idleContext.name(), null, firstStream);
    p.addAfter(idleContext.name(), null, frameCodec());
  }

  private Http2FrameCodec frameCodec() {
    return (relay == null ? FairHttp2Codec.forServer() : FairHttp2Codec.forRelayServer())
        .initialSettings(localSettings())
        // Netty's count of every RST_STREAM is off: ResetGuard tells cancels from Rapid Reset.
        .decoderEnforceMaxRstFramesPerWindow(0, 0)
        .encoderEnforceMaxRstFramesPerWindow(200, 30)
        .gracefulShutdownTimeoutMillis(limits.gracefulShutdown().toMillis())
        .build();
  }

  private io.netty.channel.ChannelHandler multiplex() {
    return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        // First, on frames (a stream the relay takes is counted by its EdgeStream instead).
        ch.pipeline().addLast(new RequestProgress(guard(ch.parent()), fatal));
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
        ch.pipeline().addLast(new BodyLimit(context.routes(), limits.maxBodyBytes()));
        ch.pipeline().addLast(new RequestHandler(context));
      }
    });
  }

  /**
   * A relay flushes each stream's answer as it comes from the upstream connection (not in this
   * connection's read): gathered into one write per event-loop turn, before TLS and (so that one
   * turn's answers go out in one TLS record instead of a record and an SSLEngine call each) after
   * it. Set up with the first request, not when the connection opens: most connections sit idle.
   */
  private void gatherFlushes(ChannelPipeline p) {
    if (relay == null) {
      return;
    }
    p.addAfter(p.context(ConnectionGuard.class).name(), null, new FlushConsolidationHandler(256, true));
    ChannelHandlerContext tls = p.context(SslHandler.class);
    if (tls != null) {
      p.addAfter(tls.name(), null, new FlushConsolidationHandler(256, true));
    }
  }

  private static ConnectionGuard guard(Channel connection) {
    return connection.pipeline().get(ConnectionGuard.class);
  }

  private void http2(ChannelPipeline p) {
    guard(p.channel()).http2();
    // h2c with prior knowledge: the HTTP/1.1 pieces set up before the preface came are not needed.
    if (p.get(ObsFoldCheck.class) != null) {
      p.remove(ObsFoldCheck.class);
    }
    if (p.get(Http1Start.class) != null) {
      p.remove(Http1Start.class);
    }
    // The frame codec comes with the first request (IdleHttp2); the upgrade's request is one, so
    // h2c by upgrade gets it at once (cleartext()).
    p.addLast(new IdleHttp2(idle));
  }

  private HttpServerCodec http1Codec() {
    return new HttpServerCodec(new io.netty.handler.codec.http.HttpDecoderConfig()
        .setMaxInitialLineLength(4096).setMaxHeaderSize(limits.maxHeaderListSize()).setMaxChunkSize(8192)
        .setStrictLineParsing(true));
  }

  private void http1(ChannelPipeline p) {
    gatherFlushes(p);
    p.addLast(new ObsFoldCheck(guard(p.channel())));
    p.addLast(http1Codec());
    p.addLast(new QueuedBytes(guard(p.channel())));
    http1Requests(p, null);
  }

  /** The HTTP/1.1 request handlers after the codec (after {@code base} if given, else at the end). */
  private void http1Requests(ChannelPipeline p, String base) {
    io.netty.channel.ChannelHandler[] handlers = {new Http1RequestCheck(log),
        new RequestProgress(guard(p.channel()), fatal), new BodyLimit(context.routes(), limits.maxBodyBytes()),
        new RequestHandler(context)};
    if (base == null) {
      p.addLast(handlers);
      return;
    }
    for (int i = handlers.length - 1; i >= 0; i--) {
      p.addAfter(base, null, handlers[i]);
    }
  }

  private void tls(ChannelHandlerContext ctx) {
    ChannelPipeline p = ctx.pipeline();
    p.addLast(ssl.newHandler(ctx.alloc()));
    p.addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
      @Override
      protected void configurePipeline(ChannelHandlerContext c, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
          http2(c.pipeline());
        } else {
          http1(c.pipeline());
        }
      }

      @Override
      protected void handshakeFailure(ChannelHandlerContext c, Throwable cause) {
        // Netty logs every failed handshake with its stack trace; one line per peer is enough.
        log.peer(c.channel(), "TLS handshake failed: " + cause.getMessage(), cause);
        c.close();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        if (!fatal.check(cause)) {
          log.peer(c.channel(), "connection closed during TLS setup: " + cause, cause);
          c.close();
        }
      }
    });
  }

  private void cleartext(ChannelPipeline p) {
    HttpServerCodec codec = http1Codec();
    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(frameCodec(), firstStream, connectionErrors) : null,
        limits.maxBodyBytes());
    p.addLast(new ObsFoldCheck(guard(p.channel())));
    p.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        http2(ch.pipeline());
      }
    }));
    p.addLast(new Http1Start());
  }

  /**
   * The end of a cleartext pipeline before the protocol is known: reached only when the client
   * speaks plain HTTP/1.1 without asking to upgrade, then it sets up the HTTP/1.1 handlers.
   */
  private final class Http1Start extends SimpleChannelInboundHandler<HttpMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpMessage msg) {
      ChannelPipeline pipeline = ctx.pipeline();
      gatherFlushes(pipeline);
      pipeline.addBefore(ctx.name(), null, new QueuedBytes(guard(ctx.channel())));
      http1Requests(pipeline, ctx.name());
      pipeline.remove(this);
      ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent) {
        guard(ctx.channel()).http2();
      }
      super.userEventTriggered(ctx, evt);
    }
  }

  /** Looks at the first bytes of a connection and installs TLS or cleartext handling. */
  private final class ProtocolDetector extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      if (in.readableBytes() < 5) {
        return;
      }
      if (SslHandler.isEncrypted(in, false)) {
        if (ssl == null) {
          ctx.close();
          return;
        }
        tls(ctx);
      } else {
        cleartext(ctx.pipeline());
      }
      ctx.pipeline().remove(this);
    }
  }

  /**
   * The end of an HTTP/2 connection's pipeline. An HTTP/2 protocol error was already answered by
   * the frame codec with GOAWAY and the error code RFC 9113 names (closing here first would send
   * GOAWAY NO_ERROR instead); anything else (a reset socket) closes the connection. Either way one
   * rate-limited line is logged for the peer. Stateless and shared by a server's connections.
   */
  @io.netty.channel.ChannelHandler.Sharable
  private final class ConnectionErrors extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      io.netty.handler.codec.http2.Http2Exception h2 = Http2CodecUtil.getEmbeddedHttp2Exception(cause);
      if (h2 != null) {
        log.peer(ctx.channel(), "HTTP/2 " + h2.error() + ": " + h2.getMessage(), cause);
        return;
      }
      if (!(cause instanceof java.io.IOException)) {
        log.peer(ctx.channel(), "connection closed after " + cause, cause);
      }
      ctx.close();
    }
  }
}
