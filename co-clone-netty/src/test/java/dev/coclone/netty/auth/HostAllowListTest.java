package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostAllowListTest {
  private final HostAllowList loopback = HostAllowList.loopback();

  @Test
  void loopbackNamesOnTheServersPortAreAnswered() {
    assertTrue(loopback.allows("localhost:5000", 5000));
    assertTrue(loopback.allows("127.0.0.1:5000", 5000));
    assertTrue(loopback.allows("[::1]:5000", 5000));
    assertTrue(loopback.allows("LOCALHOST:5000", 5000));
    assertTrue(loopback.allows("127.0.0.1", 5000), "no port: the server's own");
  }

  @Test
  void otherNamesAndPortsAreNot() {
    assertFalse(loopback.allows("evil.example:5000", 5000));
    assertFalse(loopback.allows("localhost:5001", 5000));
    assertFalse(loopback.allows("localhost.evil.example:5000", 5000));
    assertFalse(loopback.allows("127.0.0.1.nip.io:5000", 5000));
    assertFalse(loopback.allows("", 5000));
    assertFalse(loopback.allows(null, 5000));
    assertFalse(loopback.allows("[::1]:5000:5000", 5000));
  }

  @Test
  void allowedNamesWithOrWithoutAPort() {
    HostAllowList list = loopback.with("coclone.lan").with("gateway:8080").with("::2");
    assertTrue(list.allows("coclone.lan:5000", 5000));
    assertTrue(list.allows("gateway:8080", 5000));
    assertFalse(list.allows("gateway:5000", 5000));
    assertTrue(list.allows("[::2]:5000", 5000));
    assertThrows(IllegalArgumentException.class, () -> loopback.with("evil.example/path"));
    assertThrows(IllegalArgumentException.class, () -> loopback.with(" "));
  }
}
