package dev.coclone.workspace;

import dev.coclone.source.SourceFile;
import dev.coclone.source.SourcePolicy;
import dev.coclone.source.Languages;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * The user's code as Co-Clone sees it: the source files of a folder (honouring {@code .gitignore},
 * skipping binaries, huge files, dependency and build folders, unreadable files and symlink loops,
 * each with a logged reason), plus unsaved text pushed from the editor, which wins over the disk.
 * Listeners hear every change; {@link #watch()} follows the disk. {@link #write}, {@link #delete} and
 * {@link #move} change the files on disk (through {@link #resolve}'s path safety), with
 * {@link #write} refusing when the disk changed since the caller's version. Thread-safe.
 */
public final class Workspace implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Workspace.class.getName());
  private static final String OUTSIDE = "a symbolic link that leads outside the workspace";
  private final Path root;
  private final Map<String, SourceFile> files = new ConcurrentHashMap<>();
  private final Map<String, String> skipped = new ConcurrentHashMap<>();
  private final List<WorkspaceListener> listeners = new CopyOnWriteArrayList<>();
  private final List<String> recent = new CopyOnWriteArrayList<>();
  /** Files put by the editor that the disk has not had since: a rescan of the disk leaves them. */
  private final Set<String> fromEditor = ConcurrentHashMap.newKeySet();
  private volatile WatchService watcher;

  /**
   * Creates a workspace over a folder; nothing is read until {@link #scan}.
   *
   * @param root the folder, or null for a workspace that only holds editor files
   */
  public Workspace(Path root) {
    this.root = root == null ? null : root.toAbsolutePath().normalize();
  }

  /** The folder, or null. */
  public Path root() {
    return root;
  }

  /**
   * The real path of a file or folder under the root, or null when it leads outside the root's
   * real folder (through a symbolic link, at any level). Nothing outside is read, listed,
   * indexed or written.
   *
   * @param p an existing path under the root
   * @return its real path, or null if it lies outside
   * @throws IOException if the path cannot be resolved
   */
  private Path inside(Path p) throws IOException {
    Path real = p.toRealPath();
    return real.startsWith(root.toRealPath()) ? real : null;
  }

  /**
   * Resolves a client's workspace-relative path to a place on disk that may be written: checked by
   * {@link PathSafety}, and neither it nor its nearest existing parent leads outside the
   * workspace's real folder.
   *
   * @param relative the workspace-relative path
   * @return the absolute path inside the workspace
   * @throws IllegalArgumentException for an unsafe path or one that a link leads outside
   * @throws IllegalStateException if this workspace has no folder
   * @throws IOException if the path cannot be resolved
   */
  public Path resolve(String relative) throws IOException {
    if (root == null) {
      throw new IllegalStateException("this workspace has no folder on disk; start the server with --workspace DIR");
    }
    String rel = PathSafety.check(relative);
    Path target = root.resolve(rel);
    Path existing = target;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.exists(existing) || inside(existing) == null) {
      throw new IllegalArgumentException("'" + rel + "' leads outside the workspace through a symbolic link; "
          + "Co-Clone reads and writes only inside " + root.getFileName());
    }
    return target;
  }

  /** Adds a listener. */
  public void addListener(WorkspaceListener l) {
    listeners.add(Objects.requireNonNull(l, "l"));
  }

  /**
   * Reads every source file under the root.
   *
   * @param progress called with (files read, path) as it goes; may be null
   * @return the number of files read
   * @throws IOException if the root cannot be walked
   */
  public int scan(BiConsumer<Integer, String> progress) throws IOException {
    if (root == null) {
      return 0;
    }
    List<GitIgnore> ignores = new ArrayList<>();
    Set<Object> seenDirs = new HashSet<>();
    int[] count = {0};
    Files.walkFileTree(root, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            Object key = attrs.fileKey() != null ? attrs.fileKey() : dir.toRealPath();
            String rel = rel(dir);
            if (!seenDirs.add(key)) {
              skip(rel, "symbolic link loop");
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (!rel.isEmpty() && (SourcePolicy.skippedDir(dir.getFileName().toString()) || ignored(ignores, rel, true))) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (!rel.isEmpty() && inside(dir) == null) {
              skip(rel, OUTSIDE);
              return FileVisitResult.SKIP_SUBTREE;
            }
            Path gi = dir.resolve(".gitignore");
            if (Files.isRegularFile(gi)) {
              try {
                ignores.add(new GitIgnore(rel, Files.readString(gi)));
              } catch (IOException e) {
                skip(rel + "/.gitignore", "unreadable: " + e.getMessage());
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = rel(file);
            if (!attrs.isRegularFile() || !SourcePolicy.sourcePath(rel) || ignored(ignores, rel, false)) {
              return FileVisitResult.CONTINUE;
            }
            readFromDisk(file, rel, attrs.size()).ifPresent(f -> {
              store(f);
              count[0]++;
              if (progress != null) {
                progress.accept(count[0], rel);
              }
            });
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            skip(rel(file), e instanceof java.nio.file.FileSystemLoopException ? "symbolic link loop"
                : "unreadable: " + e.getMessage());
            return FileVisitResult.CONTINUE;
          }
        });
    return count[0];
  }

  private static boolean ignored(List<GitIgnore> ignores, String rel, boolean dir) {
    Boolean result = null;
    for (GitIgnore g : ignores) {
      Boolean d = g.decide(rel, dir);
      if (d != null) {
        result = d;
      }
    }
    return Boolean.TRUE.equals(result);
  }

  private java.util.Optional<SourceFile> readFromDisk(Path file, String rel, long size) {
    try {
      if (inside(file) == null) {
        skip(rel, OUTSIDE);
        return java.util.Optional.empty();
      }
    } catch (IOException e) {
      skip(rel, "unreadable: " + e.getMessage());
      return java.util.Optional.empty();
    }
    String tooLarge = SourcePolicy.sizeProblem(size);
    if (tooLarge != null) {
      skip(rel, tooLarge);
      return java.util.Optional.empty();
    }
    try {
      SourcePolicy.Decoded d = SourcePolicy.decode(rel, Files.readAllBytes(file));
      if (d.file() == null) {
        skip(rel, d.problem());
      }
      return java.util.Optional.ofNullable(d.file());
    } catch (IOException e) {
      skip(rel, "unreadable: " + e.getMessage());
    }
    return java.util.Optional.empty();
  }

  private void skip(String rel, String reason) {
    skipped.put(rel, reason);
    LOG.fine(() -> "skipped " + rel + ": " + reason);
  }

  private String rel(Path p) {
    return root.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  private void store(SourceFile f) {
    files.put(f.path(), f);
    skipped.remove(f.path());
    for (WorkspaceListener l : listeners) {
      l.changed(f);
    }
  }

  /**
   * Puts text from the editor (unsaved or uploaded); it wins over the disk.
   *
   * @param path workspace-relative path
   * @param text the text
   * @return the stored file
   * @throws IllegalArgumentException for an unsafe path, binary text or a file over 1 MiB
   */
  public SourceFile put(String path, String text) {
    String p = PathSafety.check(path);
    Objects.requireNonNull(text, "text");
    String problem = SourcePolicy.textProblem(text);
    if (problem != null) {
      throw new IllegalArgumentException("'" + p + "' is " + problem);
    }
    SourceFile f = SourceFile.of(p, text);
    store(f);
    fromEditor.add(p);
    recent.remove(p);
    recent.add(0, p);
    if (recent.size() > 20) {
      recent.remove(recent.size() - 1);
    }
    return f;
  }

  /**
   * Forgets a file.
   *
   * @param path workspace-relative path
   * @return true if it was there
   */
  public boolean remove(String path) {
    String p = PathSafety.check(path);
    boolean had = files.remove(p) != null;
    skipped.remove(p);
    recent.remove(p);
    fromEditor.remove(p);
    if (had) {
      listeners.forEach(l -> l.removed(p));
    }
    return had;
  }

  /**
   * Renames a file.
   *
   * @param from current path
   * @param to   new path
   * @throws IllegalArgumentException if from is unknown, to exists, or either is unsafe
   */
  public void rename(String from, String to) {
    String f = PathSafety.check(from);
    String t = PathSafety.check(to);
    SourceFile file = files.get(f);
    if (file == null) {
      throw new IllegalArgumentException("no file '" + f + "' in the workspace");
    }
    if (files.containsKey(t)) {
      throw new IllegalArgumentException("'" + t + "' exists already; delete it first or choose another name");
    }
    remove(f);
    put(t, file.text());
  }

  /**
   * Saves text to the file on disk (atomically: readers never see half a file) and uses it at once,
   * as {@link #put} does. Refused when the disk's text is not the version the caller started from.
   *
   * @param path           workspace-relative path, checked by {@link #resolve}
   * @param text           the text
   * @param expectedSha256 the SHA-256 ({@link #sha256}) of the disk text the caller started from;
   *                       {@code ""} when the file must not exist yet; null to overwrite whatever is there
   * @return the stored file
   * @throws ChangedOnDiskException if the disk's text is not the expected version
   * @throws IllegalArgumentException for an unsafe path, binary text or a file over 1 MiB
   * @throws IllegalStateException if this workspace has no folder
   * @throws IOException if the file cannot be written
   */
  public SourceFile write(String path, String text, String expectedSha256) throws IOException {
    Objects.requireNonNull(text, "text");
    String p = PathSafety.check(path);
    String problem = SourcePolicy.textProblem(text);
    if (problem != null) {
      throw new IllegalArgumentException("'" + p + "' is " + problem);
    }
    Path file = resolve(p);
    synchronized (this) {
      if (expectedSha256 != null) {
        String current = DiskFiles.currentSha256(file);
        boolean same = expectedSha256.isEmpty() ? current == null : expectedSha256.equals(current);
        if (!same) {
          throw new ChangedOnDiskException(p, current);
        }
      }
      DiskFiles.writeAtomically(file, text);
      return put(p, text);
    }
  }

  /**
   * Deletes a file on disk and forgets it.
   *
   * @param path workspace-relative path, checked by {@link #resolve}
   * @return true if there was a file on disk or in memory
   * @throws IllegalArgumentException for an unsafe path or a folder
   * @throws IllegalStateException if this workspace has no folder
   * @throws IOException if the file cannot be deleted
   */
  public boolean delete(String path) throws IOException {
    String p = PathSafety.check(path);
    Path file = resolve(p);
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("'" + p + "' is a folder; delete the files in it one by one");
    }
    synchronized (this) {
      boolean onDisk = Files.deleteIfExists(file);
      return remove(p) || onDisk;
    }
  }

  /**
   * Renames (moves) a file on disk, creating the target's folders, and follows it in memory.
   *
   * @param from current path
   * @param to   new path
   * @throws IllegalArgumentException if from does not exist, to exists, or either is unsafe
   * @throws IllegalStateException if this workspace has no folder
   * @throws IOException if the file cannot be moved
   */
  public void move(String from, String to) throws IOException {
    String f = PathSafety.check(from);
    String t = PathSafety.check(to);
    Path source = resolve(f);
    Path target = resolve(t);
    synchronized (this) {
      if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException("no file '" + f + "' in the workspace");
      }
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) || files.containsKey(t)) {
        throw new IllegalArgumentException("'" + t + "' exists already; delete it first or choose another name");
      }
      Files.createDirectories(target.getParent());
      Files.move(source, target);
      SourceFile known = files.get(f);
      String text = known != null ? known.text() : Files.readString(target);
      remove(f);
      put(t, text);
    }
  }

  /**
   * A file as it is on disk now (re-read, and used from now on if it changed there), or as the
   * server holds it when it is not on disk; without a folder, the file held in memory.
   *
   * @param path workspace-relative path
   * @return the file, or empty if there is none
   * @throws IllegalArgumentException for an unsafe path
   * @throws IOException if the path cannot be resolved
   */
  public java.util.Optional<SourceFile> reread(String path) throws IOException {
    String p = PathSafety.check(path);
    if (root == null) {
      return get(p);
    }
    Path file = resolve(p);
    if (Files.isRegularFile(file)) {
      java.util.Optional<SourceFile> fresh = readFromDisk(file, p, Files.size(file));
      SourceFile known = files.get(p);
      if (fresh.isPresent() && (known == null || !known.text().equals(fresh.get().text()))) {
        store(fresh.get());
      }
      if (fresh.isPresent()) {
        return fresh;
      }
    }
    return get(p);
  }

  /**
   * The version tag the write methods compare: the hex SHA-256 of a text's UTF-8 bytes.
   *
   * @param text the text
   * @return 64 hex digits
   */
  public static String sha256(String text) {
    return DiskFiles.sha256(Objects.requireNonNull(text, "text"));
  }

  /** A file by path, if known. */
  public java.util.Optional<SourceFile> get(String path) {
    return java.util.Optional.ofNullable(files.get(path));
  }

  /** All files, sorted by path. */
  public Collection<SourceFile> files() {
    return new TreeMap<>(files).values();
  }

  /** Files on disk that were not read and why (an entry goes once the file is read or deleted). */
  public Map<String, String> skipped() {
    return Map.copyOf(skipped);
  }

  /** Paths edited through {@link #put}, most recent first. */
  public List<String> recentlyEdited() {
    return List.copyOf(recent);
  }

  /**
   * Follows changes on disk: created, changed and deleted files reach the listeners (editor text
   * still wins until the editor sends newer text).
   *
   * @throws IOException if watching cannot start
   */
  public synchronized void watch() throws IOException {
    if (root == null || watcher != null) {
      return;
    }
    watcher = WorkspaceWatcher.start(root, this);
  }

  /** A file changed or appeared on disk (from the watcher). */
  void changedOnDisk(Path file) throws IOException {
    String rel = rel(file);
    if (Files.isRegularFile(file) && SourcePolicy.sourcePath(rel)) {
      readFromDisk(file, rel, Files.size(file)).ifPresent(f -> {
        fromEditor.remove(rel);
        SourceFile known = files.get(rel);
        if (known == null || !known.text().equals(f.text())) {
          store(f); // a save often comes as two events, and a rescan reads unchanged files: no news then
        }
      });
    }
  }

  /** A file or a folder was deleted on disk (from the watcher): a folder's files go with it. */
  void deletedOnDisk(Path file) {
    String rel = rel(file);
    skipped.keySet().removeIf(p -> p.equals(rel) || p.startsWith(rel + "/"));
    List<String> gone = new ArrayList<>();
    for (String p : files.keySet()) {
      if (p.equals(rel) || p.startsWith(rel + "/") && !fromEditor.contains(p)) {
        gone.add(p);
      }
    }
    for (String p : gone) {
      if (files.remove(p) != null) {
        listeners.forEach(l -> l.removed(p));
      }
    }
  }

  /** After the watcher lost events: files that are no longer on disk are removed. */
  void forgetMissing() {
    skipped.keySet().removeIf(p -> !Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS));
    for (String p : List.copyOf(files.keySet())) {
      if (!fromEditor.contains(p) && !Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS)
          && files.remove(p) != null) {
        listeners.forEach(l -> l.removed(p));
      }
    }
  }

  /** Whether a folder that appeared on disk is to be watched too. */
  boolean watches(Path dir) throws IOException {
    return !SourcePolicy.skippedDir(dir.getFileName().toString()) && inside(dir) != null;
  }

  /** Stops watching. */
  @Override
  public void close() {
    try {
      if (watcher != null) {
        watcher.close();
      }
    } catch (IOException e) {
      LOG.fine("closing the watch service: " + e.getMessage());
    }
  }
}
