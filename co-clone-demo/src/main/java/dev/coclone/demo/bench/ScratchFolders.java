package dev.coclone.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benches' scratch folders: copies of corpora, changed files, checker inputs. */
final class ScratchFolders {
  private ScratchFolders() {}

  /**
   * Deletes a folder and everything in it; a folder that is not there is no error.
   *
   * @param root the folder
   * @throws IOException if something in it cannot be deleted
   */
  static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
