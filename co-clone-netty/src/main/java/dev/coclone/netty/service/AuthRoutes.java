package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import dev.coclone.netty.auth.BearerToken;
import dev.coclone.netty.auth.TokenService;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Objects;

/**
 * Token issuance. {@code POST /v1/token} exchanges the long-lived API key for a 10-minute token.
 * {@code POST /v1/page-token} gives the demo pages a token without the user pasting the key; it
 * answers only a browser on this machine running a page served by this server: the peer must be
 * a loopback address, the {@code Origin} header must be this server's own origin (browsers set it
 * and pages cannot forge it), and the request must carry {@code X-CoClone-Page: 1}, a custom header
 * that makes a cross-origin request need a CORS preflight, which this server never approves.
 */
public final class AuthRoutes {
  private final TokenService tokens;
  private final String apiKey;
  private final ObjectMapper json;

  /**
   * Creates the routes.
   *
   * @param tokens issues tokens
   * @param apiKey the long-lived key clients exchange
   * @param json   the mapper
   */
  public AuthRoutes(TokenService tokens, String apiKey, ObjectMapper json) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The token routes (public: they check credentials themselves). */
  public Routes routes() {
    return Routes.builder()
        .addPublic("POST", "/v1/token", this::token)
        .addPublic("POST", "/v1/page-token", this::pageToken)
        .build();
  }

  private void token(Exchange ex) throws HttpError {
    String offered = BearerToken.parse(ex.header(HttpHeaderNames.AUTHORIZATION));
    if (offered == null) {
      throw new HttpError(401, "missing_api_key", "send 'Authorization: Bearer <api key>'; the key was printed at "
          + "first start (or set it with --api-key / COCLONE_API_KEY)");
    }
    if (!TokenService.sameKey(offered, apiKey)) {
      throw new HttpError(401, "invalid_api_key", "the API key is not the one this server was started with");
    }
    ex.json(200, issued("api-key"));
  }

  private void pageToken(Exchange ex) throws HttpError {
    if (!ex.fromLoopback()) {
      throw new HttpError(403, "not_local", "page tokens are only given to browsers on this machine; "
          + "use POST /v1/token with the API key");
    }
    String host = ex.header(HttpHeaderNames.HOST);
    if (host == null) {
      host = ex.header(":authority");
    }
    String origin = ex.header(HttpHeaderNames.ORIGIN);
    boolean sameOrigin = origin != null && host != null
        && (origin.equals("http://" + host) || origin.equals("https://" + host));
    if (!sameOrigin || !"1".equals(ex.header("x-coclone-page"))) {
      throw new HttpError(403, "not_same_origin", "page tokens are only given to pages served by this server; "
          + "other clients use POST /v1/token with the API key");
    }
    ex.json(200, issued("page"));
  }

  private ObjectNode issued(String subject) {
    ObjectNode n = json.createObjectNode();
    n.put("token", tokens.issue(subject));
    n.put("expires_in", TokenService.LIFETIME.toSeconds());
    return n;
  }
}
