package dev.coclone.netty;

import java.time.Duration;

/**
 * Limits that protect a server from abuse and mistakes.
 *
 * @param maxBodyBytes         largest request body (bigger: 413)
 * @param maxConcurrentStreams HTTP/2 streams per connection
 * @param maxHeaderListSize    largest header block, bytes
 * @param idleTimeout          a connection with no traffic for this long is closed
 * @param gracefulShutdown     how long in-flight streams may run after GOAWAY
 */
public record ServerLimits(int maxBodyBytes, int maxConcurrentStreams, int maxHeaderListSize, Duration idleTimeout,
    Duration gracefulShutdown) {
  /** The defaults: 1 MiB bodies, 256 streams, 16 KiB headers, 5 min idle, 10 s drain. */
  public static ServerLimits defaults() {
    return new ServerLimits(1 << 20, 256, 16 * 1024, Duration.ofMinutes(5), Duration.ofSeconds(10));
  }
}
