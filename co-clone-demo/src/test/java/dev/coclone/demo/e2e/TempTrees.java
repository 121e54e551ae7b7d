package dev.coclone.demo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes the temporary folders the page tests make outside JUnit's {@code @TempDir} (a browser's
 * profile, 7 MB each, and the harness's copy of the examples), so runs of the suite do not fill the
 * temp folder.
 */
final class TempTrees {
  private TempTrees() {}

  /** Deletes the folder and everything under it; a folder already gone is not an error. */
  static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        deleteOne(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the temporary folder " + root, e);
    }
  }

  private static void deleteOne(Path p) throws IOException {
    try {
      Files.delete(p);
    } catch (NoSuchFileException gone) {
      // Chromium may remove its own lock files while we walk; what is gone needs no deleting.
    }
  }
}
