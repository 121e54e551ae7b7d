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
    System.err.println("co-clone: the server is not wired yet");
    System.exit(1);
  }
}
