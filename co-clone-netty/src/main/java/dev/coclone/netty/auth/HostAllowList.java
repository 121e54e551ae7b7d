package dev.coclone.netty.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The names a server answers to, checked against every request's {@code Host} (HTTP/1.1) or
 * {@code :authority} (HTTP/2): {@code localhost}, {@code 127.0.0.1} and {@code [::1]} on the
 * server's own port, plus names the user allows. A page from another site that rebinds its DNS
 * name to 127.0.0.1 still sends its own name, so it is refused. An allowed name without a port
 * means "on the server's port"; with a port ({@code myhost:8080}, behind a port mapping) it must
 * match exactly. A {@code Host} without a port is taken to name the server's port. Immutable.
 */
public final class HostAllowList {
  private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> names;

  private HostAllowList(Set<String> names) {
    this.names = Set.copyOf(names);
  }

  /** The loopback names only. */
  public static HostAllowList loopback() {
    return new HostAllowList(new LinkedHashSet<>(LOOPBACK));
  }

  /**
   * This list and one more name.
   *
   * @param name a host name or address, optionally with {@code :port} ({@code ::1}-style IPv6
   *     addresses may come without brackets)
   * @return a new list
   * @throws IllegalArgumentException if the name is empty or holds a space, slash or {@code @}
   */
  public HostAllowList with(String name) {
    Objects.requireNonNull(name, "name");
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.isEmpty() || n.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@' || c == ',')) {
      throw new IllegalArgumentException("an allowed host must be a name or address such as myhost.lan, "
          + "192.168.1.5 or myhost.lan:8080, was '" + name + "'");
    }
    if (n.indexOf(':') != n.lastIndexOf(':') && !n.startsWith("[")) {
      n = "[" + n + "]";
    }
    Set<String> more = new LinkedHashSet<>(names);
    more.add(n);
    return new HostAllowList(more);
  }

  /**
   * Whether a request's {@code Host} names this server.
   *
   * @param host the header's value (null: no header)
   * @param port the port the server received the request on
   * @return true if allowed
   */
  public boolean allows(String host, int port) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.isEmpty()) {
      return false;
    }
    if (names.contains(h)) {
      return true;
    }
    int colon = h.lastIndexOf(':');
    if (colon < 0 || h.endsWith("]")) {
      return false;
    }
    String name = h.substring(0, colon);
    String p = h.substring(colon + 1);
    return p.equals(Integer.toString(port)) && names.contains(name);
  }

  /**
   * The allowed names as a person would type them, for error messages.
   *
   * @param port the server's port
   * @return e.g. {@code localhost:5000, 127.0.0.1:5000, [::1]:5000}
   */
  public String describe(int port) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(n.lastIndexOf(':') > n.lastIndexOf(']') ? n : n + ":" + port);
    }
    return String.join(", ", out);
  }
}
