package dev.coclone.corpora;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds what the corpus tests find: a -sources.jar in a fake local Maven repository, files in folders. */
public final class CorpusFixtures {
  private CorpusFixtures() {}

  /**
   * Writes {@code <repo>/<group path>/<artifact>/<version>/<artifact>-<version>-sources.jar} with these entries.
   *
   * @return the jar
   */
  public static Path sourcesJar(Path repo, String group, String artifact, String version, Map<String, byte[]> entries)
      throws IOException {
    Path dir = Files.createDirectories(repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
    Path jar = dir.resolve(artifact + "-" + version + "-sources.jar");
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** UTF-8 bytes. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a file, creating its folders. */
  public static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
