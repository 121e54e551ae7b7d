package dev.coclone.demo;

/** Entry point of {@code java -jar co-clone-demo.jar}. */
public final class Main {
  private Main() {}

  /**
   * Parses the command line and runs the server or a subcommand.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    LaunchOptions options;
    try {
      options = LaunchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("co-clone: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(LaunchOptions.usage());
      return;
    }
    if (!options.command().isEmpty() && options.command().get(0).equals("bench")) {
      try {
        System.exit(dev.coclone.demo.bench.Bench.run(options.command().subList(1, options.command().size())));
      } catch (IllegalArgumentException e) {
        System.err.println("co-clone: " + e.getMessage());
        System.exit(2);
      } catch (Exception e) {
        System.err.println("co-clone: bench failed: " + e);
        System.exit(1);
      }
      return;
    }
    if (!options.command().isEmpty() && options.command().get(0).equals("proxy")) {
      try {
        System.exit(ProxyMode.run(options, options.command().subList(1, options.command().size())));
      } catch (IllegalArgumentException | IllegalStateException e) {
        System.err.println("co-clone: " + e.getMessage());
        System.exit(2);
      } catch (Exception e) {
        System.err.println("co-clone: the proxy failed to start: " + e);
        System.exit(1);
      }
      return;
    }
    if (!options.command().isEmpty()) {
      System.err.println("co-clone: unknown command '" + options.command().get(0) + "'; run with --help");
      System.exit(2);
      return;
    }
    try {
      System.exit(StandardMode.run(options));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("co-clone: " + e.getMessage());
      System.exit(1);
    } catch (Exception e) {
      System.err.println("co-clone: failed to start: " + e);
      System.exit(1);
    }
  }
}
