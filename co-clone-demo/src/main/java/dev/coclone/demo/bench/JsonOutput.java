package dev.coclone.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --json FILE}: where a bench also writes its JSON report. */
final class JsonOutput {
  @Option(names = "--json", paramLabel = "FILE", description = "also write the JSON report to this file")
  Path file;

  /** Writes the report when --json was given. */
  void write(String text) throws IOException {
    if (file != null) {
      Files.writeString(file, text);
    }
  }
}
