package dev.coclone.engine;

import dev.coclone.completion.Languages;
import dev.coclone.workspace.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * sorted by path. Binary files, files over 1 MiB and files that are not valid UTF-8 are skipped
 * and reported to the given consumer with the reason.
 */
public final class CorpusFiles {
  /** Largest file read. */
  public static final long MAX_BYTES = 1 << 20;

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
          if (e.getSize() > MAX_BYTES) {
            skipped.accept(e.getName() + ": larger than 1 MiB");
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
            .filter(p -> !vendored(root.relativize(p)))::iterator) {
          String rel = root.relativize(p).toString().replace('\\', '/');
          if (!wanted(rel, languages)) {
            continue;
          }
          if (Files.size(p) > MAX_BYTES) {
            skipped.accept(rel + ": larger than 1 MiB");
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

  /** Folders of dependencies, build output and tool state: not the user's code. */
  static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "target", "build", "dist", "out", ".git", ".hg",
      ".svn", "venv", ".venv", "__pycache__", ".idea", ".gradle", ".mvn", "vendor", "third_party", ".co-clone");

  private static boolean vendored(Path rel) {
    for (Path part : rel) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean wanted(String path, Set<String> languages) {
    String lang = Languages.fromPath(path);
    return !"text".equals(lang) && (languages.isEmpty() || languages.contains(lang));
  }

  private static void add(List<SourceFile> out, String path, byte[] bytes, Consumer<String> skipped) {
    for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
      if (bytes[i] == 0) {
        skipped.accept(path + ": binary");
        return;
      }
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      out.add(SourceFile.of(path, text));
    } catch (CharacterCodingException e) {
      skipped.accept(path + ": not valid UTF-8");
    }
  }
}
