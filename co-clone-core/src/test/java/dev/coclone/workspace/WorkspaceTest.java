package dev.coclone.workspace;

import dev.coclone.source.SourceFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
  @TempDir
  Path root;

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void scansSourcesAndHonoursGitignore() throws Exception {
    write("src/App.java", "class App {}");
    write("src/gen/Gen.java", "class Gen {}");
    write("src/keep/Keep.java", "class Keep {}");
    write("logs/x.py", "x = 1");
    write("node_modules/lib/index.js", "module.exports = 1");
    write("notes.txt", "not code");
    write(".gitignore", "# build output\nsrc/gen/\n/logs\n*.tmp.py\n");
    write("src/.gitignore", "keep/\n!keep/\n");
    write("a.tmp.py", "y = 2");
    try (Workspace w = new Workspace(root)) {
      assertEquals(2, w.scan(null));
      assertEquals(java.util.List.of("src/App.java", "src/keep/Keep.java"),
          w.files().stream().map(SourceFile::path).toList());
    }
  }

  @Test
  void skipsBinaryHugeAndNonUtf8FilesWithReasons() throws Exception {
    write("bin.py", "x = 1\0\0\0");
    Files.write(root.resolve("latin1.py"), new byte[] {'x', '=', '"', (byte) 0xE9, '"'});
    write("huge.js", "x".repeat(dev.coclone.source.SourcePolicy.MAX_BYTES + 1));
    write("ok.js", "let a = 1;");
    try (Workspace w = new Workspace(root)) {
      assertEquals(1, w.scan(null));
      assertEquals("binary", w.skipped().get("bin.py"));
      assertEquals("not valid UTF-8", w.skipped().get("latin1.py"));
      assertTrue(w.skipped().get("huge.js").contains("1 MiB"));
    }
  }

  @Test
  void aSkippedFileLeavesTheListOnceItIsReadOrDeleted() throws Exception {
    write("bin.py", "x = 1\0\0\0");
    write("huge.js", "x".repeat(dev.coclone.source.SourcePolicy.MAX_BYTES + 1));
    try (Workspace w = new Workspace(root)) {
      w.scan(null);
      assertEquals(java.util.Set.of("bin.py", "huge.js"), w.skipped().keySet());
      w.put("bin.py", "x = 1\n");
      assertEquals(java.util.Set.of("huge.js"), w.skipped().keySet(), "text from the editor is read");
      w.delete("huge.js");
      assertEquals(java.util.Map.of(), w.skipped(), "a deleted file is no longer skipped");
    }
  }

  @Test
  void linksThatLeadOutsideAreNeitherReadNorListed(@TempDir Path outside) throws Exception {
    Files.writeString(outside.resolve("hostname"), "secret-host");
    Files.createDirectories(outside.resolve("etc"));
    Files.writeString(outside.resolve("etc/passwd.py"), "root = 0");
    write("ok.py", "x = 1");
    write("inner/real.py", "y = 2");
    Files.createSymbolicLink(root.resolve("hostname.py"), outside.resolve("hostname"));
    Files.createSymbolicLink(root.resolve("linked"), outside.resolve("etc"));
    Files.createSymbolicLink(root.resolve("alias.py"), root.resolve("inner/real.py"));
    try (Workspace w = new Workspace(root)) {
      w.scan(null);
      assertEquals(java.util.List.of("alias.py", "inner/real.py", "ok.py"),
          w.files().stream().map(SourceFile::path).sorted().toList());
      assertTrue(w.skipped().get("hostname.py").contains("outside the workspace"), w.skipped().toString());
      assertTrue(w.skipped().get("linked").contains("outside the workspace"), w.skipped().toString());
      assertThrows(IllegalArgumentException.class, () -> w.resolve("linked/new.py"));
      assertThrows(IllegalArgumentException.class, () -> w.resolve("hostname.py"));
      assertEquals(root.toAbsolutePath().normalize().resolve("inner/new.py"), w.resolve("inner/new.py"));
    }
  }

  @Test
  void linksCreatedWhileWatchingAreNotFollowedOutside(@TempDir Path outside) throws Exception {
    Files.writeString(outside.resolve("secret.py"), "token = 'x'");
    try (Workspace w = new Workspace(root)) {
      w.scan(null);
      BlockingQueue<String> changed = new LinkedBlockingQueue<>();
      w.addListener(new WorkspaceListener() {
        @Override
        public void changed(SourceFile f) {
          changed.add(f.path());
        }
      });
      w.watch();
      Files.createSymbolicLink(root.resolve("secret.py"), outside.resolve("secret.py"));
      write("after.py", "z = 3");
      String first;
      do {
        first = changed.poll(20, TimeUnit.SECONDS);
        assertTrue(first != null, "the watcher never reported after.py");
      } while (!first.equals("after.py") && !first.equals("secret.py"));
      assertEquals("after.py", first);
      assertFalse(w.get("secret.py").isPresent());
    }
  }

  @Test
  void survivesSymlinkLoops() throws Exception {
    write("a/ok.py", "x = 1");
    Files.createSymbolicLink(root.resolve("a/loop"), root.resolve("a"));
    try (Workspace w = new Workspace(root)) {
      assertEquals(1, w.scan(null));
      assertTrue(w.skipped().values().stream().anyMatch(r -> r.contains("loop")), w.skipped().toString());
    }
  }

  @Test
  void editorTextWinsAndListenersHear() throws Exception {
    write("m.py", "old = 1");
    try (Workspace w = new Workspace(root)) {
      BlockingQueue<String> events = events(w);
      w.scan(null);
      assertEquals("changed m.py", events.poll());
      w.put("m.py", "new = 2");
      assertEquals("new = 2", w.get("m.py").orElseThrow().text());
      assertEquals(java.util.List.of("m.py"), w.recentlyEdited());
      w.rename("m.py", "n.py");
      assertFalse(w.get("m.py").isPresent());
      assertEquals("new = 2", w.get("n.py").orElseThrow().text());
      assertTrue(events.contains("removed m.py") && events.contains("changed n.py"), events.toString());
    }
  }

  @Test
  void pathTricksAreRefused() {
    Workspace w = new Workspace(null);
    for (String bad : new String[] {"../x.py", "/etc/passwd", "a/../../b.py", "C:\\x.py", "a//b.py", "", "a/./b.js",
        "we\u0000ird.py", "a<b.py", "x|y.js", "co:n.py", "be\u0007ll.py", " lead.py", "trail /x.py", "q?.js"}) {
      assertThrows(IllegalArgumentException.class, () -> w.put(bad, "x"), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> w.put("bin.py", "a\0b"));
    assertEquals("dir/ok_1.py", w.put("dir\\ok_1.py", "x = 1").path());
    for (String name : new String[] {"app/(shop)/[id]/page.tsx", "app/[...slug].tsx", "100%.py", "a+b.py",
        "r\u00e9sum\u00e9.py", "My Notes/todo list.md", "@scope/pkg~1.js"}) {
      assertEquals(name, w.put(name, "x = 1").path(), "a name web frameworks and people use");
    }
  }

  @Test
  void watchPicksUpChangesOnDisk() throws Exception {
    write("w.py", "a = 1");
    try (Workspace w = new Workspace(root)) {
      w.scan(null);
      BlockingQueue<SourceFile> changes = new LinkedBlockingQueue<>();
      w.addListener(new WorkspaceListener() {
        @Override
        public void changed(SourceFile f) {
          changes.add(f);
        }
      });
      w.watch();
      write("w.py", "a = 2");
      SourceFile f;
      do {
        f = changes.poll(20, TimeUnit.SECONDS);
      } while (f != null && !f.text().equals("a = 2"));
      assertEquals("a = 2", f == null ? null : f.text());
    }
  }

  @Test
  void aFolderTreeMadeOnDiskIsWatchedWithItsFilesAndDeletingItRemovesThem() throws Exception {
    write("w.py", "a = 1");
    try (Workspace w = new Workspace(root)) {
      w.scan(null);
      BlockingQueue<String> events = events(w);
      w.put("made/in/editor.py", "e = 1");
      w.watch();
      // As mkdir -p, a checkout or an unzip do: the folders and a file before any watch sees them.
      Files.createDirectories(root.resolve("made/in/one"));
      write("made/in/one/x.py", "x = 1");
      awaitEvent(events, "changed made/in/one/x.py");
      write("made/in/one/y.py", "y = 1");
      awaitEvent(events, "changed made/in/one/y.py");
      assertTrue(w.get("made/in/one/x.py").isPresent() && w.get("made/in/one/y.py").isPresent());
      try (var walk = Files.walk(root.resolve("made"))) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      awaitEvent(events, "removed made/in/one/x.py", "removed made/in/one/y.py");
      assertFalse(w.get("made/in/one/x.py").isPresent());
      assertTrue(w.get("made/in/editor.py").isPresent(), "text only the editor has stays");
      assertTrue(w.get("w.py").isPresent());
    }
  }

  /** Waits for all the expected events, in any order, among others. */
  /** The workspace's events, as "changed PATH" and "removed PATH", in order. */
  private static BlockingQueue<String> events(Workspace w) {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    w.addListener(new WorkspaceListener() {
      @Override
      public void changed(SourceFile f) {
        events.add("changed " + f.path());
      }

      @Override
      public void removed(String path) {
        events.add("removed " + path);
      }
    });
    return events;
  }

  private static void awaitEvent(BlockingQueue<String> events, String... expected) throws InterruptedException {
    java.util.List<String> seen = new java.util.ArrayList<>();
    java.util.Set<String> missing = new java.util.HashSet<>(java.util.List.of(expected));
    while (!missing.isEmpty()) {
      String e = events.poll(20, TimeUnit.SECONDS);
      assertTrue(e != null, "still waiting for " + missing + "; events: " + seen);
      seen.add(e);
      missing.remove(e);
    }
  }
}
