package dev.coclone.netty;

import dev.coclone.netty.auth.InvalidTokenException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the requests of one HTTP/1.1 connection or one HTTP/2 stream: finds the route, checks
 * the token, runs the route, turns failures into JSON errors. When the channel closes (the client
 * closed its connection or reset its stream), the open exchange learns the client is gone.
 * Not sharable: it holds the current exchange.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = Logger.getLogger(RequestHandler.class.getName());
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
        String auth = ex.header(HttpHeaderNames.AUTHORIZATION);
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        server.tokens().verify(token);
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
    LOG.log(Level.FINE, "connection error", cause);
    ctx.close();
  }
}
