package dev.coclone.workspace;

import dev.coclone.source.SourcePolicy;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.logging.Logger;

/** Follows a workspace's folder on disk and tells the workspace what changed, on a daemon thread. */
final class WorkspaceWatcher {
  private static final Logger LOG = Logger.getLogger(WorkspaceWatcher.class.getName());

  private WorkspaceWatcher() {}

  /**
   * Registers every folder under the root (skipping dependency and build folders) and starts the
   * thread; closing the returned service stops it.
   */
  static WatchService start(Path root, Workspace workspace) throws IOException {
    WatchService ws = FileSystems.getDefault().newWatchService();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(root) && SourcePolicy.skippedDir(dir.getFileName().toString())) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        register(dir, ws);
        return FileVisitResult.CONTINUE;
      }
    });
    Thread t = new Thread(() -> loop(root, ws, workspace), "co-clone-workspace-watch");
    t.setDaemon(true);
    t.start();
    return ws;
  }

  /**
   * Watches a folder that appeared (or, after lost events, the whole root) with every folder below
   * it, and reads the files already in them: {@code mkdir -p a/b && touch a/b/x.py}, a checkout or
   * an unzip fill a folder before its watch is registered, so their files come with no event.
   */
  private static void added(Path dir, Path root, WatchService ws, Workspace workspace) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        if (!d.equals(root) && !workspace.watches(d)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        register(d, ws);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          workspace.changedOnDisk(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // Gone again, or unreadable: the next event for it says what it is.
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void register(Path dir, WatchService ws) throws IOException {
    dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
  }

  private static void loop(Path root, WatchService ws, Workspace workspace) {
    try {
      while (true) {
        WatchKey key = ws.take();
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> e : key.pollEvents()) {
          if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
            // Events were lost (thousands of changes at once, as a branch switch makes): read the disk again.
            workspace.forgetMissing();
            added(root, root, ws, workspace);
            continue;
          }
          Path file = dir.resolve((Path) e.context());
          if (e.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
            workspace.deletedOnDisk(file);
          } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            if (workspace.watches(file)) {
              added(file, root, ws, workspace);
            }
          } else {
            workspace.changedOnDisk(file);
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Stopped by Workspace.close().
    } catch (IOException e) {
      LOG.warning("stopped watching " + root + ": " + e.getMessage());
    }
  }
}
