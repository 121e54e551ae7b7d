package dev.coclone.netty.proxy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The upstreams one request may try, in order (least busy healthy ones first, then those marked
 * down, longest down first), each at most once: a request goes to the next one when a connection
 * cannot be had, or when its stream closes before any answer came ({@link #next}). Remembers each
 * one's problem for the error when none answers. Not thread-safe: one request's attempts happen
 * one after the other.
 */
final class UpstreamAttempts {
  /**
   * A stream opened on one upstream.
   *
   * @param stream   the stream
   * @param upstream where it goes
   */
  record Opened(UpstreamStream stream, Upstream upstream) {}

  private final List<Upstream> order;
  private final int total;
  /** Each tried upstream's problem; made on the first failure (most requests have none). */
  private Map<String, String> problems;
  private int next;
  private Upstream current;

  UpstreamAttempts(List<Upstream> order, int total) {
    this.order = order;
    this.total = total;
  }

  /** Whether there is more than one upstream to try at all. */
  boolean several() {
    return order.size() > 1;
  }

  /** Whether another upstream is left to try. */
  boolean hasNext() {
    return next < order.size();
  }

  /**
   * Opens a stream on the next upstream that gives one.
   *
   * @param listener what happens on the stream (the same for every attempt)
   * @return the stream, or a failure naming every upstream tried and what to do
   */
  CompletableFuture<Opened> open(UpstreamStream.Listener listener) {
    CompletableFuture<Opened> result = new CompletableFuture<>();
    tryNext(listener, result);
    return result;
  }

  private void tryNext(UpstreamStream.Listener listener, CompletableFuture<Opened> result) {
    if (!hasNext()) {
      result.completeExceptionally(new IOException(noneAnswers()));
      return;
    }
    Upstream u = order.get(next++);
    u.openStream(listener).whenComplete((stream, err) -> {
      if (err == null) {
        current = u;
        result.complete(new Opened(stream, u));
        return;
      }
      failed(u, err.getMessage());
      tryNext(listener, result);
    });
  }

  /**
   * Opens a stream at once on the next upstream when it has a connection on the calling event
   * loop (the frame relay's common case: no future, no thread hop).
   *
   * @param listener what happens on the stream
   * @return the stream, or null (nothing was tried then: use {@link #open})
   */
  Opened openHere(UpstreamStream.Listener listener) {
    if (!hasNext()) {
      return null;
    }
    Upstream u = order.get(next);
    UpstreamStream stream = u.openStreamHere(listener);
    if (stream == null) {
      return null;
    }
    next++;
    current = u;
    return new Opened(stream, u);
  }

  /** The upstream of the last stream opened, or null. */
  Upstream current() {
    return current;
  }

  /**
   * Whether a request may be sent again to another upstream after the first closed its stream
   * without answering: every request but those that change state in a way a repeat would double
   * (applying signature edits, renaming files, spending a one-time login link).
   *
   * @param method the method
   * @param path   the path
   * @return true if it may be repeated
   */
  static boolean repeatable(String method, String path) {
    return !"POST".equals(method) || !(path.equals("/v1/signatures/apply") || path.equals("/v1/files/rename")
        || path.equals("/v1/login"));
  }

  /** Notes what went wrong with an upstream, for the final error. */
  void failed(Upstream u, String problem) {
    if (problems == null) {
      problems = new LinkedHashMap<>();
    }
    problems.put(u.authority(), problem);
  }

  /** The error when no upstream answered: each one's problem and what to do. */
  String noneAnswers() {
    StringBuilder s = new StringBuilder();
    if (total == 1) {
      s.append("the completion service behind this proxy cannot be reached");
    } else {
      s.append("none of the ").append(total).append(" completion services behind this proxy answers");
    }
    s.append(" (");
    int i = 0;
    for (Map.Entry<String, String> e : (problems == null ? Map.<String, String>of() : problems).entrySet()) {
      s.append(i++ == 0 ? "" : "; ").append(e.getKey()).append(": ").append(e.getValue());
    }
    return s.append("); try again shortly or use another region; whoever runs the proxy should check that the "
        + "services run (each answers GET /healthz) and that --upstream names them").toString();
  }
}
