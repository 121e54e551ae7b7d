package dev.coclone.netty.route;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks every region's {@code /healthz} on a schedule, without blocking (asynchronous HTTP), and
 * feeds the results to {@link RegionHealth}.
 */
public final class HealthChecker implements AutoCloseable {
  private final List<Region> regions;
  private final RegionHealth health;
  private final Duration timeout;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofMillis(500)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "co-clone-health-checks");
    t.setDaemon(true);
    return t;
  });

  /**
   * Creates a checker.
   *
   * @param regions  what to check
   * @param health   where results go
   * @param timeout  how long a check may take
   */
  public HealthChecker(List<Region> regions, RegionHealth health, Duration timeout) {
    this.regions = List.copyOf(regions);
    this.health = health;
    this.timeout = timeout;
  }

  /**
   * Starts checking.
   *
   * @param interval time between rounds
   * @return this
   */
  public HealthChecker start(Duration interval) {
    timer.scheduleWithFixedDelay(this::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void checkAll() {
    for (Region r : regions) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(r.url() + "/healthz")).timeout(timeout).GET().build();
      client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) ->
          health.record(r.name(), err == null && resp.statusCode() == 200, 0));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
