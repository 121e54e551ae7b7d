package dev.coclone.netty;

import dev.coclone.netty.auth.BearerToken;
import dev.coclone.netty.auth.InvalidTokenException;
import dev.coclone.netty.auth.PageLogin;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the requests of one HTTP/1.1 connection or one HTTP/2 stream: checks that the request
 * names this server ({@code Host}), finds the route, checks the token, runs the route, turns
 * failures into JSON errors. When the channel closes (the client closed its connection or reset
 * its stream), the open exchange learns the client is gone. Not sharable: it holds the current
 * exchange.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = Logger.getLogger(RequestHandler.class.getName());
  /** The header the pages send with every call: CSRF protection for the session cookie. */
  static final String PAGE_HEADER = "x-coclone-page";
  private final ServerContext server;
  private volatile Exchange current;

  /**
   * Creates a handler.
   *
   * @param server routes, auth and metrics
   */
  RequestHandler(ServerContext server) {
    this.server = server;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    Exchange ex = new Exchange(ctx, request, server.json());
    current = ex;
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      ex.error(400, "bad_request", "the request could not be parsed: " + decoded.cause().getMessage());
      return;
    }
    String refusedHost = refusedHost(ctx, request);
    if (refusedHost != null) {
      ex.error(403, "host_not_allowed", refusedHost);
      return;
    }
    String path = ex.path();
    Routes.Match match = server.routes().find(ex.method(), path);
    if (match == null) {
      var methods = server.routes().methodsFor(path);
      if (!methods.isEmpty()) {
        ex.error(405, "method_not_allowed", ex.method() + " is not allowed on " + path
            + "; use " + String.join(" or ", methods));
      } else {
        ex.error(404, "not_found", "no such endpoint: " + path + "; see docs/api.md for the API");
      }
      return;
    }
    server.metrics().request(match.name());
    ex.errorShape(match.route().errorShape());
    try {
      if (match.needsToken()) {
        authorize(ex, request);
      }
      match.route().handle(ex);
    } catch (InvalidTokenException e) {
      ex.error(401, e.code(), e.getMessage());
    } catch (HttpError e) {
      ex.error(e.status(), e.code(), e.getMessage());
    } catch (Exception e) {
      LOG.log(Level.WARNING, "request to " + path + " failed", e);
      ex.error(500, "internal_error", "the server failed: " + e + "; see the server log");
    }
  }

  /**
   * Checks the request's {@code Host} (HTTP/2's {@code :authority} arrives as {@code Host}); every
   * value must name this server, so a DNS-rebinding page is refused on every route.
   *
   * @return null if allowed, else the message saying why not and how to allow the name
   */
  private String refusedHost(ChannelHandlerContext ctx, FullHttpRequest request) {
    Channel ch = ctx.channel() instanceof Http2StreamChannel stream ? stream.parent() : ctx.channel();
    int port = ch.localAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
    List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.isEmpty()) {
      return "the request names no host (no Host header or :authority); this server answers to "
          + server.hosts().describe(port);
    }
    for (String host : hosts) {
      if (!server.hosts().allows(host, port)) {
        String name = host.strip();
        int colon = name.lastIndexOf(':');
        String bare = colon > name.lastIndexOf(']') ? name.substring(0, colon) : name;
        return "this server answers only to " + server.hosts().describe(port) + ", not to '" + name + "' (a page "
            + "of another site can make a browser send that name; such requests are refused). If you reach this "
            + "server by that name on purpose, start it with --allow-host " + bare
            + " (or allowHost(\"" + bare + "\") on the server builder)";
      }
    }
    return null;
  }

  /**
   * A route that needs a token takes a bearer token, or (for the pages) the session cookie
   * together with the page's own {@code X-CoClone-Page: 1} header, which another site's page
   * cannot send without a CORS preflight that this server never approves.
   */
  private void authorize(Exchange ex, FullHttpRequest request) throws InvalidTokenException, HttpError {
    String bearer = BearerToken.parse(ex.header(HttpHeaderNames.AUTHORIZATION));
    PageLogin login = server.login();
    if (bearer == null && login != null
        && login.hasSession(request.headers().getAll(HttpHeaderNames.COOKIE), ex.header(HttpHeaderNames.HOST))) {
      if (!"1".equals(ex.header(PAGE_HEADER))) {
        throw new HttpError(403, "page_header_missing", "the session cookie is accepted only with the header "
            + "'X-CoClone-Page: 1' that this server's pages send; other clients use 'Authorization: Bearer <token>'");
      }
      return;
    }
    server.tokens().verify(bearer);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    Exchange ex = current;
    if (ex != null) {
      ex.clientWentAway();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (FatalErrors.isOutOfMemory(cause)) {
      new FatalErrors().check(cause); // a server out of memory exits, so a supervisor restarts it
    }
    LOG.log(Level.FINE, "connection error", cause);
    ctx.close();
  }
}
