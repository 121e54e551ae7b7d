package dev.coclone.demo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parent's side of a bench server run in a JVM of its own, with this JVM's class path: the
 * child prints {@code ready PORT} once it listens, then answers one line per command it reads on
 * standard input (a line starting with {@code error} is a failure), and exits when standard input
 * closes.
 */
final class ChildJvm implements AutoCloseable {
  private final String what;
  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  private final int port;

  private ChildJvm(String what, Process process) throws IOException {
    this.what = what;
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String line = out.readLine();
    if (line == null || !line.startsWith("ready ")) {
      process.destroy();
      throw new IOException("the " + what + " process did not start: " + line);
    }
    this.port = Integer.parseInt(line.substring(6).strip());
  }

  /**
   * Starts {@code mainClass} in a child JVM and waits for its {@code ready PORT} line.
   *
   * @param what      what the child is, for error messages ("proxy", "server")
   * @param jvmOptions options for the child JVM, e.g. {@code -Xmx256m}
   * @param mainClass the class whose {@code main} is the child's side
   * @param args      its arguments
   * @return the running child
   * @throws IOException if it does not start
   */
  static ChildJvm start(String what, List<String> jvmOptions, Class<?> mainClass, List<String> args)
      throws IOException {
    return start(what, jvmOptions, System.getProperty("java.class.path"), mainClass.getName(), args);
  }

  /**
   * Starts a main class of the given class path (another build's jar, say) in a child JVM and
   * waits for its {@code ready PORT} line.
   *
   * @param what       what the child is, for error messages
   * @param jvmOptions options for the child JVM
   * @param classPath  the child's class path
   * @param mainClass  the name of the class whose {@code main} is the child's side
   * @param args       its arguments
   * @return the running child
   * @throws IOException if it does not start
   */
  static ChildJvm start(String what, List<String> jvmOptions, String classPath, String mainClass, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", classPath, mainClass));
    cmd.addAll(args);
    return new ChildJvm(what, new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Sends one command and returns the child's answer line. */
  synchronized String command(String line) throws IOException {
    in.println(line);
    String answer = out.readLine();
    if (answer == null || answer.startsWith("error")) {
      throw new IOException("the " + what + " process failed '" + line + "': " + answer);
    }
    return answer;
  }

  @Override
  public void close() throws InterruptedException {
    in.close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
