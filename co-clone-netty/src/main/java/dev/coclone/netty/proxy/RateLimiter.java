package dev.coclone.netty.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client: {@code burst} requests at once, refilled at {@code perSecond}. The
 * proxy keys it by the token's subject, not the token string, so a client that fetches fresh
 * tokens does not get fresh buckets.
 * Bounded: the least recently seen clients are forgotten first. Thread-safe.
 */
public final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private final Map<String, double[]> buckets = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
      return size() > 100_000;
    }
  };

  /**
   * Creates a limiter.
   *
   * @param perSecond sustained requests per second per client
   * @param burst     requests allowed at once
   * @throws IllegalArgumentException unless both are positive
   */
  public RateLimiter(double perSecond, double burst) {
    if (!(perSecond > 0) || !(burst >= 1)) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1, were " + perSecond + ", " + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /**
   * Takes one request from a client's bucket.
   *
   * @param client  the client's key (its token's subject)
   * @param nowNanos the time
   * @return 0 if allowed, else how many seconds until the next request would be
   */
  public synchronized long acquire(String client, long nowNanos) {
    double[] b = buckets.computeIfAbsent(client, k -> new double[] {burst, nowNanos});
    double elapsed = (nowNanos - b[1]) / 1e9;
    b[0] = Math.min(burst, b[0] + elapsed * perSecond);
    b[1] = nowNanos;
    if (b[0] >= 1) {
      b[0] -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - b[0]) / perSecond);
  }
}
