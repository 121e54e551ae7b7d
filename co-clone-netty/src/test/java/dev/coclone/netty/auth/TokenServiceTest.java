package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Tokens signed with the right key must still keep the rules: sub, iat, exp, at most 10 minutes. */
class TokenServiceTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private final TokenService tokens = new TokenService(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

  private static JwtBuilder signed() {
    return Jwts.builder().issuer("co-clone").signWith(new SecretKeySpec(SECRET, "HmacSHA256"), Jwts.SIG.HS256);
  }

  private InvalidTokenException refused(String token) {
    return assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
  }

  @Test
  void anIssuedTokenIsAccepted() throws Exception {
    assertEquals("api-key", tokens.verify(tokens.issue("api-key")));
    String handMade = signed().subject("page").issuedAt(Date.from(NOW))
        .expiration(Date.from(NOW.plus(Duration.ofMinutes(10)))).compact();
    assertEquals("page", tokens.verify(handMade));
  }

  @Test
  void aTokenMadeToLastTenYearsIsRefused() {
    String t = signed().subject("api-key").issuedAt(Date.from(NOW))
        .expiration(Date.from(NOW.plus(Duration.ofDays(3650)))).compact();
    InvalidTokenException e = refused(t);
    assertEquals("token_invalid", e.code());
    assertTrue(e.getMessage().contains("at most 10 minutes"), e.getMessage());
  }

  @Test
  void aTokenWithoutExpiryIsRefused() {
    InvalidTokenException e = refused(signed().subject("api-key").issuedAt(Date.from(NOW)).compact());
    assertTrue(e.getMessage().contains("'exp'"), e.getMessage());
  }

  @Test
  void aTokenWithoutIssueTimeOrSubjectIsRefused() {
    Date exp = Date.from(NOW.plus(Duration.ofMinutes(5)));
    assertTrue(refused(signed().subject("api-key").expiration(exp).compact()).getMessage().contains("'iat'"));
    assertTrue(refused(signed().issuedAt(Date.from(NOW)).expiration(exp).compact()).getMessage().contains("'sub'"));
  }

  @Test
  void aTokenIssuedInTheFutureIsRefusedBeyondTheClockSkew() throws Exception {
    Instant nextYear = NOW.plus(Duration.ofDays(365));
    String t = signed().subject("api-key").issuedAt(Date.from(nextYear))
        .expiration(Date.from(nextYear.plus(Duration.ofMinutes(5)))).compact();
    InvalidTokenException e = refused(t);
    assertTrue(e.getMessage().contains("in the future"), e.getMessage());
    Instant soon = NOW.plusSeconds(20);
    String withinSkew = signed().subject("api-key").issuedAt(Date.from(soon))
        .expiration(Date.from(soon.plus(Duration.ofMinutes(10)))).compact();
    assertEquals("api-key", tokens.verify(withinSkew), "a 20 s clock difference is tolerated");
  }

  @Test
  void anApiKeyUsedAsATokenIsToldWhereToExchangeIt() {
    InvalidTokenException e = refused("cc-Zm9vYmFyYmF6cXV4cXV1eHh4eHh4eHh4");
    assertEquals("token_malformed", e.code());
    assertTrue(e.getMessage().contains("if it is the API key, exchange it"), e.getMessage());
    assertTrue(e.getMessage().contains("POST /v1/token"), e.getMessage());
    assertTrue(!e.getMessage().contains("period"), e.getMessage());
  }

  @Test
  void aWordThatIsNoTokenIsToldWhatATokenIs() {
    InvalidTokenException e = refused("bad");
    assertEquals("token_malformed", e.code());
    assertTrue(e.getMessage().startsWith("this is not a token (a token has three parts"), e.getMessage());
    assertTrue(e.getMessage().contains("POST /v1/token"), e.getMessage());
  }

  @Test
  void aDamagedTokenIsToldToGetANewOneWithoutTheParsersInternals() {
    InvalidTokenException e = refused("abc.def.ghi");
    assertEquals("token_malformed", e.code());
    assertTrue(e.getMessage().startsWith("the token is damaged"), e.getMessage());
    assertTrue(e.getMessage().contains("POST /v1/token"), e.getMessage());
    assertTrue(!e.getMessage().contains("Unrecognized token") && !e.getMessage().contains("StreamReadFeature"),
        e.getMessage());
  }
}
