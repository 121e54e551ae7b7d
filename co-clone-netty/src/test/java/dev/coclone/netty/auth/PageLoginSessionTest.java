package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
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

  private static String loginToken(PageLogin login) {
    return login.newLoginToken();
  }
}
