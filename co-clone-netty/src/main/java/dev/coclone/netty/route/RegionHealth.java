package dev.coclone.netty.route;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health of each region with hysteresis, so a flapping region does not bounce clients: it is
 * marked down after {@code failuresToDown} failed checks in a row and up again only after
 * {@code successesToUp} good ones. A draining region takes no new clients. Thread-safe.
 */
public final class RegionHealth {
  /** The state of a region. */
  public enum State {
    /** Serving. */
    UP,
    /** Failed its checks; skipped. */
    DOWN,
    /** Shutting down on purpose; skipped for new clients. */
    DRAINING
  }

  private static final class Tracker {
    State state = State.UP;
    int failures;
    int successes;
    int load;
  }

  private final int failuresToDown;
  private final int successesToUp;
  private final Map<String, Tracker> trackers = new ConcurrentHashMap<>();
  private volatile Runnable onChange = () -> { };

  /**
   * Creates the tracker.
   *
   * @param failuresToDown failed checks in a row before a region is down
   * @param successesToUp  good checks in a row before a down region is up
   */
  public RegionHealth(int failuresToDown, int successesToUp) {
    if (failuresToDown < 1 || successesToUp < 1) {
      throw new IllegalArgumentException("thresholds must be >= 1");
    }
    this.failuresToDown = failuresToDown;
    this.successesToUp = successesToUp;
  }

  /** Runs the callback whenever a region changes state (tests wait on it). */
  public void onChange(Runnable callback) {
    this.onChange = callback;
  }

  /**
   * Records a health check.
   *
   * @param region the region
   * @param ok     whether it answered
   * @param load   its streams in flight (for tie-breaking)
   */
  public void record(String region, boolean ok, int load) {
    Tracker t = trackers.computeIfAbsent(region, k -> new Tracker());
    State before;
    State after;
    synchronized (t) {
      before = t.state;
      if (ok) {
        t.failures = 0;
        t.successes++;
        t.load = load;
        if (t.state == State.DOWN && t.successes >= successesToUp) {
          t.state = State.UP;
        }
      } else {
        t.successes = 0;
        t.failures++;
        if (t.state == State.UP && t.failures >= failuresToDown) {
          t.state = State.DOWN;
        }
      }
      after = t.state;
    }
    if (before != after) {
      onChange.run();
    }
  }

  /** Marks a region as draining (or back up with false). */
  public void drain(String region, boolean draining) {
    Tracker t = trackers.computeIfAbsent(region, k -> new Tracker());
    synchronized (t) {
      t.state = draining ? State.DRAINING : State.UP;
    }
    onChange.run();
  }

  /** A region's state (UP if never checked). */
  public State state(String region) {
    Tracker t = trackers.get(region);
    return t == null ? State.UP : t.state;
  }

  /** A region's last reported load. */
  public int load(String region) {
    Tracker t = trackers.get(region);
    return t == null ? 0 : t.load;
  }
}
