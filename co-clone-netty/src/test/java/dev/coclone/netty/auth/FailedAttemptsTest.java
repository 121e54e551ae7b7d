package dev.coclone.netty.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aPeerWithTooManyFailuresWaitsForTheWindowToEnd() {
    FailedAttempts f = new FailedAttempts(3, Duration.ofSeconds(60));
    for (int i = 0; i < 3; i++) {
      assertEquals(0, f.retryAfterSeconds("10.0.0.1", i * SECOND));
      f.failed("10.0.0.1", i * SECOND);
    }
    assertEquals(60, f.retryAfterSeconds("10.0.0.1", 0));
    assertEquals(50, f.retryAfterSeconds("10.0.0.1", 10 * SECOND));
    assertEquals(0, f.retryAfterSeconds("10.0.0.2", 10 * SECOND), "other peers are not affected");
    assertEquals(0, f.retryAfterSeconds("10.0.0.1", 60 * SECOND), "a new window");
    f.failed("10.0.0.1", 61 * SECOND);
    assertEquals(0, f.retryAfterSeconds("10.0.0.1", 61 * SECOND), "the count starts again");
  }
}
