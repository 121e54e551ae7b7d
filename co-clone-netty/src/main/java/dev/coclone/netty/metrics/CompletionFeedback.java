package dev.coclone.netty.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * What editors report about the completions they showed (Tabby's {@code /v1/events}): choices
 * viewed, selected (accepted) and dismissed, rendered as {@code coclone_completion_events_total}
 * by event and the acceptance rate, selected over viewed. Thread-safe.
 */
public final class CompletionFeedback {
  /** The events counted; anything else an editor sends is counted as {@code other}. */
  public enum Kind {
    /** The editor showed a choice. */
    VIEW,
    /** The user accepted a choice (or part of it). */
    SELECT,
    /** The user dismissed a choice. */
    DISMISS,
    /** Another event type. */
    OTHER;

    /**
     * The kind of an event type as editors spell it ({@code view}, {@code select}, {@code dismiss}).
     *
     * @param type the type
     * @return its kind, {@link #OTHER} for anything else
     */
    public static Kind of(String type) {
      return switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
        case "view" -> VIEW;
        case "select" -> SELECT;
        case "dismiss" -> DISMISS;
        default -> OTHER;
      };
    }
  }

  private final LongAdder[] counts = new LongAdder[Kind.values().length];

  /** Creates empty counts. */
  public CompletionFeedback() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /**
   * Counts an event.
   *
   * @param kind the event's kind
   */
  public void record(Kind kind) {
    counts[kind.ordinal()].increment();
  }

  /**
   * Events of a kind so far.
   *
   * @param kind the kind
   * @return the count
   */
  public long count(Kind kind) {
    return counts[kind.ordinal()].sum();
  }

  /** Selected choices over viewed ones, 0 before any view. */
  public double acceptanceRate() {
    long views = count(Kind.VIEW);
    return views == 0 ? 0 : (double) count(Kind.SELECT) / views;
  }

  /**
   * Appends the counts and the rate in Prometheus text format.
   *
   * @param sb where to write
   */
  void render(StringBuilder sb) {
    sb.append("# HELP coclone_completion_events_total Completion events editors reported (view, select, dismiss).\n");
    sb.append("# TYPE coclone_completion_events_total counter\n");
    for (Kind k : Kind.values()) {
      sb.append("coclone_completion_events_total{event=\"").append(k.name().toLowerCase(Locale.ROOT)).append("\"} ")
          .append(count(k)).append('\n');
    }
    sb.append("# HELP coclone_completion_acceptance_ratio Completions selected over completions viewed.\n");
    sb.append("# TYPE coclone_completion_acceptance_ratio gauge\n");
    sb.append("coclone_completion_acceptance_ratio ").append(acceptanceRate()).append('\n');
  }
}
