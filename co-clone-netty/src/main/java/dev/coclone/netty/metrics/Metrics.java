package dev.coclone.netty.metrics;

import dev.coclone.cancel.CancelReason;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngineBusyException;
import dev.coclone.completion.CompletionEventListener;
import dev.coclone.model.ModelException;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics, rendered at {@code GET /metrics} in Prometheus text format. Completion
 * calls are counted through the engine's event listener ({@link #completionEvents()}): streams in
 * flight, latencies, cancellations by reason, model failures by kind, and calls refused because
 * the engine was busy. Thread-safe.
 */
public final class Metrics {
  /** Histogram bucket bounds in seconds, Prometheus's base unit for time. */
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> cancellations = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> upstreamErrors = new ConcurrentHashMap<>();
  private final AtomicLong activeStreams = new AtomicLong();
  private final AtomicLong activeConnections = new AtomicLong();
  private final LongAdder connectionsOpened = new LongAdder();
  private final LongAdder upstreamConnections = new LongAdder();
  private final LongAdder upstreamStreams = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder engineBusy = new LongAdder();
  private final Map<String, LongAdder> limitHits = new ConcurrentHashMap<>();
  private final Histogram ttft = new Histogram();
  private final Histogram total = new Histogram();
  private final CompletionFeedback feedback = new CompletionFeedback();

  /** Creates empty metrics. */
  public Metrics() {}

  /** Counts a request to a route. */
  public void request(String route) {
    requests.computeIfAbsent(route, k -> new LongAdder()).increment();
  }

  /**
   * How many requests a route has had.
   *
   * @param route the route's path pattern, as {@code /metrics} labels it
   * @return the count so far
   */
  public long requests(String route) {
    LongAdder n = requests.get(route);
    return n == null ? 0 : n.sum();
  }

