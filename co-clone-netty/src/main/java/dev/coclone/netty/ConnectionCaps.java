package dev.coclone.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one server's open connections, in all and by peer IP address, against
 * {@link ServerLimits#maxConnections()} and {@link ServerLimits#maxConnectionsPerPeer()}.
 * Thread-safe.
 */
final class ConnectionCaps {
  private final int max;
  private final int maxPerPeer;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> byPeer = new ConcurrentHashMap<>();

  ConnectionCaps(ServerLimits limits) {
    this.max = limits.maxConnections();
    this.maxPerPeer = limits.maxConnectionsPerPeer();
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
