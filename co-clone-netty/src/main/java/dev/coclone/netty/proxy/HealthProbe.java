package dev.coclone.netty.proxy;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One health check of an upstream: {@code GET /healthz} on a stream of its pool (which opens a
 * connection if it has none). A 200 within the timeout marks it up; anything else (no connection,
 * another status, no answer, the stream reset) marks it down with the reason. The PING check of
 * each pooled connection ({@link PingHealthCheck}) catches half-open connections in between.
 */
final class HealthProbe {
  /** The service's health route. */
  static final String PATH = "/healthz";

  private HealthProbe() {}

  /**
   * Checks the upstream once.
   *
   * @param upstream      the upstream
   * @param timeoutMillis how long to wait for the whole answer
   * @return completes (never exceptionally) once the upstream was marked up or down
   */
  static CompletableFuture<Void> check(Upstream upstream, long timeoutMillis) {
    CompletableFuture<Integer> status = new CompletableFuture<>();
    upstream.pool().openCheckStream(new StatusReader(status)).whenComplete((stream, err) -> {
      if (err != null) {
        status.completeExceptionally(err);
        return;
      }
      status.whenComplete((s, e) -> stream.close());
      stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").path(PATH)
          .scheme("http").authority(upstream.authority()), true));
    });
    return status.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).handle((s, err) -> {
      if (err == null && s == 200) {
        upstream.markUp();
      } else if (err == null) {
        upstream.markDown("GET " + PATH + " answered " + s);
      } else {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
            ? err.getCause() : err;
        upstream.markDown(cause instanceof TimeoutException ? "GET " + PATH + " not answered within "
            + timeoutMillis + " ms" : cause.getMessage());
      }
      return null;
    });
  }

  /**
   * Takes the status of the answer's headers and reports it once the answer has ended: resetting
   * the stream at its headers made the upstream's last DATA frame arrive on a reset stream, which
   * Netty logs at INFO level, once per check and upstream connection (every 2 s).
   */
  private static final class StatusReader implements UpstreamStream.Listener {
    private final CompletableFuture<Integer> status;
    private Integer seen;
    private java.io.IOException malformed;

    StatusReader(CompletableFuture<Integer> status) {
      this.status = status;
    }

    @Override
    public void read(UpstreamStream stream, Http2StreamFrame frame) {
      if (frame instanceof Http2HeadersFrame h && h.headers().status() != null && seen == null) {
        try {
          seen = Integer.parseInt(h.headers().status().toString());
        } catch (NumberFormatException e) {
          malformed = new java.io.IOException("a malformed :status " + h.headers().status(), e);
        }
      }
      ReferenceCountUtil.release(frame);
    }

    @Override
    public void closed(UpstreamStream stream) {
      if (seen != null) {
        status.complete(seen);
      } else {
        status.completeExceptionally(malformed != null ? malformed
            : new java.io.IOException("the stream of GET " + PATH + " closed unanswered"));
      }
    }
  }
}
