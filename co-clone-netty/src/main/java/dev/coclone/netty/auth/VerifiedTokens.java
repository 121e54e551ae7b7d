package dev.coclone.netty.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tokens {@link TokenService} has verified, each with its subject and kept only until the
 * token's own expiry, so that a token sent with every request is checked by HMAC once and then
 * looked up. Only tokens that passed every check are put here; a lookup after the expiry misses
 * (and drops the entry), so the caller verifies again and refuses the expired token as before.
 * Bounded: when full, expired entries are swept (at most once a second) and a token that still
 * finds no room is simply verified every time. Keyed by the token string itself: a client that
 * does not hold a verified token cannot hit an entry. Thread-safe.
 */
final class VerifiedTokens {
  private static final long SWEEP_EVERY_MILLIS = 1_000;

  private final ConcurrentHashMap<String, TokenService.Verified> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

  /**
   * Creates an empty cache.
   *
   * @param maxEntries the most tokens kept at once
   * @throws IllegalArgumentException unless positive
   */
  VerifiedTokens(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the verified-token cache needs room for at least 1 token, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** The subject and expiry of a verified token not yet expired at {@code nowMillis}, or null. */
  TokenService.Verified get(String token, long nowMillis) {
    TokenService.Verified e = entries.get(token);
    if (e == null) {
      return null;
    }
    if (nowMillis >= e.expiresAtMillis()) {
      entries.remove(token, e);
      return null;
    }
    return e;
  }

  /** Remembers a token that passed every check, until its expiry. */
  void put(String token, String subject, long expiresAtMillis, long nowMillis) {
    if (expiresAtMillis <= nowMillis) {
      return;
    }
    if (entries.size() >= maxEntries) {
      long next = nextSweep.get();
      if (nowMillis >= next && nextSweep.compareAndSet(next, nowMillis + SWEEP_EVERY_MILLIS)) {
        entries.values().removeIf(e -> nowMillis >= e.expiresAtMillis());
      }
      if (entries.size() >= maxEntries) {
        return;
      }
    }
    entries.put(token, new TokenService.Verified(subject, expiresAtMillis));
  }

  /** Tokens kept now. */
  int size() {
    return entries.size();
  }
}
