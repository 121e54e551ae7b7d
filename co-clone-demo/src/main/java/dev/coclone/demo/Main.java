package dev.coclone.demo;

import dev.coclone.demo.bench.BenchCommand;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point of {@code java -jar co-clone-demo.jar}. */
public final class Main {
  private Main() {}

  /**
   * Parses the command line and runs the server or a subcommand; exits with its code (2 for a
   * bad command line).
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(commandLine(System::getenv).execute(args));
  }

  /**
   * The whole command line: the server, {@code proxy}, {@code token ...} and {@code bench ...}, with the error
   * handling {@code main} uses.
   *
   * @param env the environment the server reads its keys from
   * @return the command line, ready to {@link CommandLine#execute(String...)}
   */
  static CommandLine commandLine(Function<String, String> env) {
    return new CommandLine(new ServerCommand(env)).setUsageHelpWidth(100)
        .setParameterExceptionHandler(Main::badCommandLine)
        .setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, cmd));
  }

  /** A bad command line: the message, near misses, where to look; exit code 2. */
  private static int badCommandLine(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("co-clone: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** A command that failed while running: bad input says what to do (2); anything else is 1. */
  private static int failed(Exception e, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    int code = 1;
    if (e instanceof IllegalArgumentException) {
      err.println("co-clone: " + e.getMessage());
      code = 2;
    } else if (e instanceof IllegalStateException) {
      err.println("co-clone: " + e.getMessage());
    } else if (cmd.getCommand() instanceof ServerCommand) {
      err.println("co-clone: failed to start: " + e);
    } else if (cmd.getCommand() instanceof ProxyCommand) {
      err.println("co-clone: the proxy failed to start: " + e);
    } else if (cmd.getParent() != null && cmd.getParent().getCommand() instanceof BenchCommand) {
      err.println("co-clone: bench " + cmd.getCommandName() + " failed: " + e);
    } else {
      err.println("co-clone: " + cmd.getCommandName() + " failed: " + e);
    }
    err.flush();
    return code;
  }
}
