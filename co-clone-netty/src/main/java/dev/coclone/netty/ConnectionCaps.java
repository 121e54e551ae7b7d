package dev.coclone.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one server's open connections, in all and by peer IP address, against
 * {@link ServerLimits#maxConnections()} and {@link ServerLimits#maxConnectionsPerPeer()}, and
 * remembers the peers recently cut for a reset flood ({@link ServerLimits#floodPenalty()}).
 * Thread-safe.
 */
final class ConnectionCaps {
  private final int max;
  private final int maxPerPeer;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> byPeer = new ConcurrentHashMap<>();
  /** Peer address to the System.nanoTime() its flood mark ends; at most MAX_MARKED entries. */
  private final ConcurrentHashMap<String, Long> flooders = new ConcurrentHashMap<>();
  private final long penaltyNanos;

  /** Marks kept at most: past it, expired ones are dropped and then new marks are not kept. */
  static final int MAX_MARKED = 4096;

  ConnectionCaps(ServerLimits limits) {
    this.max = limits.maxConnections();
    this.maxPerPeer = limits.maxConnectionsPerPeer();
    this.penaltyNanos = limits.floodPenalty().toNanos();
  }

  /** Marks the peer of a connection just cut for a reset flood, for {@link ServerLimits#floodPenalty()}. */
  void floodCut(SocketAddress remote) {
    long now = System.nanoTime();
    if (flooders.size() >= MAX_MARKED) {
      flooders.values().removeIf(until -> until - now <= 0);
      if (flooders.size() >= MAX_MARKED) {
        return;
      }
    }
    flooders.put(peer(remote), now + penaltyNanos);
  }

  /** True if the peer was cut for a reset flood within {@link ServerLimits#floodPenalty()}. */
  boolean recentFlooder(SocketAddress remote) {
    if (flooders.isEmpty()) {
      return false;
    }
    Long until = flooders.get(peer(remote));
    if (until == null) {
      return false;
    }
    if (until - System.nanoTime() > 0) {
      return true;
    }
    flooders.remove(peer(remote), until);
    return false;
  }

  /**
   * Counts a new connection if the caps allow it.
   *
   * @return null if admitted (call {@link #release} when it closes), else the name of the cap hit
   */
  String admit(SocketAddress remote) {
    String peer = peer(remote);
    if (total.incrementAndGet() > max) {
      total.decrementAndGet();
      return "connections_total";
    }
    boolean[] admitted = {false};
    byPeer.compute(peer, (k, n) -> {
      int v = n == null ? 0 : n;
      admitted[0] = v < maxPerPeer;
      return admitted[0] ? Integer.valueOf(v + 1) : n;
    });
    if (!admitted[0]) {
      total.decrementAndGet();
      return "connections_per_peer";
    }
    return null;
  }

  /** Forgets an admitted connection. */
  void release(SocketAddress remote) {
    total.decrementAndGet();
    byPeer.computeIfPresent(peer(remote), (k, n) -> n <= 1 ? null : n - 1);
  }

  private static String peer(SocketAddress a) {
    return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress()
        : String.valueOf(a);
  }
}
