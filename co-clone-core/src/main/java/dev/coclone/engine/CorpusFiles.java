package dev.coclone.engine;

import dev.coclone.source.Languages;
import dev.coclone.source.SourceFile;
import dev.coclone.source.SourcePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a corpus of source files from a directory or a zip (such as the JDK's {@code src.zip}),
 * sorted by path. Files that are not source files by {@link SourcePolicy} are skipped
 * and reported to the given consumer with the reason.
 */
public final class CorpusFiles {
  private CorpusFiles() {}

  /**
   * Loads source files.
   *
   * @param root      a directory or a .zip/.jar file
   * @param under     only entries under this relative folder (e.g. {@code java.base/}), or "" for all
   * @param languages language ids to keep (e.g. {@code java}); empty keeps every known language
   * @param skipped   receives "path: reason" for each skipped file
   * @return the files, sorted by path
   * @throws IOException if the root cannot be read
   */
  public static List<SourceFile> load(Path root, String under, Set<String> languages, Consumer<String> skipped)
      throws IOException {
    List<SourceFile> out = new ArrayList<>();
    String name = root.getFileName() == null ? "" : root.getFileName().toString();
    if (Files.isRegularFile(root) && (name.endsWith(".zip") || name.endsWith(".jar"))) {
      try (ZipFile zip = new ZipFile(root.toFile())) {
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
          if (e.isDirectory() || !e.getName().startsWith(under) || !wanted(e.getName(), languages)) {
            continue;
          }
          String size = SourcePolicy.sizeProblem(e.getSize());
          if (size != null) {
            skipped.accept(e.getName() + ": " + size);
            continue;
          }
          try (InputStream in = zip.getInputStream(e)) {
            add(out, e.getName(), in.readAllBytes(), skipped);
          }
        }
      }
    } else if (Files.isDirectory(root)) {
      Path base = root.resolve(under);
      try (Stream<Path> walk = Files.walk(base, FileVisitOption.FOLLOW_LINKS)) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)
            .filter(p -> !SourcePolicy.underSkippedDir(root.relativize(p)))::iterator) {
          String rel = root.relativize(p).toString().replace('\\', '/');
          if (!wanted(rel, languages)) {
            continue;
          }
          String size = SourcePolicy.sizeProblem(Files.size(p));
          if (size != null) {
            skipped.accept(rel + ": " + size);
            continue;
          }
          add(out, rel, Files.readAllBytes(p), skipped);
        }
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    } else {
      throw new IOException(root + " is neither a directory nor a .zip/.jar file");
    }
    out.sort(Comparator.comparing(SourceFile::path));
    return out;
  }

  private static boolean wanted(String path, Set<String> languages) {
    return SourcePolicy.sourcePath(path) && (languages.isEmpty() || languages.contains(Languages.fromPath(path)));
  }

  private static void add(List<SourceFile> out, String path, byte[] bytes, Consumer<String> skipped) {
    SourcePolicy.Decoded d = SourcePolicy.decode(path, bytes);
    if (d.file() != null) {
      out.add(d.file());
    } else {
      skipped.accept(path + ": " + d.problem());
    }
  }
}
