package dev.coclone.netty.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies short-lived tokens: HS256 JWTs signed with a key that every proxy and the
 * service share by configuration, so verification is local (no call back to an issuer). Where
 * {@link PluginTokens} are given (the service), it also accepts their long-lived plugin tokens,
 * told apart by their {@link PluginTokens#PREFIX}.
 * A JWT that passed every check is remembered until its expiry ({@value #MAX_CACHED_TOKENS} at most), so
 * the same token on the next request is not parsed and checked by HMAC again; plugin tokens are
 * checked every time (they can be revoked).
 */
public final class TokenService {
  /** How long a token is valid; tokens claiming a longer life are refused. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);
  /** How far the clocks of the issuer and a verifier may disagree. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  /** How many verified tokens are remembered at once (about 4 MB at most). */
  public static final int MAX_CACHED_TOKENS = 10_000;
  private static final String ISSUER = "co-clone";

  private final SecretKey key;
  private final Clock clock;
  private final PluginTokens plugins;
  private final JwtParser parser;
  private final VerifiedTokens verified = new VerifiedTokens(MAX_CACHED_TOKENS);

  /**
   * Creates a service with a signing key.
   *
   * @param secret at least 32 bytes of key material
   * @param clock  the clock (tests move it to expire tokens)
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes
   */
  public TokenService(byte[] secret, Clock clock) {
    this(secret, clock, null);
  }

  /**
   * Creates a service with a signing key that also accepts plugin tokens.
   *
   * @param secret  at least 32 bytes of key material
   * @param clock   the clock (tests move it to expire tokens)
   * @param plugins the plugin tokens accepted besides JWTs, or null for none
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes
   */
  public TokenService(byte[] secret, Clock clock, PluginTokens plugins) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the token signing secret needs at least 32 bytes, had " + secret.length);
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.plugins = plugins;
    this.parser = Jwts.parser().verifyWith(key).requireIssuer(ISSUER).clock(() -> Date.from(clock.instant()))
        .clockSkewSeconds(CLOCK_SKEW.toSeconds()).build();
  }

  /**
   * Issues a token.
   *
   * @param subject who it is for ({@code api-key}, {@code page})
   * @return the compact JWT
   */
  public String issue(String subject) {
    Instant now = clock.instant();
    return Jwts.builder().issuer(ISSUER).subject(subject).issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(LIFETIME))).signWith(key, Jwts.SIG.HS256).compact();
  }

  /**
   * A verified token's subject, and until when a caller that sees the very same token again may
   * take it as verified without asking (the token's own expiry, by this service's clock: see
   * {@link #unexpired}).
   *
   * @param subject         the token's subject ({@code plugin:NAME} for a plugin token)
   * @param expiresAtMillis the token's expiry in epoch milliseconds, or {@link Long#MIN_VALUE}
   *                        for a token to verify every time (plugin tokens, which can be revoked)
   */
  public record Verified(String subject, long expiresAtMillis) {
    /** Validates the subject. */
    public Verified {
      Objects.requireNonNull(subject, "subject");
    }
  }

  /**
   * Verifies a token: a token verified before and not yet expired is answered from memory;
   * any other is parsed and checked in full (signature, issuer, {@code sub}, {@code iat},
   * {@code exp}, the lifetime), and remembered only if it passes.
   *
   * @param token the compact JWT, or a plugin token
   * @return its subject ({@code plugin:NAME} for a plugin token)
   * @throws InvalidTokenException saying what is wrong with it
   */
  public String verify(String token) throws InvalidTokenException {
    return verifyUntil(token).subject();
  }

  /**
   * Verifies a token as {@link #verify} does, and says until when it stays valid, so that a caller
   * that sees the same token on every request (a connection) can keep the answer itself.
   *
   * @param token the compact JWT, or a plugin token
   * @return its subject and expiry
   * @throws InvalidTokenException saying what is wrong with it
   */
  public Verified verifyUntil(String token) throws InvalidTokenException {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("missing_token",
          "no token: send 'Authorization: Bearer <token>'; get one at POST /v1/token with your API key");
    }
    if (PluginTokens.looksLike(token)) {
      if (plugins == null) {
        throw new InvalidTokenException("token_unknown", "this server does not take plugin tokens; the completion "
            + "service the launcher starts does (a regional proxy verifies only the 10-minute tokens of "
            + "POST /v1/token): point the plugin at the service's port");
      }
      return new Verified(plugins.verify(token), Long.MIN_VALUE);
    }
    Verified known = verified.get(token, clock.millis());
    if (known != null) {
      return known;
    }
    try {
      Claims claims = parser.parseSignedClaims(token).getPayload();
      String subject = checkClaims(claims);
      // Kept until the expiry itself: after it, the full check decides (the clock skew included).
      long expiresAt = claims.getExpiration().getTime();
      verified.put(token, subject, expiresAt, clock.millis());
      return new Verified(subject, expiresAt);
    } catch (ExpiredJwtException e) {
      throw new InvalidTokenException("token_expired", "the token expired at " + e.getClaims().getExpiration()
          .toInstant() + "; get a new one at POST /v1/token (tokens last " + LIFETIME.toMinutes() + " minutes)");
    } catch (SignatureException e) {
      throw new InvalidTokenException("token_bad_signature",
          "the token's signature does not match: it was altered or signed with another key");
    } catch (UnsupportedJwtException e) {
      throw new InvalidTokenException("token_unsigned",
          "the token is not signed with HS256 (unsigned 'alg: none' tokens are refused)");
    } catch (MalformedJwtException e) {
      if (token.indexOf('.') < 0) {
        throw new InvalidTokenException("token_malformed", "this is not a token (a token has three parts "
            + "separated by dots); if it is the API key, exchange it at POST /v1/token (with 'Authorization: "
            + "Bearer <api key>') for a " + LIFETIME.toMinutes()
            + "-minute token and send that; for an editor plugin's settings create a long-lived plugin token "
            + "with 'java -jar co-clone-demo.jar token create NAME'");
      }
      // jjwt's message names its JSON parser's internals; say what is wrong and what to do instead.
      throw new InvalidTokenException("token_malformed", "the token is damaged: it has dots, but its parts are "
          + "not a token's (base64url JSON and a signature); it may have been cut or copied wrong: get a new one "
          + "at POST /v1/token (with 'Authorization: Bearer <api key>')");
    } catch (JwtException | IllegalArgumentException e) {
      throw new InvalidTokenException("token_invalid", "the token is not valid: " + e.getMessage());
    }
  }

  /**
   * The rules jjwt does not check by itself: a subject, an issue time not in the future, and an
   * expiry at most {@link #LIFETIME} after it (plus skew). A token signed with the right key but
   * made to last ten years, or issued next year, is refused.
   */
  private String checkClaims(Claims claims) throws InvalidTokenException {
    Date iat = claims.getIssuedAt();
    Date exp = claims.getExpiration();
    String sub = claims.getSubject();
    if (iat == null || exp == null || sub == null || sub.isBlank()) {
      throw new InvalidTokenException("token_invalid", "the token lacks " + (iat == null ? "'iat' (issued at)"
          : exp == null ? "'exp' (expiry)" : "'sub' (subject)") + "; tokens from POST /v1/token have them all");
    }
    Instant now = clock.instant();
    if (iat.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      throw new InvalidTokenException("token_invalid", "the token says it was issued at " + iat.toInstant()
          + ", in the future (this server's time is " + now + "); check the clocks, or get a new token");
    }
    Duration life = Duration.between(iat.toInstant(), exp.toInstant());
    if (life.compareTo(LIFETIME.plus(CLOCK_SKEW)) > 0) {
      throw new InvalidTokenException("token_invalid", "the token claims to last " + life.toMinutes()
          + " minutes; tokens last at most " + LIFETIME.toMinutes() + " minutes: get one at POST /v1/token");
    }
    return sub;
  }

  /**
   * Whether a token of this expiry (from {@link Verified#expiresAtMillis}) is still valid now, by
   * this service's clock; after it, the token must be verified again (and is refused then).
   *
   * @param expiresAtMillis the expiry
   * @return true while it has not passed
   */
  public boolean unexpired(long expiresAtMillis) {
    return clock.millis() < expiresAtMillis;
  }

  /** Verified tokens remembered now (for tests and metrics). */
  int cachedTokens() {
    return verified.size();
  }

  /**
   * Compares an offered API key with the configured one in constant time.
   *
   * @param offered  what the client sent
   * @param expected the configured key
   * @return true if equal
   */
  public static boolean sameKey(String offered, String expected) {
    if (offered == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(offered.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
