package dev.coclone.demo.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of a bench command. */
final class BenchArgs {
  private final Map<String, String> values = new HashMap<>();

  BenchArgs(List<String> args, List<String> known) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || !known.contains(a.substring(2))) {
        throw new IllegalArgumentException("unknown bench option '" + a + "'; known: --" + String.join(", --", known));
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      values.put(a.substring(2), args.get(++i));
    }
  }

  String get(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  int intValue(String name, int dflt) {
    String v = values.get(name);
    try {
      return v == null ? dflt : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + v + "'");
    }
  }
}
