package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageLoginSessionTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final String HOST = "localhost:5000";
  private final Clock now = Clock.fixed(Instant.parse("2026-11-29T05:00:00Z"), ZoneOffset.UTC);

  private static List<String> cookie(String session) {
    return List.of(PageLogin.cookieName(HOST) + "=" + session);
  }

  @Test
  void aSessionOutlivesARestartOfTheServerWithTheSameSecret() {
    String session = new PageLogin(now, SECRET).redeem(loginToken(new PageLogin(now, SECRET)));
    assertNull(session, "a login token of another server is not redeemed");
    PageLogin before = new PageLogin(now, SECRET);
    session = before.redeem(before.newLoginToken());
    assertNotNull(session);
    assertTrue(new PageLogin(now, SECRET).hasSession(cookie(session), HOST), "after a restart");
    assertFalse(new PageLogin(now, "another secret, also 32 bytes long".getBytes(StandardCharsets.UTF_8))
        .hasSession(cookie(session), HOST));
  }

  @Test
  void aTamperedOrExpiredSessionIsRefused() {
    PageLogin login = new PageLogin(now, SECRET);
    String session = login.redeem(login.newLoginToken());
    String[] parts = session.split("\\.");
    String laterExpiry = (Long.parseLong(parts[0]) + 86_400) + "." + parts[1] + "." + parts[2];
    assertFalse(login.hasSession(cookie(laterExpiry), HOST), "the expiry is signed");
    assertFalse(login.hasSession(cookie("x"), HOST));
    assertFalse(login.hasSession(cookie(session), "localhost:5001"), "another port's cookie name");
    Clock later = Clock.offset(now, PageLogin.SESSION_LIFETIME.plusSeconds(1));
    assertFalse(new PageLogin(later, SECRET).hasSession(cookie(session), HOST));
  }

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    private Instant at;

    Hands(Instant at) {
      this.at = at;
    }

    @Override
    public Instant instant() {
      return at;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aSpentLoginTokenIsRedeemedAgainOnlyWithTheProofItWasFirstSentWithAndOnlyWithinTheGrace() {
    Hands hands = new Hands(now.instant());
    PageLogin login = new PageLogin(hands, SECRET);
    String proof = "p".repeat(43);
    String token = login.newLoginToken();
    String first = login.redeem(token, proof);
    assertNotNull(first);
    assertNull(login.redeem(token), "another client, without the proof");
    assertNull(login.redeem(token, "q".repeat(43)), "another client, with a proof of its own");
    assertNull(login.redeem(token, proof.substring(1)), "a prefix of the proof");
    hands.at = hands.at.plus(PageLogin.RETRY_GRACE);
    String again = login.redeem(token, proof);
    assertNotNull(again, "the page that left before reading the answer, within the grace");
    assertNotEquals(first, again, "a session of its own");
    assertTrue(login.hasSession(cookie(again), HOST));
    hands.at = hands.at.plusSeconds(1);
    assertNull(login.redeem(token, proof), "after the grace");

    String noProof = login.newLoginToken();
    assertNotNull(login.redeem(noProof));
    assertNull(login.redeem(noProof, proof), "spent without a proof: never again");
    String shortProof = login.newLoginToken();
    assertNotNull(login.redeem(shortProof, "short"));
    assertNull(login.redeem(shortProof, "short"), "a guessable proof is not kept");
  }

  private static String loginToken(PageLogin login) {
    return login.newLoginToken();
  }
}
