package dev.coclone.netty.route;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a client address is, from a small table of prefixes, longest prefix first. The built-in
 * table covers what can be tested on one machine: loopback sub-ranges stand for the four regions'
 * users (127.1.x.x us-west, 127.2.x.x us-east, 127.3.x.x eu-west, 127.4.x.x ap-east), and the
 * documentation ranges of RFC 5737 stand for other places. Replace it with {@link #add}.
 */
public final class AddressTable {
  private record Entry(byte[] prefix, int bits, Location location) {}

  private final List<Entry> entries = new ArrayList<>();

  /** The built-in table. */
  public static AddressTable defaults() {
    AddressTable t = new AddressTable();
    t.add("127.1.0.0/16", new Location(45.6, -121.2, "127.1.0.0/16 (us-west users)"));
    t.add("127.2.0.0/16", new Location(38.9, -77.4, "127.2.0.0/16 (us-east users)"));
    t.add("127.3.0.0/16", new Location(53.3, -6.3, "127.3.0.0/16 (eu-west users)"));
    t.add("127.4.0.0/16", new Location(22.3, 114.2, "127.4.0.0/16 (ap-east users)"));
    t.add("192.0.2.0/24", new Location(40.7, -74.0, "192.0.2.0/24 (New York)"));
    t.add("198.51.100.0/24", new Location(48.9, 2.4, "198.51.100.0/24 (Paris)"));
    t.add("203.0.113.0/24", new Location(35.7, 139.7, "203.0.113.0/24 (Tokyo)"));
    return t;
  }

  /**
   * Adds a prefix.
   *
   * @param cidr     e.g. {@code 10.0.0.0/8}
   * @param location where its addresses are
   * @throws IllegalArgumentException if the prefix is malformed
   */
  public void add(String cidr, Location location) {
    Objects.requireNonNull(location, "location");
    String[] parts = cidr.split("/");
    try {
      byte[] addr = InetAddress.getByName(parts[0]).getAddress();
      int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : addr.length * 8;
      if (bits < 0 || bits > addr.length * 8 || !parts[0].matches("[0-9a-fA-F.:]+")) {
        throw new IllegalArgumentException("bad prefix length");
      }
      entries.add(new Entry(addr, bits, location));
      entries.sort((a, b) -> b.bits - a.bits);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed address prefix '" + cidr + "': use a.b.c.d/n");
    }
  }

  /**
   * Looks an address up.
   *
   * @param address the client address
   * @return its location, or null if no prefix covers it
   */
  public Location lookup(InetAddress address) {
    byte[] a = address.getAddress();
    for (Entry e : entries) {
      if (e.prefix.length == a.length && matches(e.prefix, a, e.bits)) {
        return e.location;
      }
    }
    return null;
  }

  private static boolean matches(byte[] prefix, byte[] a, int bits) {
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (prefix[i] != a[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest);
    return (prefix[full] & mask) == (a[full] & mask);
  }
}
