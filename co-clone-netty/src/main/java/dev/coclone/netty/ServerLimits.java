package dev.coclone.netty;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits that protect a server from abuse and mistakes: sizes, connection caps, deadlines, the
 * HTTP/2 reset budgets and the bounds on what a slow reader may make the server queue. Immutable;
 * {@link #defaults()} gives the documented numbers (see docs/security.md, "Transport limits"),
 * {@link #newBuilder()} changes some.
 */
public final class ServerLimits {
  private final int maxBodyBytes;
  private final int maxConcurrentStreams;
  private final int maxHeaderListSize;
  private final Duration idleTimeout;
  private final Duration gracefulShutdown;
  private final int maxConnections;
  private final int maxConnectionsPerPeer;
  private final Duration requestHeadTimeout;
  private final Rate prematureResets;
  private final Rate unansweredCancels;
  private final Rate answeredCancels;
  private final long maxQueuedBytesPerConnection;
  private final Duration slowReaderTimeout;
  private final long maxQueuedBytesPerStream;
  private final Duration floodPenalty;
  private final Duration floodReadDelay;

  private ServerLimits(Builder b) {
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxConcurrentStreams = b.maxConcurrentStreams;
    this.maxHeaderListSize = b.maxHeaderListSize;
    this.idleTimeout = b.idleTimeout;
    this.gracefulShutdown = b.gracefulShutdown;
    this.maxConnections = b.maxConnections;
    this.maxConnectionsPerPeer = b.maxConnectionsPerPeer;
    this.requestHeadTimeout = b.requestHeadTimeout;
    this.prematureResets = b.prematureResets;
    this.unansweredCancels = b.unansweredCancels;
    this.answeredCancels = b.answeredCancels;
    this.maxQueuedBytesPerConnection = b.maxQueuedBytesPerConnection;
    this.slowReaderTimeout = b.slowReaderTimeout;
    this.maxQueuedBytesPerStream = b.maxQueuedBytesPerStream;
    this.floodPenalty = b.floodPenalty;
    this.floodReadDelay = b.floodReadDelay;
    if (floodReadDelay.compareTo(Duration.ofSeconds(1)) >= 0) {
      throw new IllegalArgumentException("floodReadDelay must be under 1 s (a flood is cut within 1 s of its "
          + "connection), was " + floodReadDelay);
    }
  }

  /**
   * The defaults: 1 MiB bodies, 256 streams a connection, 16 KiB headers, 5 min idle, 10 s drain,
   * 512 connections (128 from one peer address), 10 s for a request head, premature resets 100
   * at once then 20/s, unanswered cancels 1000 at once then 250/s, answered cancels 1000 at once
   * then 500/s, 4 MiB queued a connection for
   * at most 30 s, 1 MiB queued a stream; a peer cut for a reset flood has its new connections read
   * 500 ms late for 10 s.
   *
   * @return the default limits
   */
  public static ServerLimits defaults() {
    return new Builder().build();
  }

  /** A builder starting from these limits. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Largest request body in bytes (bigger: 413). */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** HTTP/2 streams open at once on one connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
  public int maxConcurrentStreams() {
    return maxConcurrentStreams;
  }

  /** Largest request header block in bytes (HTTP/2 SETTINGS_MAX_HEADER_LIST_SIZE, HTTP/1.1 head). */
  public int maxHeaderListSize() {
    return maxHeaderListSize;
  }

  /**
   * A connection with no request in flight and no progress (a complete request or response) for
   * this long is closed. PINGs, SETTINGS and trickled bytes are not progress.
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** How long in-flight streams may run after GOAWAY when the server closes. */
  public Duration gracefulShutdown() {
    return gracefulShutdown;
  }

  /** Connections open at once; a connection past it is closed at once (one log line, counted in /metrics). */
  public int maxConnections() {
    return maxConnections;
  }

  /** Connections open at once from one peer IP address; more are refused. */
  public int maxConnectionsPerPeer() {
    return maxConnectionsPerPeer;
  }

  /** An HTTP/1.1 request head must be complete this long after its first byte (slowloris). */
  public Duration requestHeadTimeout() {
    return requestHeadTimeout;
  }

  /**
   * HTTP/2 resets of streams whose request was not complete yet, so no work had started (the
   * Rapid Reset pattern). Past the budget: GOAWAY ENHANCE_YOUR_CALM.
   */
  public Rate prematureResets() {
    return prematureResets;
  }

  /**
   * HTTP/2 resets of streams the server had started working on but not yet answered (a client
   * cancelling a non-streamed call). Past the budget: GOAWAY ENHANCE_YOUR_CALM.
   */
  public Rate unansweredCancels() {
    return unansweredCancels;
  }

  /**
   * HTTP/2 resets of streams the server had already answered (a cancelled stream of tokens). Each
   * cost the client a full request, so the budget is generous: an editor cancelling 20 times a
   * second, or a proxy's shared connection carrying many users' cancels, stays far below it; a
   * flood of thousands of open-answer-reset streams a second does not. Only resets count, never
   * plain requests. Past the budget: GOAWAY ENHANCE_YOUR_CALM.
   */
  public Rate answeredCancels() {
    return answeredCancels;
  }

  /** Response bytes a connection may have queued (unread by the client) before the slow-reader clock runs. */
  public long maxQueuedBytesPerConnection() {
    return maxQueuedBytesPerConnection;
  }

  /** A connection holding more than {@link #maxQueuedBytesPerConnection()} for this long is closed. */
  public Duration slowReaderTimeout() {
    return slowReaderTimeout;
  }

  /** Streamed response bytes one request may have queued; past it the response is aborted. */
  public long maxQueuedBytesPerStream() {
    return maxQueuedBytesPerStream;
  }

  /**
   * How long a peer address whose connection was cut for a reset flood (GOAWAY ENHANCE_YOUR_CALM)
   * stays marked; each new cut starts it again.
   */
  public Duration floodPenalty() {
    return floodPenalty;
  }

  /**
   * How late the server starts reading a new connection from a marked peer (see
   * {@link #floodPenalty()}): an attacker that reconnects after each cut costs the server one
   * accept per this delay instead of a connection's setup and a burst of streams each time, while
   * its connections are still read, and a flood on them still cut, within a second. Under 1 s.
   */
  public Duration floodReadDelay() {
    return floodReadDelay;
  }

  @Override
  public String toString() {
    return "ServerLimits{body=" + maxBodyBytes + ", streams=" + maxConcurrentStreams + ", headers=" + maxHeaderListSize
        + ", idle=" + idleTimeout + ", drain=" + gracefulShutdown + ", connections=" + maxConnections + "/"
        + maxConnectionsPerPeer + " per peer, head=" + requestHeadTimeout + ", prematureResets=" + prematureResets
        + ", unansweredCancels=" + unansweredCancels + ", answeredCancels=" + answeredCancels + ", queued=" + maxQueuedBytesPerConnection + " for "
        + slowReaderTimeout + ", queuedPerStream=" + maxQueuedBytesPerStream
        + ", floodPenalty=" + floodPenalty + " reading " + floodReadDelay + " late}";
  }

  /**
   * A rate limit as a token bucket: {@code burst} at once, then {@code perSecond} a second.
   *
   * @param burst     events allowed at once, at least 1
   * @param perSecond events allowed a second over time, at least 1
   */
  public record Rate(int burst, int perSecond) {
    /** Checks the numbers. */
    public Rate {
      if (burst < 1 || perSecond < 1) {
        throw new IllegalArgumentException("a rate needs burst >= 1 and perSecond >= 1, was " + burst + " and "
            + perSecond);
      }
    }

    @Override
    public String toString() {
      return burst + " then " + perSecond + "/s";
    }
  }

  /** Builds {@link ServerLimits}; starts from the defaults. */
  public static final class Builder {
    private int maxBodyBytes = 1 << 20;
    private int maxConcurrentStreams = 256;
    private int maxHeaderListSize = 16 * 1024;
    private Duration idleTimeout = Duration.ofMinutes(5);
    private Duration gracefulShutdown = Duration.ofSeconds(10);
    private int maxConnections = 512;
    private int maxConnectionsPerPeer = 128;
    private Duration requestHeadTimeout = Duration.ofSeconds(10);
    private Rate prematureResets = new Rate(100, 20);
    private Rate unansweredCancels = new Rate(1000, 250);
    private Rate answeredCancels = new Rate(1000, 500);
    private long maxQueuedBytesPerConnection = 4L << 20;
    private Duration slowReaderTimeout = Duration.ofSeconds(30);
    private long maxQueuedBytesPerStream = 1L << 20;
    private Duration floodPenalty = Duration.ofSeconds(10);
    private Duration floodReadDelay = Duration.ofMillis(500);

    /** Starts from the defaults. */
    public Builder() {}

    private Builder(ServerLimits l) {
      maxBodyBytes = l.maxBodyBytes;
      maxConcurrentStreams = l.maxConcurrentStreams;
      maxHeaderListSize = l.maxHeaderListSize;
      idleTimeout = l.idleTimeout;
      gracefulShutdown = l.gracefulShutdown;
      maxConnections = l.maxConnections;
      maxConnectionsPerPeer = l.maxConnectionsPerPeer;
      requestHeadTimeout = l.requestHeadTimeout;
      prematureResets = l.prematureResets;
      unansweredCancels = l.unansweredCancels;
      answeredCancels = l.answeredCancels;
      maxQueuedBytesPerConnection = l.maxQueuedBytesPerConnection;
      slowReaderTimeout = l.slowReaderTimeout;
      maxQueuedBytesPerStream = l.maxQueuedBytesPerStream;
      floodPenalty = l.floodPenalty;
      floodReadDelay = l.floodReadDelay;
    }

    /** See {@link ServerLimits#maxBodyBytes()}. */
    public Builder maxBodyBytes(int v) {
      maxBodyBytes = positive("maxBodyBytes", v);
      return this;
    }

    /** See {@link ServerLimits#maxConcurrentStreams()}. */
    public Builder maxConcurrentStreams(int v) {
      maxConcurrentStreams = positive("maxConcurrentStreams", v);
      return this;
    }

    /** See {@link ServerLimits#maxHeaderListSize()}. */
    public Builder maxHeaderListSize(int v) {
      maxHeaderListSize = positive("maxHeaderListSize", v);
      return this;
    }

    /** See {@link ServerLimits#idleTimeout()}. */
    public Builder idleTimeout(Duration v) {
      idleTimeout = positive("idleTimeout", v);
      return this;
    }

    /** See {@link ServerLimits#gracefulShutdown()}. */
    public Builder gracefulShutdown(Duration v) {
      gracefulShutdown = Objects.requireNonNull(v, "gracefulShutdown");
      return this;
    }

    /** See {@link ServerLimits#maxConnections()}. */
    public Builder maxConnections(int v) {
      maxConnections = positive("maxConnections", v);
      return this;
    }

    /** See {@link ServerLimits#maxConnectionsPerPeer()}. */
    public Builder maxConnectionsPerPeer(int v) {
      maxConnectionsPerPeer = positive("maxConnectionsPerPeer", v);
      return this;
    }

    /** See {@link ServerLimits#requestHeadTimeout()}. */
    public Builder requestHeadTimeout(Duration v) {
      requestHeadTimeout = positive("requestHeadTimeout", v);
      return this;
    }

    /** See {@link ServerLimits#prematureResets()}. */
    public Builder prematureResets(Rate v) {
      prematureResets = Objects.requireNonNull(v, "prematureResets");
      return this;
    }

    /** See {@link ServerLimits#unansweredCancels()}. */
    public Builder unansweredCancels(Rate v) {
      unansweredCancels = Objects.requireNonNull(v, "unansweredCancels");
      return this;
    }

    /** See {@link ServerLimits#answeredCancels()}. */
    public Builder answeredCancels(Rate v) {
      answeredCancels = Objects.requireNonNull(v, "answeredCancels");
      return this;
    }

    /** See {@link ServerLimits#maxQueuedBytesPerConnection()}. */
    public Builder maxQueuedBytesPerConnection(long v) {
      maxQueuedBytesPerConnection = positive("maxQueuedBytesPerConnection", v);
      return this;
    }

    /** See {@link ServerLimits#slowReaderTimeout()}. */
    public Builder slowReaderTimeout(Duration v) {
      slowReaderTimeout = positive("slowReaderTimeout", v);
      return this;
    }

    /** See {@link ServerLimits#maxQueuedBytesPerStream()}. */
    public Builder maxQueuedBytesPerStream(long v) {
      maxQueuedBytesPerStream = positive("maxQueuedBytesPerStream", v);
      return this;
    }

    /** See {@link ServerLimits#floodPenalty()}. */
    public Builder floodPenalty(Duration v) {
      floodPenalty = positive("floodPenalty", v);
      return this;
    }

    /** See {@link ServerLimits#floodReadDelay()}; under 1 s. */
    public Builder floodReadDelay(Duration v) {
      floodReadDelay = positive("floodReadDelay", v);
      return this;
    }

    /** Builds the limits. */
    public ServerLimits build() {
      return new ServerLimits(this);
    }

    private static int positive(String name, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + v);
      }
      return v;
    }

    private static long positive(String name, long v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + v);
      }
      return v;
    }

    private static Duration positive(String name, Duration v) {
      Objects.requireNonNull(v, name);
      if (v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + v);
      }
      return v;
    }
  }
}
