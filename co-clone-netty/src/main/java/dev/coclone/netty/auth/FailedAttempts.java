package dev.coclone.netty.auth;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed credential checks (wrong API keys, spent or unknown login links) per peer
 * address, and refuses a peer with too many in a window until the window ends: a fixed window of
 * {@code window} per peer, opened by its first failure. Bounded: the least recently seen peers
 * are forgotten first. Thread-safe.
 */
public final class FailedAttempts {
  /** Failures a peer may have in a window (the default). */
  public static final int DEFAULT_MAX_FAILURES = 10;
  /** The window (the default). */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  private static final int MAX_PEERS = 10_000;

  private final int maxFailures;
  private final long windowNanos;
  private final Map<String, long[]> peers = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_PEERS;
    }
  };

  /** With the defaults: 10 failures per minute. */
  public FailedAttempts() {
    this(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW);
  }

  /**
   * Creates a counter.
   *
   * @param maxFailures failures allowed per window; the next attempt is refused
   * @param window      the window
   * @throws IllegalArgumentException unless both are positive
   */
  public FailedAttempts(int maxFailures, Duration window) {
    if (maxFailures < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("failures must be >= 1 and the window positive, were " + maxFailures
          + " and " + window);
    }
    this.maxFailures = maxFailures;
    this.windowNanos = window.toNanos();
  }

  /** The failures allowed per window. */
  public int maxFailures() {
    return maxFailures;
  }

  /** The window. */
  public Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  /**
   * Whether a peer may try now.
   *
   * @param peer     the peer's key ({@link #key(SocketAddress)})
   * @param nowNanos the time ({@link System#nanoTime()})
   * @return 0 if it may, else the seconds until it may (for {@code Retry-After})
   */
  public synchronized long retryAfterSeconds(String peer, long nowNanos) {
    long[] w = peers.get(peer);
    if (w == null || w[1] < maxFailures) {
      return 0;
    }
    long left = w[0] + windowNanos - nowNanos;
    if (left <= 0) {
      peers.remove(peer);
      return 0;
    }
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
  }

  /**
   * Counts a failure.
   *
   * @param peer     the peer's key
   * @param nowNanos the time
   */
  public synchronized void failed(String peer, long nowNanos) {
    long[] w = peers.get(peer);
    if (w == null || nowNanos - w[0] >= windowNanos) {
      w = new long[] {nowNanos, 0};
      peers.put(peer, w);
    }
    w[1]++;
  }

  /**
   * A peer's key: its IP address (its port changes with every connection).
   *
   * @param address the peer's socket address
   * @return the key
   */
  public static String key(SocketAddress address) {
    if (address instanceof InetSocketAddress a && a.getAddress() != null) {
      return a.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }
}
