package dev.coclone.netty.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP/2 client for tests and benchmarks: h2c with prior knowledge on one long-lived
 * connection, one child channel per stream, so a caller can reset one stream (RST_STREAM CANCEL)
 * and keep using the connection, as an editor does when the user keeps typing.
 */
public final class H2TestClient implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel connection;

  /**
   * Connects to a server on 127.0.0.1.
   *
   * @param port the server's port
   * @throws InterruptedException if interrupted while connecting
   */
  public H2TestClient(int port) throws InterruptedException {
    connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
            ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        }).connect("127.0.0.1", port).sync().channel();
  }

  /** One request stream; its frames arrive as events. */
  public final class Stream {
    private final Http2StreamChannel channel;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private volatile int status;

    Stream(Http2StreamChannel channel) {
      this.channel = channel;
    }

    /**
     * The next event: {@code headers}, {@code data:<text>}, {@code end} or {@code closed}.
     *
     * @return the event, or null after 10 s without one
     * @throws InterruptedException if interrupted
     */
    public String next() throws InterruptedException {
      return events.poll(10, TimeUnit.SECONDS);
    }

    /** The response status, once the headers arrived. */
    public int status() {
      return status;
    }

    /**
     * Resets the stream (RST_STREAM CANCEL); the connection stays open. Returns once the stream is
     * closed.
     *
     * @return the {@link System#nanoTime()} at which the client's event loop began writing the
     *     RST_STREAM (the moment the client cancels, without the hand-off from the calling thread)
     */
    public long reset() {
      long at = channel.eventLoop().submit(() -> {
        long now = System.nanoTime();
        // On the event loop, closing a child channel writes and flushes its RST_STREAM at once.
        channel.close();
        return now;
      }).syncUninterruptibly().getNow();
      channel.closeFuture().syncUninterruptibly();
      return at;
    }

    /**
     * Reads data frames until the end.
     *
     * @return the body
     * @throws InterruptedException if interrupted
     */
    public String body() throws InterruptedException {
      StringBuilder sb = new StringBuilder();
      String e;
      while ((e = next()) != null && !e.equals("end") && !e.equals("closed")) {
        if (e.startsWith("data:")) {
          sb.append(e.substring(5));
        }
      }
      return sb.toString();
    }
  }

  /**
   * Sends a request as a new stream.
   *
   * @param method the method
   * @param path   the path
   * @param token  bearer token, or null
   * @param body   JSON body, or null
   * @return the stream
   * @throws InterruptedException if interrupted
   */
  public Stream request(String method, String path, String token, String body) throws InterruptedException {
    return request(method, path, token, body, "127.0.0.1");
  }

  /**
   * Sends a request as a new stream, naming a host of the caller's choice in {@code :authority}.
   *
   * @param method    the method
   * @param path      the path
   * @param token     bearer token, or null
   * @param body      JSON body, or null
   * @param authority the {@code :authority} to send, e.g. {@code localhost:5000}
   * @return the stream
   * @throws InterruptedException if interrupted
   */
  public Stream request(String method, String path, String token, String body, String authority)
      throws InterruptedException {
    Http2StreamChannelBootstrap b = new Http2StreamChannelBootstrap(connection);
    Stream[] holder = new Stream[1];
    Http2StreamChannel ch = b.handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
        Stream s = holder[0];
        if (frame instanceof Http2HeadersFrame h) {
          if (h.headers().status() != null) {
            s.status = Integer.parseInt(h.headers().status().toString());
          }
          s.events.add("headers");
          if (h.isEndStream()) {
            s.events.add("end");
          }
        } else if (frame instanceof Http2DataFrame d) {
          s.events.add("data:" + d.content().toString(StandardCharsets.UTF_8));
          if (d.isEndStream()) {
            s.events.add("end");
          }
        }
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        holder[0].events.add("closed");
      }
    }).open().sync().getNow();
    holder[0] = new Stream(ch);
    DefaultHttp2Headers headers = new DefaultHttp2Headers();
    headers.method(method).path(path).scheme("http").authority(authority);
    if (token != null) {
      headers.set("authorization", "Bearer " + token);
    }
    boolean hasBody = body != null;
    headers.set("content-type", "application/json");
    ch.write(new DefaultHttp2HeadersFrame(headers, !hasBody));
    if (hasBody) {
      ch.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true));
    }
    ch.flush();
    return holder[0];
  }

  /** True while the connection is open. */
  public boolean connectionOpen() {
    return connection.isActive();
  }

  @Override
  public void close() {
    connection.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
