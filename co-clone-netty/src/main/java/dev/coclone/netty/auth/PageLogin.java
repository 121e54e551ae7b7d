package dev.coclone.netty.auth;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the pages log in without anyone pasting a key: the server makes one-time login tokens (the
 * launcher prints one in the page URL, {@code http://localhost:5000/?login=...}, so only the person
 * who started the server has it); a page exchanges one for a session, kept in an HttpOnly,
 * SameSite=Strict cookie. A session is signed with the server's token signing secret (expiry,
 * random id, HMAC-SHA256), so it needs no server-side state and outlives a restart of the server,
 * as Jupyter's cookie secret does: an editor page left open picks up a restarted server on its
 * own. Login tokens live in memory and work once, with one exception for the browser that spent
 * one: a page left (a click, a reload) after the server answered but before the browser read the
 * answer never got its cookie, so the page sends a random proof of its own with the token, keeps
 * both in its tab's storage until the answer comes, and the same token with the same proof is
 * redeemed again for {@link #RETRY_GRACE} after its first use. Nobody else holds that proof: a
 * spent token without it (another client, or a first use that sent none) is refused as before.
 * The cookie is named after the port the browser used ({@code coclone_session_5000}), because
 * browsers share cookies between the ports of one host. Thread-safe.
 */
public final class PageLogin {
  /** How long a session lasts. */
  public static final Duration SESSION_LIFETIME = Duration.ofDays(30);
  /** Unused login tokens kept at most; the oldest is dropped first. */
  public static final int MAX_LOGIN_TOKENS = 100;
  /** How long after its first use a login token is redeemed again for the same proof. */
  public static final Duration RETRY_GRACE = Duration.ofMinutes(2);
  /** A proof shorter than this (22 base64url characters: 128 bits) or longer than 256 is not kept. */
  private static final int MIN_PROOF = 22;
  private static final int MAX_PROOF = 256;
  private static final String COOKIE_PREFIX = "coclone_session_";

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Set<String> loginTokens = java.util.Collections.newSetFromMap(new LinkedHashMap<>());
  /** Tokens spent with a proof within the grace, oldest first. */
  private final LinkedHashMap<String, Spent> spent = new LinkedHashMap<>();
  private final SecretKeySpec key;

  /**
   * Creates the login with no login tokens yet.
   *
   * @param clock  the clock for session expiry
   * @param secret the key sessions are signed with (the server's token signing secret, which
   *               persists across restarts)
   */
  public PageLogin(Clock clock, byte[] secret) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.key = derive(Objects.requireNonNull(secret, "secret"));
  }

  /**
   * Makes a new one-time login token.
   *
   * @return the token, for the {@code login} query parameter of a page URL
   */
  public synchronized String newLoginToken() {
    String token = randomValue();
    loginTokens.add(token);
    if (loginTokens.size() > MAX_LOGIN_TOKENS) {
      Iterator<String> oldest = loginTokens.iterator();
      oldest.next();
      oldest.remove();
    }
    return token;
  }

  /**
   * Redeems a login token for a session; the token is then spent.
   *
   * @param loginToken what the page got in its URL
   * @return the new signed session, or null if the token is unknown or spent
   */
  public String redeem(String loginToken) {
    return redeem(loginToken, null);
  }

  /**
   * Redeems a login token for a session: an unused one (it is then spent), or one spent with this
   * same proof less than {@link #RETRY_GRACE} ago (the page that spent it left before reading the answer).
   *
   * @param loginToken what the page got in its URL
   * @param proof      a random value the page made and kept for this token, or null
   * @return the new signed session, or null if the token is unknown, or spent without this proof or too long ago
   */
  public synchronized String redeem(String loginToken, String proof) {
    if (loginToken == null) {
      return null;
    }
    Instant now = clock.instant();
    spent.values().removeIf(s -> now.isAfter(s.at().plus(RETRY_GRACE)));
    boolean usable = proof != null && proof.length() >= MIN_PROOF && proof.length() <= MAX_PROOF;
    if (loginTokens.remove(loginToken)) {
      if (usable) {
        spent.put(loginToken, new Spent(proof.getBytes(StandardCharsets.UTF_8), now));
        if (spent.size() > MAX_LOGIN_TOKENS) {
          Iterator<String> oldest = spent.keySet().iterator();
          oldest.next();
          oldest.remove();
        }
      }
      return newSession(now);
    }
    Spent s = spent.get(loginToken);
    if (s != null && usable && MessageDigest.isEqual(s.proof(), proof.getBytes(StandardCharsets.UTF_8))) {
      return newSession(now);
    }
    return null;
  }

  private record Spent(byte[] proof, Instant at) {}

  private String newSession(Instant now) {
    String body = now.plus(SESSION_LIFETIME).getEpochSecond() + "." + randomValue();
    return body + "." + sign(body);
  }

  /**
   * Whether a request carries a live session cookie.
   *
   * @param cookieHeaders the request's {@code Cookie} header values
   * @param host          the request's {@code Host} (names the cookie)
   * @return true if one of the cookies is a live session of this server
   */
  public boolean hasSession(List<String> cookieHeaders, String host) {
    String name = cookieName(host);
    for (String header : cookieHeaders) {
      for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
        if (c.name().equals(name) && live(c.value())) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean live(String session) {
    int dot = session.lastIndexOf('.');
    int first = session.indexOf('.');
    if (first <= 0 || dot <= first) {
      return false;
    }
    String body = session.substring(0, dot);
    byte[] given = session.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, sign(body).getBytes(StandardCharsets.US_ASCII))) {
      return false;
    }
    try {
      return !clock.instant().isAfter(Instant.ofEpochSecond(Long.parseLong(session.substring(0, first))));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A key of its own for sessions, so a session can never pass for a token signed with the same secret. */
  private static SecretKeySpec derive(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return new SecretKeySpec(mac.doFinal("co-clone page session".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private String sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /**
   * The {@code Set-Cookie} value that stores a session in the browser.
   *
   * @param session the signed session from {@link #redeem(String)}
   * @param host    the request's {@code Host} (names the cookie)
   * @return the header value
   */
  public String setCookie(String session, String host) {
    DefaultCookie c = new DefaultCookie(cookieName(host), session);
    c.setHttpOnly(true);
    c.setSameSite(CookieHeaderNames.SameSite.Strict);
    c.setPath("/");
    c.setMaxAge(SESSION_LIFETIME.toSeconds());
    return ServerCookieEncoder.STRICT.encode(c);
  }

  /**
   * The cookie's name for a {@code Host}: one per port, so servers on one host keep theirs apart.
   *
   * @param host the {@code Host} header (null or without a port: the default name)
   * @return e.g. {@code coclone_session_5000}
   */
  public static String cookieName(String host) {
    if (host != null) {
      int colon = host.lastIndexOf(':');
      if (colon > host.lastIndexOf(']')) {
        String port = host.substring(colon + 1).strip();
        if (!port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
          return COOKIE_PREFIX + port;
        }
      }
    }
    return COOKIE_PREFIX + "default";
  }

  private String randomValue() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