  /** Counts a canceled completion by reason. */
  public void canceled(String reason) {
    cancellations.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  /** Counts a model backend failure by kind. */
  public void upstreamError(String kind) {
    upstreamErrors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /**
   * The listener factory that counts an engine's calls here; give it to
   * {@code CompletionEngine.Builder.eventListenerFactory} or {@code CompletionEngine.withEventListener}.
   *
   * @return the factory (one shared, stateless listener)
   */
  public CompletionEventListener.Factory completionEvents() {
    return CompletionEventListener.Factory.of(completions);
  }

  private final CompletionEventListener completions = new CompletionEventListener() {
    @Override
    public void callStart(CompletionCall call) {
      activeStreams.incrementAndGet();
    }

    @Override
    public void callEnd(CompletionCall call, Completion c) {
      activeStreams.decrementAndGet();
      ttft.observe(c.timeToFirstToken().toNanos() / 1e9);
      total.observe(c.total().toNanos() / 1e9);
    }

    @Override
    public void callCanceled(CompletionCall call, CancelReason reason) {
      activeStreams.decrementAndGet();
      canceled(reason.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void callFailed(CompletionCall call, IOException error) {
      activeStreams.decrementAndGet();
      if (error instanceof CompletionEngineBusyException) {
        engineBusy.increment();
      } else if (error instanceof ModelException me) {
        upstreamError(me.kind().name().toLowerCase(Locale.ROOT));
      } else {
        upstreamError("io");
      }
    }
  };

  /** A connection opened (+1) or closed (-1). */
  public void connections(int delta) {
    activeConnections.addAndGet(delta);
    if (delta > 0) {
      connectionsOpened.increment();
    }
  }

  /** A proxy opened a connection to its upstream. */
  public void upstreamConnectionOpened() {
    upstreamConnections.increment();
  }

  /** A proxy opened a stream on a pooled upstream connection. */
  public void upstreamStreamOpened() {
    upstreamStreams.increment();
  }

  /** A request was refused by the rate limit. */
  public void rateLimited() {
    rateLimited.increment();
  }

  /**
   * Counts a transport limit a peer ran into (a refused connection, a reset flood, a slow reader,
   * a request head too slow), by limit name.
   */
  public void limitHit(String limit) {
    limitHits.computeIfAbsent(limit, k -> new LongAdder()).increment();
  }

  /** How often a transport limit was hit so far, by name (0 if never). */
  public long limitHits(String limit) {
    LongAdder a = limitHits.get(limit);
    return a == null ? 0 : a.sum();
  }

  /** Upstream connections opened so far. */
  public long upstreamConnectionsOpened() {
    return upstreamConnections.sum();
  }

  /** Upstream streams opened so far. */
  public long upstreamStreamsOpened() {
    return upstreamStreams.sum();
  }

  /** Completion calls in flight now (streams open). */
  public long activeStreams() {
    return activeStreams.get();
  }

  /** Connections open now. */
  public long activeConnections() {
    return activeConnections.get();
  }

  /** Cancellations so far, all reasons. */
  public long cancellations() {
    return cancellations.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** What editors report about the completions they showed (Tabby's events). */
  public CompletionFeedback feedback() {
    return feedback;
  }

  /** Renders everything in Prometheus text exposition format 0.0.4. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    counter(sb, "coclone_requests_total", "Requests by route.", "route", requests);
    counter(sb, "coclone_cancellations_total", "Completions canceled, by reason.", "reason", cancellations);
    counter(sb, "coclone_upstream_errors_total", "Model backend failures, by kind.", "kind", upstreamErrors);
    gauge(sb, "coclone_active_streams", "Completion streams in flight.", activeStreams.get());
    gauge(sb, "coclone_active_connections", "Client connections open.", activeConnections.get());
    sb.append("# HELP coclone_connections_opened_total Client connections accepted.\n");
    sb.append("# TYPE coclone_connections_opened_total counter\n");
    sb.append("coclone_connections_opened_total ").append(connectionsOpened.sum()).append('\n');
    sb.append("# HELP coclone_upstream_connections_opened_total Pooled connections opened to the upstream.\n");
    sb.append("# TYPE coclone_upstream_connections_opened_total counter\n");
    sb.append("coclone_upstream_connections_opened_total ").append(upstreamConnections.sum()).append('\n');
    sb.append("# HELP coclone_upstream_streams_total Streams relayed over pooled upstream connections.\n");
    sb.append("# TYPE coclone_upstream_streams_total counter\n");
    sb.append("coclone_upstream_streams_total ").append(upstreamStreams.sum()).append('\n');
    sb.append("# HELP coclone_rate_limited_total Requests refused with 429.\n");
    sb.append("# TYPE coclone_rate_limited_total counter\n");
    sb.append("coclone_rate_limited_total ").append(rateLimited.sum()).append('\n');
    sb.append("# HELP coclone_engine_busy_total Completions refused because the engine was at its limits.\n");
    sb.append("# TYPE coclone_engine_busy_total counter\n");
    sb.append("coclone_engine_busy_total ").append(engineBusy.sum()).append('\n');
    counter(sb, "coclone_limit_hits_total", "Transport limits peers ran into, by limit.", "limit", limitHits);
    ttft.render(sb, "coclone_time_to_first_token_seconds", "Time to the first streamed token, in seconds.");
    total.render(sb, "coclone_completion_latency_seconds", "Time from request to the final result, in seconds.");
    feedback.render(sb);
    return sb.toString();
  }

  private static void counter(StringBuilder sb, String name, String help, String label, Map<String, LongAdder> m) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(m).entrySet()) {
      sb.append(name).append('{').append(label).append("=\"").append(escape(e.getKey())).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
  }

  private static void gauge(StringBuilder sb, String name, String help, long v) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" gauge\n");
    sb.append(name).append(' ').append(v).append('\n');
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** A fixed-bucket histogram. */
  private static final class Histogram {
    private final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
    private final LongAdder count = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

    Histogram() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double v) {
      int i = 0;
      while (i < BUCKETS.length && v > BUCKETS[i]) {
        i++;
      }
      counts[i].increment();
      count.increment();
      sum.add(v);
    }

    void render(StringBuilder sb, String name, String help) {
      sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
      sb.append("# TYPE ").append(name).append(" histogram\n");
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += counts[i].sum();
        sb.append(name).append("_bucket{le=\"").append(trim(BUCKETS[i])).append("\"} ").append(cumulative)
            .append('\n');
      }
      cumulative += counts[BUCKETS.length].sum();
      sb.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
      sb.append(name).append("_sum ").append(sum.sum()).append('\n');
      sb.append(name).append("_count ").append(count.sum()).append('\n');
    }

    private static String trim(double d) {
      return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
  }
}
