package dev.coclone.netty.proxy;

import dev.coclone.netty.EdgeStream;
import dev.coclone.netty.StreamRelay;
import dev.coclone.netty.auth.InvalidTokenException;
import dev.coclone.netty.auth.TokenService;
import dev.coclone.netty.metrics.Metrics;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * The proxy's common case, relayed frame by frame: an HTTP/2 request with a valid token, within
 * its subject's rate, without an {@code Origin} (no CORS), when no latency is modelled. Its
 * headers are copied once into the upstream request (no intermediate map), its DATA frames'
 * buffers are passed on, not copied, and the answer comes back the same way
 * ({@link RelayedStream}). It goes to the least busy healthy service of the {@link UpstreamSet}
 * and fails over to the next as {@link RelayRoute} does ({@link UpstreamAttempts},
 * {@link UpstreamLoss}). Everything else (no or a bad token, public routes, 429, CORS, HTTP/1.1,
 * a body announced over the limit) goes to {@link RelayRoute} as before. Stateless and shared.
 */
final class FrameRelay implements StreamRelay {
  private static final AsciiString[] HOP_BY_HOP = {AsciiString.cached("connection"), AsciiString.cached("keep-alive"),
      AsciiString.cached("transfer-encoding"), AsciiString.cached("upgrade"), AsciiString.cached("host"),
      AsciiString.cached("http2-settings"), AsciiString.cached("proxy-connection"), AsciiString.cached("te")};
  private static final AsciiString HTTP = AsciiString.cached("http");
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString AUTHORIZATION = AsciiString.cached("authorization");
  private static final AsciiString ORIGIN = AsciiString.cached("origin");
  private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");

  private final UpstreamSet upstreams;
  private final UpstreamPublicRoutes publicRoutes;
  private final TokenService tokens;
  private final RateLimiter limiter;
  private final Metrics metrics;
  private final long maxBodyBytes;
  private final boolean enabled;

  FrameRelay(UpstreamSet upstreams, UpstreamPublicRoutes publicRoutes, TokenService tokens, RateLimiter limiter,
      LatencyModel latency, Metrics metrics, long maxBodyBytes) {
    this.upstreams = upstreams;
    this.publicRoutes = publicRoutes;
    this.tokens = tokens;
    this.limiter = limiter;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    // A modelled distance is applied per request by RelayRoute.
    this.enabled = latency == LatencyModel.NONE;
  }

  @Override
  public Relayed take(Http2Headers in, boolean endStream, EdgeStream stream) {
    if (!enabled || in.contains(ORIGIN) || "OPTIONS".contentEquals(in.method())) {
      return null;
    }
    CharSequence length = in.get(CONTENT_LENGTH);
    if (length != null && !withinBodyLimit(length)) {
      return null;
    }
    RelayClient client = RelayClient.of(stream.connection());
    String subject;
    try {
      subject = client.subject(tokens, in.get(AUTHORIZATION));
    } catch (InvalidTokenException refused) {
      return null;
    }
    if (limiter.acquire(subject, System.nanoTime()) > 0) {
      return null;
    }
    return new RelayedStream(this, upstreamHeaders(in, client.peer), endStream, stream);
  }

  /**
   * Whether a {@code content-length} is a number of digits within the body limit, read where it
   * is (no {@code String} made for every request); anything else (a sign, another character)
   * goes to {@link RelayRoute}, which answers it.
   */
  private boolean withinBodyLimit(CharSequence length) {
    int start = 0;
    int end = length.length();
    while (start < end && length.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && length.charAt(end - 1) <= ' ') {
      end--;
    }
    if (start == end || end - start > 18) {
      return false;
    }
    long n = 0;
    for (int i = start; i < end; i++) {
      char c = length.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      n = n * 10 + (c - '0');
    }
    return n <= maxBodyBytes;
  }

  /**
   * The client's headers for the upstream: its scheme, no hop-by-hop headers; the
   * {@code :authority} is set to the upstream each attempt goes to. The common request (no
   * hop-by-hop header, no pseudo-header of its own) is changed in place, not copied.
   */
  private Http2Headers upstreamHeaders(Http2Headers in, AsciiString peer) {
    Http2Headers out;
    if (relayable(in)) {
      out = in.scheme(HTTP);
    } else {
      out = new DefaultHttp2Headers(false, in.size() + 2);
      out.method(in.method()).path(in.path()).scheme(HTTP);
      for (Map.Entry<CharSequence, CharSequence> e : in) {
        CharSequence name = e.getKey();
        if (name.length() > 0 && name.charAt(0) != ':' && !hopByHop(name)) {
          out.add(name, e.getValue());
        }
      }
    }
    if (peer != null) {
      out.add(X_FORWARDED_FOR, peer);
    }
    return out;
  }

  /** Whether the client's headers can go upstream as they are (but for scheme and authority). */
  private static boolean relayable(Http2Headers in) {
    for (Map.Entry<CharSequence, CharSequence> e : in) {
      CharSequence name = e.getKey();
      if (name.length() > 0 && name.charAt(0) == ':' ? !requestPseudoHeader(name) : hopByHop(name)) {
        return false;
      }
    }
    return true;
  }

  private static boolean requestPseudoHeader(CharSequence name) {
    return Http2Headers.PseudoHeaderName.METHOD.value().contentEquals(name)
        || Http2Headers.PseudoHeaderName.PATH.value().contentEquals(name)
        || Http2Headers.PseudoHeaderName.SCHEME.value().contentEquals(name)
        || Http2Headers.PseudoHeaderName.AUTHORITY.value().contentEquals(name);
  }

  private static boolean hopByHop(CharSequence name) {
    for (AsciiString hop : HOP_BY_HOP) {
      if (hop.contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return AsciiString.regionMatches(name, true, 0, "x-http2-", 0, 8);
  }

  UpstreamSet upstreams() {
    return upstreams;
  }

  Metrics metrics() {
    return metrics;
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** After a relayed request reached the upstream: learn the public routes if they are not known yet. */
  void reachedUpstream() {
    if (publicRoutes.known() == null) {
      publicRoutes.refresh();
    }
  }
}
