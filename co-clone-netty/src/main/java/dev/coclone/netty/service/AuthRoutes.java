package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import dev.coclone.netty.auth.BearerToken;
import dev.coclone.netty.auth.FailedAttempts;
import dev.coclone.netty.auth.PageLogin;
import dev.coclone.netty.auth.TokenService;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.util.Objects;

/**
 * Token issuance. {@code POST /v1/token} exchanges the long-lived API key for a 10-minute token.
 * The pages get theirs without the key: with a login ({@link PageLogin}), a page exchanges the
 * one-time token of its URL at {@code POST /v1/login} for a session cookie, and
 * {@code POST /v1/page-token} then issues tokens to a request carrying that cookie and the page's
 * own {@code X-CoClone-Page: 1} header; {@code POST /v1/login-link} (with a token) makes another
 * one-time page URL. Without a login ({@code noLogin}, loopback servers only),
 * {@code /v1/page-token} answers a loopback peer whose {@code Origin} is the origin its
 * {@code Host} names (the server has already checked the {@code Host}), as before. Wrong API keys
 * and login links are counted per peer address ({@link FailedAttempts}): past the limit, 429.
 */
public final class AuthRoutes {
  private static final String PAGE_HEADER = "x-coclone-page";
  private final TokenService tokens;
  private final String apiKey;
  private final ObjectMapper json;
  private final PageLogin login;
  private final FailedAttempts failures;

  /**
   * Creates the routes.
   *
   * @param tokens   issues tokens
   * @param apiKey   the long-lived key clients exchange
   * @param json     the mapper
   * @param login    the pages' login, or null for {@code noLogin} (same-origin page tokens)
   * @param failures counts wrong API keys and login links per peer; a peer over the limit gets 429
   */
  public AuthRoutes(TokenService tokens, String apiKey, ObjectMapper json, PageLogin login,
      FailedAttempts failures) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.json = Objects.requireNonNull(json, "json");
    this.login = login;
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  /** The token routes (public: they check credentials themselves). */
  public Routes routes() {
    Routes.Builder b = Routes.builder()
        .addPublic("POST", "/v1/token", this::token)
        .addPublic("POST", "/v1/page-token", this::pageToken);
    if (login != null) {
      b.addPublic("POST", "/v1/login", this::login);
      b.add("POST", "/v1/login-link", this::loginLink);
    }
    return b.build();
  }

  private void token(Exchange ex) throws HttpError {
    if (tooManyFailures(ex)) {
      return;
    }
    String offered = BearerToken.parse(ex.header(HttpHeaderNames.AUTHORIZATION));
    if (offered == null) {
      throw new HttpError(401, "missing_api_key", "send 'Authorization: Bearer <api key>'; the key was printed at "
          + "first start (or set it with --api-key / --api-key-file / COCLONE_API_KEY)");
    }
    if (!TokenService.sameKey(offered, apiKey)) {
      failures.failed(FailedAttempts.key(ex.remoteAddress()), System.nanoTime());
      throw new HttpError(401, "invalid_api_key", "the API key is not the one this server was started with");
    }
    ex.json(200, issued("api-key"));
  }

  private void login(Exchange ex) throws HttpError {
    requirePageHeader(ex);
    if (tooManyFailures(ex)) {
      return;
    }
    String offered;
    String proof;
    try {
      JsonNode body = json.readTree(ex.bodyText());
      offered = body != null && body.path("login").isTextual() ? body.get("login").asText() : null;
      proof = body != null && body.path("proof").isTextual() ? body.get("proof").asText() : null;
    } catch (IOException e) {
      offered = null;
      proof = null;
    }
    if (offered == null) {
      throw new HttpError(400, "invalid_login_request", "send {\"login\": \"<the login token of the page URL>\", "
          + "\"proof\": \"<optional: a random value the page keeps, to redeem it again if it leaves before the "
          + "answer>\"}");
    }
    String session = login.redeem(offered, proof);
    if (session == null) {
      failures.failed(FailedAttempts.key(ex.remoteAddress()), System.nanoTime());
      throw new HttpError(401, "invalid_login", "this login link was used already or is not from this server's "
          + "current run; open the page with the link the server printed at its latest start (each link works once; "
          + "a browser that logged in stays logged in)");
    }
    ObjectNode n = json.createObjectNode();
    n.put("logged_in", true);
    n.put("expires_in", PageLogin.SESSION_LIFETIME.toSeconds());
    try {
      ex.send(200, "application/json", json.writeValueAsBytes(n), "set-cookie",
          login.setCookie(session, ex.header(HttpHeaderNames.HOST)), "cache-control", "no-store");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the login answer", e);
    }
  }

  /** A new one-time page URL, for a holder of a token (another browser, or cookies cleared). */
  private void loginLink(Exchange ex) {
    String host = ex.header(HttpHeaderNames.HOST);
    ObjectNode n = json.createObjectNode();
    n.put("url", "http://" + (host == null ? "localhost" : host) + "/?login=" + login.newLoginToken());
    ex.json(200, n);
  }

  private void pageToken(Exchange ex) throws HttpError {
    requirePageHeader(ex);
    if (login != null) {
      if (!login.hasSession(ex.headers().getAll(HttpHeaderNames.COOKIE), ex.header(HttpHeaderNames.HOST))) {
        throw new HttpError(401, "not_logged_in", "this browser has not logged in to this server: open the page "
            + "with the login link the server printed at start (http://localhost:<port>/?login=...); other clients "
            + "use POST /v1/token with the API key");
      }
      ex.json(200, issued("page"));
      return;
    }
    if (!ex.fromLoopback()) {
      throw new HttpError(403, "not_local", "page tokens are only given to browsers on this machine; "
          + "use POST /v1/token with the API key");
    }
    String host = ex.header(HttpHeaderNames.HOST);
    String origin = ex.header(HttpHeaderNames.ORIGIN);
    boolean sameOrigin = origin != null && host != null
        && (origin.equals("http://" + host) || origin.equals("https://" + host));
    if (!sameOrigin) {
      throw new HttpError(403, "not_same_origin", "page tokens are only given to pages served by this server; "
          + "other clients use POST /v1/token with the API key");
    }
    ex.json(200, issued("page"));
  }

  /** Answers 429 with Retry-After to a peer with too many recent failures; true if it did. */
  private boolean tooManyFailures(Exchange ex) {
    long wait = failures.retryAfterSeconds(FailedAttempts.key(ex.remoteAddress()), System.nanoTime());
    if (wait == 0) {
      return false;
    }
    ObjectNode n = json.createObjectNode();
    n.putObject("error").put("code", "too_many_failures").put("message", "more than " + failures.maxFailures()
        + " wrong API keys or login links from this address within " + failures.window().toSeconds()
        + " s; retry after " + wait + " s");
    try {
      ex.send(429, "application/json", json.writeValueAsBytes(n), "retry-after", Long.toString(wait));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the error", e);
    }
    return true;
  }

  private static void requirePageHeader(Exchange ex) throws HttpError {
    if (!"1".equals(ex.header(PAGE_HEADER))) {
      throw new HttpError(403, "page_header_missing", "only this server's pages log in here (they send "
          + "'X-CoClone-Page: 1'); other clients use POST /v1/token with the API key");
    }
  }

  private ObjectNode issued(String subject) {
    ObjectNode n = json.createObjectNode();
    n.put("token", tokens.issue(subject));
    n.put("expires_in", TokenService.LIFETIME.toSeconds());
    return n;
  }
}
