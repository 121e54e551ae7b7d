package dev.coclone.demo.bench;

import java.util.List;

/** Dispatches {@code bench <name> [options]} to the benchmark programs. */
public final class Bench {
  private Bench() {}

  /**
   * Runs the named benchmark.
   *
   * @param args the benchmark name and its options
   * @return the process exit code
   * @throws Exception when the benchmark fails
   */
  public static int run(List<String> args) throws Exception {
    if (args.isEmpty()) {
      System.err.println("co-clone: bench needs a name: engine, context, proxy, routing or signatures");
      return 2;
    }
    String name = args.get(0);
    List<String> rest = args.subList(1, args.size());
    switch (name) {
      case "engine":
        return EngineBench.run(rest);
      case "proxy":
        return ProxyBench.run(rest);
      case "routing":
        return RoutingBench.run(rest);
      case "context":
        return ContextBench.run(rest);
      case "signatures":
        return SignatureBench.run(rest);
      default:
        System.err.println("co-clone: unknown benchmark '" + name + "' (have: engine, context, proxy, routing, signatures)");
        return 2;
    }
  }
}
