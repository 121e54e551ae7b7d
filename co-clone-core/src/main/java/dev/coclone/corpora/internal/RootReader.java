package dev.coclone.corpora.internal;

import dev.coclone.source.Languages;
import dev.coclone.source.SourceFile;
import dev.coclone.source.SourcePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the source files of roots within a budget. Every file goes through {@link SourcePolicy}
 * (size, binary, UTF-8). In folders no symbolic link to a folder is followed, and a linked file is
 * read only when it stays inside the root (a root that is itself a link, as a package in
 * {@code node_modules} may be, is the user's own dependency folder and is read where it points).
 * Not thread-safe.
 */
public final class RootReader {
  private final Budget budget;
  private final List<SourceFile> files = new ArrayList<>();
  private final Map<String, Integer> skipped = new TreeMap<>();
  private long bytes;
  private int overBudget;

  /**
   * Tracks what may still be read.
   *
   * @param files most files left
   * @param bytes most bytes left
   */
  public record Budget(int files, long bytes) {}

  /**
   * Creates a reader.
   *
   * @param budget what this reader may read at most
   */
  public RootReader(Budget budget) {
    this.budget = budget;
  }

  /** Reads a root's files (sorted by path) until the budget is spent. */
  public void read(Root root) throws IOException {
    Path p = root.path();
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    if (Files.isRegularFile(p) && (name.endsWith(".zip") || name.endsWith(".jar"))) {
      readZip(root);
    } else if (Files.isDirectory(p)) {
      readFolder(root);
    } else if (Files.isRegularFile(p)) {
      offer(root.prefix() + name, root, Files.size(p), () -> Files.readAllBytes(p));
    } else {
      throw new IOException(p + " is neither a folder, a source file nor a .zip/.jar");
    }
  }

  private void readZip(Root root) throws IOException {
    try (ZipFile zip = new ZipFile(root.path().toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (!e.isDirectory() && e.getName().startsWith(root.under()) && !inSkippedDir(e.getName(), root)) {
          entries.add(e);
        }
      }
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (ZipEntry e : entries) {
        offer(root.prefix() + e.getName(), root, e.getSize(), () -> {
          try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
          }
        });
      }
    }
  }

  private void readFolder(Root root) throws IOException {
    Path base = root.path().toRealPath();
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(base) && root.skippedDirs().contains(dir.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
          Path target;
          try {
            target = file.toRealPath();
          } catch (IOException e) {
            count(base.relativize(file) + ": a broken symbolic link");
            return FileVisitResult.CONTINUE;
          }
          if (!target.startsWith(base)) {
            count(base.relativize(file) + ": a symbolic link out of " + root.path().getFileName());
            return FileVisitResult.CONTINUE;
          }
          if (Files.isDirectory(target)) {
            return FileVisitResult.CONTINUE;
          }
        }
        if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
          found.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        count(base.relativize(file) + ": unreadable (" + e.getMessage() + ")");
        return FileVisitResult.CONTINUE;
      }
    });
    Collections.sort(found);
    for (Path f : found) {
      String rel = base.relativize(f).toString().replace('\\', '/');
      offer(root.prefix() + rel, root, Files.size(f), () -> Files.readAllBytes(f));
    }
  }

  private static boolean inSkippedDir(String path, Root root) {
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (root.skippedDirs().contains(parts[i])) {
        return true;
      }
    }
    return false;
  }

  private interface Bytes {
    byte[] get() throws IOException;
  }

  private void offer(String path, Root root, long size, Bytes content) throws IOException {
    if (!root.languages().contains(Languages.fromPath(path)) || path.endsWith(".min.js")) {
      return;
    }
    String sizeProblem = SourcePolicy.sizeProblem(size);
    if (sizeProblem != null) {
      count(sizeProblem);
      return;
    }
    if (files.size() >= budget.files() || bytes + Math.max(size, 0) > budget.bytes()) {
      overBudget++;
      return;
    }
    byte[] b;
    try {
      b = content.get();
    } catch (IOException e) {
      count(path + ": unreadable (" + e.getClass().getSimpleName() + ")");
      return;
    }
    if (bytes + b.length > budget.bytes()) {
      overBudget++; // a zip entry whose size was not known before reading it
      return;
    }
    SourcePolicy.Decoded d = SourcePolicy.decode(path, b);
    if (d.file() == null) {
      count(d.problem());
      return;
    }
    if (d.file().text().isBlank()) {
      return;
    }
    files.add(d.file());
    bytes += b.length;
  }

  private void count(String reason) {
    // Reasons that name a file are counted by their kind (the text after ": ").
    int colon = reason.indexOf(": ");
    skipped.merge(colon < 0 ? reason : reason.substring(colon + 2), 1, Integer::sum);
  }

  /** The files read so far. */
  public List<SourceFile> files() {
    return files;
  }

  /** Bytes read so far. */
  public long bytes() {
    return bytes;
  }

  /** Files left out because the budget was spent. */
  public int overBudget() {
    return overBudget;
  }

  /** Files left out by {@link SourcePolicy} or the link rule, by reason. */
  public Map<String, Integer> skipped() {
    return skipped;
  }
}
