package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs pyright ({@code pyright --outputjson}) in a project folder on some of its files and reads
 * its errors. Warnings and information are left out.
 */
final class Pyright {
  private static final long TIMEOUT_SECONDS = 600;
  private final Path executable;
  private final Path root;

  /**
   * @param executable the pyright launcher ({@code node_modules/.bin/pyright})
   * @param root       the project folder; pyright runs there and reads its {@code pyrightconfig.json}
   */
  Pyright(Path executable, Path root) {
    this.executable = executable;
    this.root = root;
  }

  /**
   * One error.
   *
   * @param path    the file, relative to the project folder
   * @param line    1-based line of its start
   * @param column  1-based column of its start
   * @param rule    pyright's rule ({@code reportCallIssue}), or "" when it names none
   * @param message the message's first line
   */
  record Error(String path, int line, int column, String rule, String message) {
    /** Where and what, for people. */
    @Override
    public String toString() {
      return path + ":" + line + ":" + column + " " + rule + " " + message;
    }

    /** What stays the same for an error that was already there: its file, line and rule. */
    String key() {
      return path + ":" + line + ":" + rule;
    }

    /** True for pyright's errors about an override that no longer fits its base method. */
    boolean overrideError() {
      return rule.equals("reportIncompatibleMethodOverride");
    }
  }

  /** The version pyright reports ({@code pyright 1.1.414}). */
  String version() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(executable.toString(), "--version").directory(root.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return out;
  }

  /**
   * Checks the given files (all of the project's when empty) and returns their errors.
   *
   * @throws IOException when pyright cannot be started or its output is not its JSON
   */
  List<Error> check(Collection<String> files) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--outputjson"));
    cmd.addAll(files);
    Path out = Files.createTempFile("coclone-pyright", ".json");
    try {
      Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("pyright took more than " + TIMEOUT_SECONDS + " s");
      }
      JsonNode json;
      try {
        json = new ObjectMapper().readTree(out.toFile());
      } catch (IOException e) {
        throw new IOException("pyright did not print its JSON report (exit " + p.exitValue() + "): "
            + Files.readString(out).lines().limit(5).toList(), e);
      }
      List<Error> errors = new ArrayList<>();
      for (JsonNode d : json.path("generalDiagnostics")) {
        if (!"error".equals(d.path("severity").asText())) {
          continue;
        }
        Path file = Path.of(d.path("file").asText());
        String rel = (file.isAbsolute() ? root.toRealPath().relativize(file) : file).toString().replace('\\', '/');
        JsonNode start = d.path("range").path("start");
        errors.add(new Error(rel, start.path("line").asInt() + 1, start.path("character").asInt() + 1,
            d.path("rule").asText(""), d.path("message").asText().lines().findFirst().orElse("")));
      }
      return errors;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
