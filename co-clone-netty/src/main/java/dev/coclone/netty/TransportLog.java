package dev.coclone.netty;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place a server logs what bad peers do to its connections (floods, protocol errors,
 * refused or timed-out connections): one line, no stack trace, at most one a minute for one peer
 * address and {@value #LINES_PER_MINUTE} a minute in all; what is left out is counted and said in
 * the next line that gets through. Details with stack traces are at FINE. Thread-safe; one per
 * server.
 */
final class TransportLog {
  static final int LINES_PER_MINUTE = 30;
  private static final Logger LOG = Logger.getLogger(TransportLog.class.getName());
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final int MAX_PEERS = 10_000;

  private final Map<String, Long> lastByPeer = new ConcurrentHashMap<>();
  private final AtomicLong suppressed = new AtomicLong();
  private long windowStart = System.nanoTime();
  private int linesInWindow;

  /** Logs what a peer did, if neither this peer nor the server has logged too much lately. */
  void peer(Channel channel, String what) {
    peer(channel, what, null);
  }

  /** Logs what a peer did; the cause goes to FINE only. */
  void peer(Channel channel, String what, Throwable cause) {
    String peer = peerOf(channel);
    if (cause != null) {
      LOG.log(Level.FINE, "connection from " + peer + ": " + what, cause);
    }
    long now = System.nanoTime();
    Long last = lastByPeer.get(peer);
    if (last != null && now - last < MINUTE || !globalAllows(now)) {
      suppressed.incrementAndGet();
      return;
    }
    if (lastByPeer.size() >= MAX_PEERS) {
      lastByPeer.clear();
    }
    lastByPeer.put(peer, now);
    long skipped = suppressed.getAndSet(0);
    LOG.warning("connection from " + peer + ": " + what
        + (skipped > 0 ? " (" + skipped + " similar lines left out; at most one a minute per peer)" : ""));
  }

  private synchronized boolean globalAllows(long now) {
    if (now - windowStart >= MINUTE) {
      windowStart = now;
      linesInWindow = 0;
    }
    return ++linesInWindow <= LINES_PER_MINUTE;
  }

  /** The peer's IP address (no port: a flood uses many ports), for HTTP/2 streams their connection's. */
  static String peerOf(Channel channel) {
    Channel c = channel.parent() instanceof io.netty.channel.ServerChannel || channel.parent() == null ? channel
        : channel.parent();
    SocketAddress a = c.remoteAddress();
    if (a instanceof InetSocketAddress i && i.getAddress() != null) {
      return i.getAddress().getHostAddress();
    }
    return String.valueOf(a);
  }
}
