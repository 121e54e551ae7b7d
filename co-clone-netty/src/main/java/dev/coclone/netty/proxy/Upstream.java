package dev.coclone.netty.proxy;

import io.netty.util.AsciiString;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One completion service behind the proxy: its pool of connections, the streams in flight on it,
 * and whether it is healthy as far as the last request or health check knows. It starts
 * {@link State#UNKNOWN} (used, but not counted healthy) until the first check. Thread-safe.
 */
final class Upstream {
  /** What the proxy knows of an upstream's health. */
  enum State {
    /** Not checked yet. */
    UNKNOWN,
    /** Answered its last health check or request. */
    UP,
    /** Could not be reached, failed its health check, or dropped its connection. */
    DOWN;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String authority;
  /** The same as the {@code :authority} header value (its hash kept: HPACK looks it up on every request). */
  private final AsciiString authorityHeader;
  private final UpstreamPool pool;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder wentDown = new LongAdder();
  private volatile State state = State.UNKNOWN;
  private volatile String problem = "not checked yet";
  private volatile long downSinceNanos;

  /**
   * Creates the upstream.
   *
   * @param authority {@code host:port}, how messages name it and the {@code :authority} sent to it
   * @param pool      its connections
   */
  Upstream(String authority, UpstreamPool pool) {
    this.authority = authority;
    this.authorityHeader = new AsciiString(authority);
    this.pool = pool;
  }

  /** {@code host:port}. */
  String authority() {
    return authority;
  }

  /** {@code host:port} for the {@code :authority} of the requests sent to it. */
  AsciiString authorityHeader() {
    return authorityHeader;
  }

  /** Its connection pool. */
  UpstreamPool pool() {
    return pool;
  }

  /** The state now. */
  State state() {
    return state;
  }

  /** Whether new requests should go here first (not marked down). */
  boolean usable() {
    return state != State.DOWN;
  }

  /** Why it is down (or its last problem), for messages. */
  String problem() {
    return problem;
  }

  /** When it was last marked down ({@link System#nanoTime()}). */
  long downSinceNanos() {
    return downSinceNanos;
  }

  /** Relayed streams in flight now. */
  int inFlight() {
    return inFlight.get();
  }

  /** How many times it went from up (or unknown) to down. */
  long timesDown() {
    return wentDown.sum();
  }

  void markUp() {
    state = State.UP;
  }

  void markDown(String why) {
    problem = why;
    if (state != State.DOWN) {
      downSinceNanos = System.nanoTime();
      wentDown.increment();
      state = State.DOWN;
    }
  }

  /**
   * Opens a stream on this upstream, counted in flight until it closes. A failure to connect
   * marks it down.
   *
   * @param listener what happens on the stream
   * @return the stream, or the failure
   */
  CompletableFuture<UpstreamStream> openStream(UpstreamStream.Listener listener) {
    return pool.openStream(listener, inFlight).whenComplete((stream, err) -> {
      if (err != null) {
        markDown(err.getMessage());
      }
    });
  }

  /**
   * Opens a stream at once on a connection of the calling event loop, counted in flight until it
   * closes ({@link UpstreamPool#openStreamHere}).
   *
   * @param listener what happens on the stream
   * @return the stream, or null if this loop has none to give now (use {@link #openStream})
   */
  UpstreamStream openStreamHere(UpstreamStream.Listener listener) {
    return pool.openStreamHere(listener, inFlight);
  }
}
