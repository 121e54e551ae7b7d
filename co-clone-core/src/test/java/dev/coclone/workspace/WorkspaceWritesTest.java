package dev.coclone.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceWritesTest {
  @TempDir
  Path root;

  @Test
  void writeSavesToDiskAndRefusesWhenTheDiskChangedSinceTheGivenVersion() throws Exception {
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/app.py"), "x = 1\n");
    try (Workspace w = new Workspace(root)) {
      w.scan(null);
      String opened = Workspace.sha256(w.get("src/app.py").orElseThrow().text());
      w.write("src/app.py", "x = 2\n", opened);
      assertEquals("x = 2\n", Files.readString(root.resolve("src/app.py")));
      assertEquals("x = 2\n", w.get("src/app.py").orElseThrow().text());
      // Someone else edits the file on disk; a save from the old version is refused, nothing is lost.
      Files.writeString(root.resolve("src/app.py"), "x = 3  # from git\n");
      ChangedOnDiskException e = assertThrows(ChangedOnDiskException.class,
          () -> w.write("src/app.py", "x = 4\n", Workspace.sha256("x = 2\n")));
      assertEquals(Workspace.sha256("x = 3  # from git\n"), e.currentSha256());
      assertTrue(e.getMessage().contains("changed on disk"), e.getMessage());
      assertEquals("x = 3  # from git\n", Files.readString(root.resolve("src/app.py")));
      w.write("src/app.py", "x = 4\n", null);
      assertEquals("x = 4\n", Files.readString(root.resolve("src/app.py")));
      assertThrows(ChangedOnDiskException.class, () -> w.write("src/app.py", "x = 5\n", ""));
      try (var listing = Files.list(root.resolve("src"))) {
        assertEquals(1, listing.count(), "no temporary file is left behind");
      }
    }
  }

  @Test
  void aSaveKeepsTheFilesPermissionsAndANewFileGetsThoseOfAnyNewFile() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(root)
        .supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class), "POSIX permissions");
    Files.writeString(root.resolve("run.py"), "print(1)\n");
    var executable = java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---");
    Files.setPosixFilePermissions(root.resolve("run.py"), executable);
    Path plain = Files.createFile(root.resolve("plain.txt"));
    try (Workspace w = new Workspace(root)) {
      w.scan(null);
      w.write("run.py", "print(2)\n", null);
      assertEquals("print(2)\n", Files.readString(root.resolve("run.py")));
      assertEquals(executable, Files.getPosixFilePermissions(root.resolve("run.py")), "the script stays executable");
      w.write("fresh.py", "x = 1\n", "");
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(root.resolve("fresh.py")),
          "a new file is made like any new file, not owner-only");
    }
  }

  @Test
  void deleteAndMoveActOnDiskAndUnsafePathsAreRefused() throws Exception {
    try (Workspace w = new Workspace(root)) {
      w.write("a/b/c.js", "let c = 1;\n", "");
      assertTrue(Files.isRegularFile(root.resolve("a/b/c.js")));
      w.move("a/b/c.js", "d/e.js");
      assertFalse(Files.exists(root.resolve("a/b/c.js")));
      assertEquals("let c = 1;\n", Files.readString(root.resolve("d/e.js")));
      assertTrue(w.get("d/e.js").isPresent());
      assertFalse(w.get("a/b/c.js").isPresent());
      w.write("f.js", "let f;\n", "");
      assertThrows(IllegalArgumentException.class, () -> w.move("d/e.js", "f.js"));
      assertTrue(w.delete("d/e.js"));
      assertFalse(Files.exists(root.resolve("d/e.js")));
      assertFalse(w.get("d/e.js").isPresent());
      assertFalse(w.delete("d/e.js"));
      assertThrows(IllegalArgumentException.class, () -> w.write("../escape.js", "x", null));
      assertThrows(IllegalArgumentException.class, () -> w.write("/abs.js", "x", null));
      assertThrows(IllegalArgumentException.class, () -> w.delete("d"));
    }
  }

  @Test
  void aWorkspaceWithoutAFolderCannotWriteToDisk() {
    try (Workspace w = new Workspace(null)) {
      assertThrows(IllegalStateException.class, () -> w.write("a.py", "x", null));
    }
  }
}
