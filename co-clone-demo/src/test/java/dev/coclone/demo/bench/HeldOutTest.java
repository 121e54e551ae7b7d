package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutTest {
  @TempDir
  Path dir;

  @Test
  void theDevSplitMeasuresOnTrainingFilesOnlyAndNeverReadsTheHeldOutOnes() throws Exception {
    for (int i = 0; i < 200; i++) {
      Files.writeString(dir.resolve(String.format("F%03d.java", i)), "class F" + i + " { int x" + i + "; }\n");
    }
    HeldOut split = HeldOut.load(dir, "", "java", Integer.MAX_VALUE);
    HeldOut dev = split.dev();
    Set<String> heldOut = new HashSet<>();
    split.test().forEach(f -> heldOut.add(f.path()));
    assertEquals(20, split.test().size());
    assertEquals(18, dev.test().size());
    assertEquals(162, dev.train().size());
    List<SourceFile> devFiles = new java.util.ArrayList<>(dev.train());
    devFiles.addAll(dev.test());
    assertTrue(devFiles.stream().noneMatch(f -> heldOut.contains(f.path())), "a held-out file is in the dev split");
    assertEquals(split.train().get(4).path(), dev.test().get(0).path());
  }
}
