package dev.coclone.netty.proxy;

import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.PublicRoutes;
import dev.coclone.netty.Route;
import dev.coclone.netty.auth.BearerToken;
import dev.coclone.netty.auth.FailedAttempts;
import dev.coclone.netty.auth.InvalidTokenException;
import dev.coclone.netty.auth.TokenService;
import dev.coclone.netty.metrics.Metrics;
import dev.coclone.wire.WireError;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Relays a request as a new stream on a pooled connection to the least busy healthy upstream
 * ({@link UpstreamSet}) and streams the answer back without buffering; a request the upstream
 * drops before answering goes to the next one ({@link UpstreamLoss}). The token is checked here,
 * locally; requests without a valid token pass only to the routes the service itself says are
 * public ({@link UpstreamPublicRoutes}). A client that goes away resets the upstream stream, which
 * cancels the completion in the service.
 */
final class RelayRoute implements Route {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
      "host", "http2-settings", "proxy-connection", "te");

  private final UpstreamSet upstreams;
  private final TokenService tokens;
  private final RateLimiter limiter;
  private final LatencyModel latency;
  private final Metrics metrics;
  private final EventLoopGroup timer;
  private final Set<String> allowedOrigins;
  private final UpstreamPublicRoutes publicRoutes;
  private final FailedAttempts failures;

  RelayRoute(UpstreamSet upstreams, UpstreamPublicRoutes publicRoutes, FailedAttempts failures, TokenService tokens,
      RateLimiter limiter, LatencyModel latency, Metrics metrics, EventLoopGroup timer, Set<String> allowedOrigins) {
    this.upstreams = upstreams;
    this.failures = failures;
    this.publicRoutes = publicRoutes;
    this.tokens = tokens;
    this.limiter = limiter;
    this.latency = latency;
    this.metrics = metrics;
    this.timer = timer;
    this.allowedOrigins = Set.copyOf(allowedOrigins);
  }

  @Override
  public void handle(Exchange ex) throws Exception {
    String origin = ex.header(HttpHeaderNames.ORIGIN);
    if ("OPTIONS".equals(ex.method()) && origin != null && allowedOrigins.contains(origin)) {
      // CORS preflight from a page of the Co-Clone app calling this region directly.
      ex.send(204, "text/plain", new byte[0], "access-control-allow-origin", origin,
          "access-control-allow-methods", "GET, POST, OPTIONS",
          "access-control-allow-headers", "authorization, content-type, x-coclone-location",
          "access-control-max-age", "600", "vary", "origin");
      return;
    }
    String token = BearerToken.parse(ex.header(HttpHeaderNames.AUTHORIZATION));
    String subject;
    try {
      subject = tokens.verify(token);
    } catch (InvalidTokenException refused) {
      // No valid token: pass only what the service says is public; until the proxy knows, wait.
      PublicRoutes known = publicRoutes.known();
      if (known != null) {
        relayIfPublic(ex, known, refused);
      } else {
        publicRoutes.get().whenComplete((routes, err) -> {
          if (err != null) {
            metrics.upstreamError("unreachable");
            ex.error(502, "upstream_unreachable", "this proxy cannot yet tell which paths are public: the "
                + "completion service behind it did not list them (" + err.getMessage() + "); send a token, or "
                + "try again shortly");
            return;
          }
          try {
            relayIfPublic(ex, routes, refused);
          } catch (HttpError e) {
            ex.error(e.status(), e.code(), e.getMessage());
          }
        });
      }
      return;
    }
    long wait = limiter.acquire(subject, System.nanoTime());
    if (wait > 0) {
      metrics.rateLimited();
      ex.send(429, "application/json", ("{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many requests for "
          + "this client; retry after " + wait + " s\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "retry-after", String.valueOf(wait));
      return;
    }
    delayThenRelay(ex);
  }

  /**
   * Relays a request without a valid token if the service says its route is public. Those routes
   * check credentials themselves (API keys, login links): a 401 from the service counts as a failed
   * attempt of the client's address, and an address with too many gets 429 here, before the
   * service (which sees all of this proxy's clients as one address) has to refuse them all.
   */
  private void relayIfPublic(Exchange ex, PublicRoutes routes, InvalidTokenException refused) throws HttpError {
    if (!routes.matches(ex.method(), ex.path())) {
      throw new HttpError(401, refused.code(), refused.getMessage());
    }
    String peer = FailedAttempts.key(ex.remoteAddress());
    long wait = failures.retryAfterSeconds(peer, System.nanoTime());
    if (wait > 0) {
      metrics.rateLimited();
      ex.send(429, "application/json", ("{\"error\":{\"code\":\"too_many_failures\",\"message\":\"more than "
          + failures.maxFailures() + " refused credentials from this address within " + failures.window().toSeconds()
          + " s; retry after " + wait + " s\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "retry-after", String.valueOf(wait));
      return;
    }
    delayThenRelay(ex, () -> failures.failed(peer, System.nanoTime()));
  }

  private void delayThenRelay(Exchange ex) {
    delayThenRelay(ex, null);
  }

  private void delayThenRelay(Exchange ex, Runnable onRefused) {
    Duration delay = latency.delay(ex);
    if (delay.isZero() || delay.isNegative()) {
      relay(ex, onRefused);
    } else {
      timer.schedule(() -> relay(ex, onRefused), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void relay(Exchange ex, Runnable onRefused) {
    if (ex.clientGone()) {
      return;
    }
    String origin = ex.header(HttpHeaderNames.ORIGIN);
    attempt(ex, origin != null && allowedOrigins.contains(origin) ? origin : null, onRefused, upstreams.attempts());
  }

  /** Sends the request to the next upstream to try; one that drops it unanswered passes it on (UpstreamLoss). */
  private void attempt(Exchange ex, String corsOrigin, Runnable onRefused, UpstreamAttempts attempts) {
    UpstreamLoss loss = new UpstreamLoss(ex, attempts, metrics, () -> attempt(ex, corsOrigin, onRefused, attempts));
    attempts.open(new Relay(ex, corsOrigin, onRefused, loss)).whenComplete((opened, err) -> {
      if (err == null && publicRoutes.known() == null) {
        publicRoutes.refresh();
      }
      if (err != null) {
        metrics.upstreamError("unreachable");
        CallerProtocol.of(ex.path()).send(ex, new WireError(502, "upstream_unreachable", err.getMessage()),
            "retry-after", "1");
        return;
      }
      UpstreamStream stream = opened.stream();
      ex.onClientGone(stream::close);
      Http2Headers headers = new DefaultHttp2Headers().method(ex.method()).path(ex.uri()).scheme("http")
          .authority(opened.upstream().authority());
      for (Map.Entry<String, String> h : ex.headers()) {
        String name = h.getKey().toLowerCase(Locale.ROOT);
        if (!HOP_BY_HOP.contains(name) && !name.startsWith(":") && !name.startsWith("x-http2-")) {
          headers.add(name, h.getValue());
        }
      }
      if (ex.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
        headers.add("x-forwarded-for", a.getAddress().getHostAddress());
      }
      byte[] body = ex.bodyBytes();
      stream.write(new DefaultHttp2HeadersFrame(headers, body.length == 0));
      if (body.length > 0) {
        stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
      }
      stream.flush();
    });
  }

  /** Streams the upstream's answer to the client. */
  private static final class Relay implements UpstreamStream.Listener {
    private final Exchange ex;
    private final String corsOrigin;
    private final Runnable onRefused;
    private final UpstreamLoss loss;
    private Exchange.Stream out;
    private boolean ended;

    Relay(Exchange ex, String corsOrigin, Runnable onRefused, UpstreamLoss loss) {
      this.ex = ex;
      this.corsOrigin = corsOrigin;
      this.onRefused = onRefused;
      this.loss = loss;
    }

    @Override
    public void read(UpstreamStream stream, Http2StreamFrame frame) {
      try {
        read(frame);
      } finally {
        ReferenceCountUtil.release(frame);
      }
    }

    private void read(Http2StreamFrame frame) {
      if (frame instanceof Http2HeadersFrame h) {
        if (out == null) {
          CharSequence status = h.headers().status();
          HttpHeaders headers = new DefaultHttpHeaders();
          for (Map.Entry<CharSequence, CharSequence> e : h.headers()) {
            if (e.getKey().length() > 0 && e.getKey().charAt(0) != ':') {
              headers.add(e.getKey(), e.getValue());
            }
          }
          if (corsOrigin != null) {
            headers.set("access-control-allow-origin", corsOrigin);
            headers.set("vary", "origin");
          }
          int code = status == null ? 502 : Integer.parseInt(status.toString());
          if (code == 401 && onRefused != null) {
            onRefused.run();
          }
          loss.answerHeaders(h.headers());
          out = ex.relay(code, headers);
        }
        if (h.isEndStream()) {
          end();
        }
      } else if (frame instanceof Http2DataFrame d) {
        if (out != null) {
          loss.relayed(d.content());
          out.write(d.content().retain());
        }
        if (d.isEndStream()) {
          end();
        }
      }
    }

    private void end() {
      ended = true;
      if (out != null) {
        out.end();
      }
    }

    @Override
    public void closed(UpstreamStream stream) {
      if (!ended && !ex.clientGone()) {
        // The upstream reset the stream or its connection died before the answer's end.
        loss.lost(stream, ex, out);
      }
    }
  }
}
