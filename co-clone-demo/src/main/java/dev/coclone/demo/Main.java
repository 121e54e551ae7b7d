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
    System.err.println("co-clone: the server is not wired yet");
    System.exit(1);
  }
}
