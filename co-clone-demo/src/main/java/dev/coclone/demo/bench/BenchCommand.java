package dev.coclone.demo.bench;

import dev.coclone.demo.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench <name> [options]}: the benchmark programs, one subcommand each. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    subcommands = {EngineBench.class, ContextBench.class, ProxyBench.class, RoutingBench.class, SignatureBench.class,
        SoakBench.class, SignatureTsBench.class},
    description = "Measures the engine, the context retrieval, the proxy, the routing or the signature tracking; "
        + "prints the figures as JSON.")
public final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Made by picocli. */
  public BenchCommand() {}

  /**
   * Without a benchmark name: says which there are.
   *
   * @throws ParameterException always, so the exit code is 2
   */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "bench needs a name: "
        + String.join(", ", spec.subcommands().keySet()) + " (bench NAME --help says what each measures)");
  }
}
