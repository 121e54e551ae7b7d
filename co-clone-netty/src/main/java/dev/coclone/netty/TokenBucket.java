package dev.coclone.netty;

/**
 * A token bucket on the nanosecond clock: holds up to {@code burst} tokens and refills
 * {@code perSecond} a second. Not thread-safe: each connection's handler owns one and uses it on
 * its event loop.
 */
final class TokenBucket {
  private final double burst;
  private final double perNano;
  private double tokens;
  private long last;

  TokenBucket(int burst, int perSecond, long nowNanos) {
    this.burst = burst;
    this.perNano = perSecond / 1e9;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /** Takes one token; false when the bucket is empty (the limit is exceeded). */
  boolean take(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
    last = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
