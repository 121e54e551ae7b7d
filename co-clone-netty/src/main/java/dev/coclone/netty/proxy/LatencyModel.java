package dev.coclone.netty.proxy;

import dev.coclone.netty.Exchange;
import java.time.Duration;

/**
 * Extra delay a proxy adds before relaying a request: zero in production; the multi-region demo
 * uses it to simulate the wide-area distance between a user and a region.
 */
@FunctionalInterface
public interface LatencyModel {
  /** No added delay. */
  LatencyModel NONE = ex -> Duration.ZERO;

  /**
   * The delay for a request.
   *
   * @param exchange the request
   * @return how long to wait before relaying it
   */
  Duration delay(Exchange exchange);
}
