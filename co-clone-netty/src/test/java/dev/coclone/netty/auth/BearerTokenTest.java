package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
  @Test
  void readsTheCredentialWhateverTheSchemesCaseAndSpacing() {
    assertEquals("abc.def.ghi", BearerToken.parse("Bearer abc.def.ghi"));
    assertEquals("abc", BearerToken.parse("bearer   abc  "));
    assertEquals("abc", BearerToken.parse("BEARER\tabc"));
  }

  @Test
  void anythingElseIsNoCredential() {
    assertNull(BearerToken.parse(null));
    assertNull(BearerToken.parse(""));
    assertNull(BearerToken.parse("Bearer"));
    assertNull(BearerToken.parse("Bearer   "));
    assertNull(BearerToken.parse("Basic dXNlcjpwYXNz"));
    assertNull(BearerToken.parse("Bearerabc"));
  }
}
