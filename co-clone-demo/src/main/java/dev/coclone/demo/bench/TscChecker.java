package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * TypeScript's checker for {@code bench signatures-ts}: the bench's {@code tsc-check.cjs} in a node
 * process that stays alive, so each check re-checks only what a change can affect (as
 * {@code tsc --incremental} does). {@link #tscCli} runs the real {@code tsc --noEmit -p} once, to
 * show both give the same errors on the untouched corpus.
 */
final class TscChecker implements AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final Process process;
  private final Writer in;
  private final BufferedReader out;

  /**
   * A TypeScript error.
   *
   * @param path    the file, relative to the corpus
   * @param line    1-based line
   * @param column  1-based column
   * @param code    TypeScript's code (2554 is "Expected N arguments, but got M")
   * @param message the message
   */
  record TsError(String path, int line, int column, int code, String message) {
    @Override
    public String toString() {
      return path + ":" + line + ":" + column + ": TS" + code + " " + message;
    }
  }

  TscChecker(Path benchDir, Path corpus) throws IOException {
    process = new ProcessBuilder("node", benchDir.resolve("tsc-check.cjs").toString(), corpus.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Checks the corpus with some files replaced ({@code null} puts a file back as it is on disk);
   * replacements stay until put back.
   *
   * @param files texts by path relative to the corpus
   * @return every error
   */
  List<TsError> check(Map<String, String> files) throws IOException {
    ObjectNode req = json.createObjectNode();
    ObjectNode f = req.putObject("files");
    files.forEach((k, v) -> {
      if (v == null) {
        f.putNull(k);
      } else {
        f.put(k, v);
      }
    });
    in.write(json.writeValueAsString(req));
    in.write('\n');
    in.flush();
    String line = out.readLine();
    if (line == null) {
      throw new IOException("the TypeScript checker stopped (node exited " + (process.isAlive() ? "?" : process.exitValue())
          + "); see its error output above");
    }
    JsonNode reply = json.readTree(line);
    if (reply.has("error")) {
      throw new IOException("the TypeScript checker failed: " + reply.get("error").asText());
    }
    List<TsError> errors = new ArrayList<>();
    for (JsonNode d : reply.get("diagnostics")) {
      errors.add(new TsError(d.get("file").asText(), d.get("line").asInt(), d.get("column").asInt(),
          d.get("code").asInt(), d.get("message").asText()));
    }
    return errors;
  }

  /** The number of errors {@code tsc --noEmit -p corpus} prints, and its wall time. */
  static long[] tscCli(Path benchDir, Path corpus) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("node", benchDir.resolve("node_modules/typescript/bin/tsc").toString(),
        "--noEmit", "-p", corpus.toString()).redirectErrorStream(true).start();
    long errors;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      errors = r.lines().filter(l -> l.contains(": error TS")).count();
    }
    p.waitFor(10, TimeUnit.MINUTES);
    return new long[] {errors, (System.nanoTime() - t0) / 1_000_000};
  }

  @Override
  public void close() throws IOException {
    in.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
