package dev.coclone.netty.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coclone.netty.PublicRoutes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the service behind a proxy says is public, read from the service itself (any of them: all run the same routes) ({@code GET}
 * {@link PublicRoutes#PATH}) instead of kept as a copy. Read when the proxy starts, and again
 * after the upstream connection it was read on closes (the service may have restarted with other
 * routes). Until a read succeeds the proxy knows nothing to be public: requests without a valid
 * token wait for the read and are refused if it fails (fail closed). A service that does not
 * publish its routes (404) is taken to have none public. Thread-safe.
 */
final class UpstreamPublicRoutes {
  private static final Logger LOG = Logger.getLogger(UpstreamPublicRoutes.class.getName());
  private static final int MAX_BYTES = 64 * 1024;
  private static final long TIMEOUT_MILLIS = 5_000;

  private final UpstreamSet upstreams;
  private final ObjectMapper json;
  private volatile PublicRoutes known;
  private CompletableFuture<PublicRoutes> reading;
  private volatile boolean closed;

  /**
   * Creates the reader (nothing is read until {@link #refresh()} or {@link #get()}).
   *
   * @param upstreams the services (any one that answers is asked)
   * @param json      the mapper
   */
  UpstreamPublicRoutes(UpstreamSet upstreams, ObjectMapper json) {
    this.upstreams = upstreams;
    this.json = json;
  }

  /** The public routes if known now, else null. */
  PublicRoutes known() {
    return known;
  }

  /** The public routes: now if known, else once read from the upstream (or a failure). */
  CompletableFuture<PublicRoutes> get() {
    PublicRoutes k = known;
    return k != null ? CompletableFuture.completedFuture(k) : refresh();
  }

  /** Reads the public routes again unless a read is under way; returns that read. */
  synchronized CompletableFuture<PublicRoutes> refresh() {
    if (reading != null && !reading.isDone()) {
      return reading;
    }
    CompletableFuture<PublicRoutes> f = new CompletableFuture<>();
    reading = f;
    upstreams.attempts().open(new Reader(f)).whenComplete((opened, err) -> {
      if (err != null) {
        f.completeExceptionally(err);
        return;
      }
      Channel connection = opened.stream().connection();
      opened.stream().writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET")
          .path(PublicRoutes.PATH).scheme("http").authority(opened.upstream().authority()), true));
      f.thenAccept(routes -> {
        known = routes;
        // Forget them with the connection they came on; read again for the next one.
        connection.closeFuture().addListener(x -> {
          if (known == routes) {
            known = null;
          }
          if (!closed) {
            refresh();
          }
        });
      });
    });
    f.orTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).whenComplete((r, err) -> {
      if (err != null) {
        LOG.log(Level.FINE, "could not read the upstream's public routes", err);
      }
    });
    return f;
  }

  /** Stops re-reading. */
  void close() {
    closed = true;
  }

  /** Collects the answer of one {@code GET /v1/public-routes} stream. */
  private final class Reader implements UpstreamStream.Listener {
    private final CompletableFuture<PublicRoutes> result;
    private final ByteBuf body = Unpooled.buffer();
    private int status;

    Reader(CompletableFuture<PublicRoutes> result) {
      this.result = result;
    }

    @Override
    public void read(UpstreamStream stream, Http2StreamFrame frame) {
      try {
        read0(stream, frame);
      } finally {
        ReferenceCountUtil.release(frame);
      }
    }

    private void read0(UpstreamStream stream, Http2StreamFrame frame) {
      boolean end = false;
      if (frame instanceof Http2HeadersFrame h) {
        if (status == 0 && h.headers().status() != null) {
          status = Integer.parseInt(h.headers().status().toString());
        }
        end = h.isEndStream();
      } else if (frame instanceof Http2DataFrame d) {
        if (body.readableBytes() + d.content().readableBytes() > MAX_BYTES) {
          result.completeExceptionally(new IOException("the upstream's public routes exceed " + MAX_BYTES + " bytes"));
          stream.close();
          return;
        }
        body.writeBytes(d.content());
        end = d.isEndStream();
      }
      if (end) {
        finish();
        stream.close();
      }
    }

    private void finish() {
      if (status == 404) {
        LOG.warning("the upstream does not publish its public routes at " + PublicRoutes.PATH
            + " (an older service?): every request through this proxy needs a token");
        result.complete(PublicRoutes.NONE);
        return;
      }
      try {
        if (status != 200) {
          throw new IOException("the upstream answered " + status + " at " + PublicRoutes.PATH);
        }
        result.complete(PublicRoutes.fromJson(json.readTree(body.toString(StandardCharsets.UTF_8))));
      } catch (IOException | IllegalArgumentException e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public void closed(UpstreamStream stream) {
      body.release();
      result.completeExceptionally(new IOException("the upstream closed the stream before listing its public routes"));
    }
  }
}
