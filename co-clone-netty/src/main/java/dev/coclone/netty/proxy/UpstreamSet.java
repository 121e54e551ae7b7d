package dev.coclone.netty.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The completion services behind one proxy. Each request goes to the healthy one with the fewest
 * streams in flight (ties in turn); those marked down are tried last, longest down first, so a
 * proxy whose services are all down still gives each one attempt. Every service is health-checked
 * on a timer ({@link HealthProbe}) and comes back when it answers again. Thread-safe.
 */
final class UpstreamSet implements AutoCloseable {
  private final List<Upstream> upstreams;
  private final EventLoopGroup timer;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final AtomicInteger rotation = new AtomicInteger();
  private volatile ScheduledFuture<?> checks;

  /**
   * Creates the set; nothing is checked until {@link #startHealthChecks()}.
   *
   * @param upstreams      the services (at least one)
   * @param timer          where the checks run
   * @param intervalMillis time between checks of each service
   * @param timeoutMillis  how long a check waits for its answer
   */
  UpstreamSet(List<Upstream> upstreams, EventLoopGroup timer, long intervalMillis, long timeoutMillis) {
    if (upstreams.isEmpty()) {
      throw new IllegalArgumentException("at least one upstream is needed");
    }
    this.upstreams = List.copyOf(upstreams);
    this.timer = timer;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
  }

  /** The services, in the order given. */
  List<Upstream> all() {
    return upstreams;
  }

  /** The upstreams one request may try, best first. */
  UpstreamAttempts attempts() {
    int n = upstreams.size();
    if (n == 1) {
      return new UpstreamAttempts(upstreams, 1);
    }
    int start = Math.floorMod(rotation.getAndIncrement(), n);
    List<Upstream> usable = new ArrayList<>(n);
    List<Upstream> down = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Upstream u = upstreams.get((start + i) % n);
      (u.usable() ? usable : down).add(u);
    }
    usable.sort(Comparator.comparingInt(Upstream::inFlight));
    down.sort(Comparator.comparingLong(Upstream::downSinceNanos));
    usable.addAll(down);
    return new UpstreamAttempts(usable, n);
  }

  /**
   * Checks every service now and then on the timer.
   *
   * @return completes when the first round of checks has
   */
  CompletableFuture<Void> startHealthChecks() {
    CompletableFuture<Void> first = checkAll();
    checks = timer.scheduleWithFixedDelay(this::checkAll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    return first;
  }

  /** Checks every service once. */
  CompletableFuture<Void> checkAll() {
    return CompletableFuture.allOf(upstreams.stream().map(u -> HealthProbe.check(u, timeoutMillis))
        .toArray(CompletableFuture[]::new));
  }

  /** Services that answered their last check (or request). */
  int healthy() {
    return (int) upstreams.stream().filter(u -> u.state() == Upstream.State.UP).count();
  }

  /** Live connections to all services. */
  int liveConnections() {
    return upstreams.stream().mapToInt(u -> u.pool().liveConnections()).sum();
  }

  /**
   * The {@code upstreams} array of the proxy's {@code /healthz}: each service, its state, streams
   * in flight, connections, and why it is down.
   */
  ArrayNode toJson(ObjectMapper json) {
    ArrayNode list = json.createArrayNode();
    for (Upstream u : upstreams) {
      ObjectNode n = list.addObject().put("upstream", u.authority()).put("state", u.state().label())
          .put("in_flight", u.inFlight()).put("connections", u.pool().liveConnections());
      if (u.state() != Upstream.State.UP) {
        n.put("problem", u.problem());
      }
    }
    return list;
  }

  /** This set's lines of {@code /metrics} (Prometheus text 0.0.4). */
  String renderMetrics() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP coclone_proxy_upstreams_healthy Completion services behind the proxy that answered their last "
        + "health check.\n# TYPE coclone_proxy_upstreams_healthy gauge\ncoclone_proxy_upstreams_healthy ")
        .append(healthy()).append('\n');
    sb.append("# HELP coclone_proxy_upstream_up Whether a completion service answered its last health check "
        + "(1) or not (0).\n# TYPE coclone_proxy_upstream_up gauge\n");
    for (Upstream u : upstreams) {
      sb.append("coclone_proxy_upstream_up{upstream=\"").append(u.authority()).append("\"} ")
          .append(u.state() == Upstream.State.UP ? 1 : 0).append('\n');
    }
    sb.append("# HELP coclone_proxy_upstream_in_flight Streams relayed to a completion service now.\n"
        + "# TYPE coclone_proxy_upstream_in_flight gauge\n");
    for (Upstream u : upstreams) {
      sb.append("coclone_proxy_upstream_in_flight{upstream=\"").append(u.authority()).append("\"} ")
          .append(u.inFlight()).append('\n');
    }
    sb.append("# HELP coclone_proxy_upstream_down_total Times a completion service was found down.\n"
        + "# TYPE coclone_proxy_upstream_down_total counter\n");
    for (Upstream u : upstreams) {
      sb.append("coclone_proxy_upstream_down_total{upstream=\"").append(u.authority()).append("\"} ")
          .append(u.timesDown()).append('\n');
    }
    return sb.toString();
  }

  /** Stops the checks and closes every pool. */
  @Override
  public void close() {
    ScheduledFuture<?> c = checks;
    if (c != null) {
      c.cancel(false);
    }
    upstreams.forEach(u -> u.pool().close());
  }
}
