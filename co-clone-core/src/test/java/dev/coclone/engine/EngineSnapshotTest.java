package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.SourceFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSnapshotTest {
  @TempDir
  Path dir;

  private static List<SourceFile> corpus(String method) {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      files.add(SourceFile.of("shop/Calc" + i + ".java", "class Calc" + i + " {\n  double total(double net, int qty) {\n"
          + "    return " + method + ";\n  }\n}\n"));
    }
    return files;
  }

  private static String complete(EmbeddedEngine e) {
    StringBuilder out = new StringBuilder();
    e.complete("class A {\n  double total(double net, int qty) {\n    return ", "\n  }\n}", "java", "A.java",
        CompletionMode.SINGLE_LINE, 40, p -> out.append(p) != null, new Cancellation());
    return out.toString();
  }

  @Test
  void savedIndexLoadsAndCompletesLikeTheBuiltOne() throws Exception {
    Path file = dir.resolve("engine.idx");
    EmbeddedEngine built = new EmbeddedEngine();
    EmbeddedEngine.Restored first = built.restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE);
    assertFalse(first.loaded());
    assertEquals("rebuilt: no saved index yet", first.reason());
    assertTrue(Files.size(file) > 0);

    EmbeddedEngine loaded = new EmbeddedEngine();
    EmbeddedEngine.Restored second = loaded.restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE);
    assertTrue(second.loaded(), second.reason());
    assertEquals(0, second.refreshed());
    assertEquals(built.stats(), loaded.stats());
    assertEquals("net * qty * 1.2;", complete(built));
    assertEquals(complete(built), complete(loaded));
  }

  @Test
  void aFewChangedFilesAreLearnedAgainAfterLoading() throws Exception {
    Path file = dir.resolve("engine.idx");
    new EmbeddedEngine().restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE);
    List<SourceFile> now = corpus("net * qty * 1.2");
    now.set(3, SourceFile.of("shop/Calc3.java", "class Calc3 {\n  double total(double net, int qty) {\n"
        + "    return Math.round(net * qty);\n  }\n}\n"));
    now.remove(7);
    EmbeddedEngine e = new EmbeddedEngine();
    EmbeddedEngine.Restored r = e.restore(file, now, IndexProgress.NONE);
    assertTrue(r.loaded(), r.reason());
    assertEquals(2, r.refreshed());
    assertTrue(r.reason().contains("2 changed files learned again"), r.reason());
  }

  @Test
  void manyChangedFilesRebuildInsteadOfLoadingAStaleIndex() throws Exception {
    Path file = dir.resolve("engine.idx");
    new EmbeddedEngine().restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE);
    EmbeddedEngine e = new EmbeddedEngine();
    EmbeddedEngine.Restored r = e.restore(file, corpus("net + qty"), IndexProgress.NONE);
    assertFalse(r.loaded());
    assertEquals("rebuilt: 20 files changed since it was saved", r.reason());
    assertEquals("net + qty;", complete(e));
    assertTrue(new EmbeddedEngine().restore(file, corpus("net + qty"), IndexProgress.NONE).loaded(),
        "the rebuilt index was saved");
  }

  @Test
  void corruptTruncatedOrOtherVersionFilesAreRebuilt() throws Exception {
    Path file = dir.resolve("engine.idx");
    new EmbeddedEngine().restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE);
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x40;
    Files.write(file, flipped);
    EmbeddedEngine.Restored r = new EmbeddedEngine().restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE);
    assertEquals("rebuilt: checksum mismatch (the file is corrupt)", r.reason());

    Files.write(file, java.util.Arrays.copyOf(good, 13));
    r = new EmbeddedEngine().restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE);
    assertEquals("rebuilt: the file is cut short (the file is corrupt)", r.reason());

    byte[] other = good.clone();
    ByteBuffer.wrap(other).putInt(8, 99);
    CRC32C crc = new CRC32C();
    crc.update(other, 0, other.length - 8);
    ByteBuffer.wrap(other).putLong(other.length - 8, crc.getValue());
    Files.write(file, other);
    r = new EmbeddedEngine().restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE);
    assertFalse(r.loaded());
    assertTrue(r.reason().startsWith("rebuilt: index format 99, this version reads "), r.reason());
    EmbeddedEngine e = new EmbeddedEngine();
    assertTrue(e.restore(file, corpus("net * qty * 1.2"), IndexProgress.NONE).loaded());
    assertEquals("net * qty * 1.2;", complete(e));
  }
}
