package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long-lived plugin tokens: hashed, owner-only, revocable by another process without a restart. */
class PluginTokensTest {
  private static final byte[] SECRET = new byte[32];

  @TempDir
  Path home;

  @Test
  void aCreatedTokenIsAcceptedAndOnlyItsHashIsStoredOwnerOnly() throws Exception {
    PluginTokens tokens = new PluginTokens(home);
    PluginTokens.Created c = tokens.create("vscode-laptop");
    assertTrue(c.token().startsWith(PluginTokens.PREFIX), c.token());
    assertEquals("plugin:vscode-laptop", tokens.verify(c.token()));
    String stored = Files.readString(c.file());
    assertFalse(stored.contains(c.token().substring(PluginTokens.PREFIX.length())), "the token itself is not stored");
    assertTrue(stored.contains(PluginTokens.sha256(c.token())), stored);
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(c.file())));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
  }

  @Test
  void aRevocationByAnotherProcessIsSeenAtTheNextRequest() throws Exception {
    PluginTokens server = new PluginTokens(home);
    PluginTokens cli = new PluginTokens(home);
    String token = cli.create("tabby").token();
    assertEquals("plugin:tabby", server.verify(token), "a token created after the server read the file");
    assertTrue(cli.revoke("tabby"));
    InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> server.verify(token));
    assertEquals("token_revoked", e.code());
    assertTrue(e.getMessage().contains("'tabby' was revoked"), e.getMessage());
    assertTrue(e.getMessage().contains("token create tabby"), "says what to do: " + e.getMessage());
    assertFalse(cli.revoke("tabby"), "revoked once");
  }

  @Test
  void anUnknownTokenSaysHowToCreateOne() throws Exception {
    PluginTokens tokens = new PluginTokens(home);
    InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> tokens.verify("ccp_nothing"));
    assertEquals("token_unknown", e.code());
    assertTrue(e.getMessage().contains("token create NAME"), e.getMessage());
  }

  @Test
  void namesAreCheckedAndAValidOneIsNotTakenTwice() throws Exception {
    PluginTokens tokens = new PluginTokens(home);
    assertThrows(IllegalArgumentException.class, () -> tokens.create("has space"));
    assertThrows(IllegalArgumentException.class, () -> tokens.create("../x"));
    tokens.create("ide");
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> tokens.create("ide"));
    assertTrue(twice.getMessage().contains("revoke it first"), twice.getMessage());
    tokens.revoke("ide");
    String again = tokens.create("ide").token();
    assertEquals("plugin:ide", tokens.verify(again), "a revoked name can be used again");
    assertEquals(1, tokens.list().size(), tokens.list().toString());
  }

  @Test
  void theTokenServiceAcceptsPluginTokensWithoutTheTenMinuteLimitAndJwtsKeepIt() throws Exception {
    PluginTokens plugins = new PluginTokens(home);
    String plugin = plugins.create("llama-vscode").token();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    TokenService now = new TokenService(SECRET, Clock.fixed(t0, ZoneOffset.UTC), plugins);
    String jwt = now.issue("api-key");
    TokenService later = new TokenService(SECRET, Clock.fixed(t0.plus(Duration.ofDays(30)), ZoneOffset.UTC), plugins);
    assertEquals("plugin:llama-vscode", later.verify(plugin), "a month later the plugin token still works");
    assertEquals("token_expired", assertThrows(InvalidTokenException.class, () -> later.verify(jwt)).code());
    InvalidTokenException proxy = assertThrows(InvalidTokenException.class,
        () -> new TokenService(SECRET, Clock.systemUTC()).verify(plugin));
    assertTrue(proxy.getMessage().contains("service's port"), "where plugin tokens are not taken: "
        + proxy.getMessage());
  }
}
