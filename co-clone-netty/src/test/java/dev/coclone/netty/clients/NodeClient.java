package dev.coclone.netty.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of src/test/node with Node.js, where the published clients (ollama, openai,
 * tabby-agent) are installed by the Maven build, and gives back what it printed.
 */
final class NodeClient {
  static final Path FOLDER = Path.of("src", "test", "node").toAbsolutePath();

  private NodeClient() {}

  /**
   * What a script printed and how it exited.
   *
   * @param exitCode the exit code
   * @param stdout   standard output
   * @param stderr   standard error
   */
  record Result(int exitCode, String stdout, String stderr) {
    /** Standard output's lines. */
    List<String> lines() {
      return stdout.lines().toList();
    }
  }

  /**
   * Runs {@code node <script> args...} in the node folder.
   *
   * @param script  the script's file name in src/test/node
   * @param timeout seconds before the script is killed (then the test fails)
   * @param args    its arguments
   * @return what it printed
   */
  static Result run(String script, int timeout, String... args) throws IOException, InterruptedException {
    if (!Files.isDirectory(FOLDER.resolve("node_modules"))) {
      throw new IllegalStateException("the npm clients are not installed in " + FOLDER
          + "; the Maven build runs 'npm install' there (generate-test-resources)");
    }
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("node-out", ".txt");
    Path err = Files.createTempFile("node-err", ".txt");
    try {
      Process p = new ProcessBuilder(command).directory(FOLDER.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(script + " did not finish in " + timeout + " s; it printed:\n"
            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
