package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds every pipeline of a server in one place. A connection starts with a detector that looks
 * at the first bytes: a TLS handshake gets TLS with ALPN (h2 or http/1.1); anything else gets the
 * cleartext handler that takes h2c with prior knowledge, h2c by upgrade, or stays HTTP/1.1. Every
 * HTTP/2 stream becomes a child channel that speaks HTTP objects, so the same request handler
 * serves HTTP/1.1 and HTTP/2.
 */
final class Pipelines {
  private final ServerContext context;
  private final SslContext ssl;
  private final ServerLimits limits;

  private final io.netty.channel.group.ChannelGroup connections;
  private final TransportLog log = new TransportLog();

  Pipelines(ServerContext context, SslContext ssl, ServerLimits limits, io.netty.channel.group.ChannelGroup connections) {
    this.context = context;
    this.ssl = ssl;
    this.limits = limits;
    this.connections = connections;
  }

  /** The initializer for accepted connections. */
  ChannelInitializer<Channel> connectionInitializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast(new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast(new ConnectionTracker(context));
        p.addLast(new ProtocolDetector());
      }
    };
  }

  private Http2FrameCodec frameCodec() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(Http2Settings.defaultSettings()
            .maxConcurrentStreams(limits.maxConcurrentStreams())
            .maxHeaderListSize(limits.maxHeaderListSize()))
        // Netty's count of every RST_STREAM is off: ResetGuard tells cancels from Rapid Reset.
        .decoderEnforceMaxRstFramesPerWindow(0, 0)
        .encoderEnforceMaxRstFramesPerWindow(200, 30)
        .gracefulShutdownTimeoutMillis(limits.gracefulShutdown().toMillis())
        .build();
  }

  private Http2MultiplexHandler multiplex() {
    return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
        ch.pipeline().addLast(new HttpObjectAggregator(limits.maxBodyBytes()));
        ch.pipeline().addLast(new RequestHandler(context));
      }
    });
  }

  private void http2(ChannelPipeline p) {
    p.addLast(frameCodec());
    p.addLast(new ResetGuard(limits, context.metrics(), log));
    p.addLast(multiplex());
    p.addLast(new ConnectionErrors());
  }

  private void http1(ChannelPipeline p) {
    p.addLast(new HttpServerCodec(4096, limits.maxHeaderListSize(), 8192));
    p.addLast(new HttpObjectAggregator(limits.maxBodyBytes()));
    p.addLast(new RequestHandler(context));
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
    });
  }

  private void cleartext(ChannelPipeline p) {
    HttpServerCodec codec = new HttpServerCodec(4096, limits.maxHeaderListSize(), 8192);
    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(frameCodec(),
            new ResetGuard(limits, context.metrics(), log), multiplex(), new ConnectionErrors()) : null, limits.maxBodyBytes());
    p.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        http2(ch.pipeline());
      }
    }));
    // Reached only when the client speaks plain HTTP/1.1 without asking to upgrade.
    p.addLast(new SimpleChannelInboundHandler<HttpMessage>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, HttpMessage msg) {
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), null, new RequestHandler(context));
        pipeline.replace(this, null, new HttpObjectAggregator(limits.maxBodyBytes()));
        ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
      }
    });
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
   * rate-limited line is logged for the peer.
   */
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

  /** Counts connections and closes idle ones. */
  private static final class ConnectionTracker extends ChannelDuplexHandler {
    private final ServerContext context;

    ConnectionTracker(ServerContext context) {
      this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      context.metrics().connections(1);
      super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      context.metrics().connections(-1);
      super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
        return;
      }
      super.userEventTriggered(ctx, evt);
    }
  }
}
