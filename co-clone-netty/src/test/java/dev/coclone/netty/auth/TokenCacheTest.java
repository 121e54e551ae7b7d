package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A verified token is remembered until its expiry and no longer; a token that fails any check is
 * never remembered, so it is checked in full (and refused) every time.
 */
class TokenCacheTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private final MovableClock clock = new MovableClock(NOW);
  private final TokenService tokens = new TokenService(SECRET, clock);

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aVerifiedTokenIsRememberedUntilItsExpiryAndRefusedAfterIt() throws Exception {
    String token = tokens.issue("api-key");
    assertEquals("api-key", tokens.verify(token));
    assertEquals(1, tokens.cachedTokens(), "a token that passed is remembered");
    clock.advance(TokenService.LIFETIME.minusSeconds(1));
    assertEquals("api-key", tokens.verify(token), "remembered, still valid a second before its expiry");
    clock.advance(Duration.ofSeconds(2));
    assertEquals("api-key", tokens.verify(token), "past exp, within the clock skew: the full check still accepts");
    assertEquals(0, tokens.cachedTokens(), "an expired entry is dropped and not put back");
    clock.advance(TokenService.CLOCK_SKEW);
    InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
    assertEquals("token_expired", e.code());
  }

  @Test
  void aTokenThatFailsVerificationIsNeverRemembered() throws Exception {
    String good = tokens.issue("api-key");
    String altered = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
    for (int i = 0; i < 3; i++) {
      assertEquals("token_bad_signature", assertThrows(InvalidTokenException.class, () -> tokens.verify(altered))
          .code());
    }
    String tenYears = Jwts.builder().issuer("co-clone").subject("api-key").issuedAt(Date.from(NOW))
        .expiration(Date.from(NOW.plus(Duration.ofDays(3650))))
        .signWith(new SecretKeySpec(SECRET, "HmacSHA256"), Jwts.SIG.HS256).compact();
    for (int i = 0; i < 3; i++) {
      assertEquals("token_invalid", assertThrows(InvalidTokenException.class, () -> tokens.verify(tenYears)).code());
    }
    assertEquals(0, tokens.cachedTokens());
  }

  @Test
  void aTokenRefusedAsIssuedInTheFutureIsCheckedAgainLater() throws Exception {
    Instant later = NOW.plus(Duration.ofMinutes(2));
    String future = Jwts.builder().issuer("co-clone").subject("page").issuedAt(Date.from(later))
        .expiration(Date.from(later.plus(Duration.ofMinutes(5))))
        .signWith(new SecretKeySpec(SECRET, "HmacSHA256"), Jwts.SIG.HS256).compact();
    assertThrows(InvalidTokenException.class, () -> tokens.verify(future));
    assertEquals(0, tokens.cachedTokens());
    clock.advance(Duration.ofMinutes(2));
    assertEquals("page", tokens.verify(future), "the refusal was not remembered either");
  }

  @Test
  void anotherKeysServiceDoesNotShareWhatThisOneVerified() throws Exception {
    String token = tokens.issue("api-key");
    tokens.verify(token);
    TokenService other = new TokenService("another secret of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8),
        clock);
    assertEquals("token_bad_signature", assertThrows(InvalidTokenException.class, () -> other.verify(token)).code());
  }

  @Test
  void theCacheIsBoundedAndSweepsExpiredEntriesWhenFull() {
    VerifiedTokens cache = new VerifiedTokens(2);
    cache.put("a", "s", 1_000, 0);
    cache.put("b", "s", 5_000, 0);
    cache.put("c", "s", 5_000, 0);
    assertEquals(2, cache.size(), "no room: not kept");
    assertNull(cache.get("c", 0));
    cache.put("c", "s", 5_000, 2_000);
    assertEquals("s", cache.get("c", 2_000).subject(), "the expired 'a' was swept to make room");
    assertNull(cache.get("a", 2_000));
    assertNull(cache.get("b", 5_000), "an entry is not answered at its expiry");
    cache.put("d", "s", 10, 10);
    assertNull(cache.get("d", 0), "an already expired token is not kept");
  }
}
