package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.engine.internal.NestedCache;
import dev.coclone.engine.internal.SuffixIndex;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The folder level of the nested model: what it holds, how it follows edits, what it changes. */
class NestedCacheTest {
  /** Five files elsewhere close the item, the three of the shop ship it. */
  private static EmbeddedEngine engine() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      files.add(SourceFile.of("other/O" + i + ".java", "class O" + i + " { void run() { item.close(); } }\n"));
    }
    for (int i = 0; i < 3; i++) {
      files.add(SourceFile.of("shop/S" + i + ".java", "class S" + i + " { void run() { item.ship(); } }\n"));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    return engine;
  }

  @Test
  void theFolderLevelHoldsTheFolderAndIsRebuiltWithoutAnEditedFile() {
    EmbeddedEngine engine = engine();
    SuffixIndex[] before = engine.state().levels("shop/New.java");
    assertEquals(1, before.length);
    int perFile = before[0].size() / 3;
    engine.update(SourceFile.of("shop/S0.java", "class S0 { }\n"));
    SuffixIndex[] after = engine.state().levels("shop/New.java");
    assertEquals(1, after.length);
    assertTrue(after[0].size() < before[0].size() && after[0].size() >= 2 * perFile,
        before[0].size() + " -> " + after[0].size());
    assertEquals(0, engine.state().levels("Top.java").length);
  }

  @Test
  void theFolderHabitOutranksTheCorpusHabitWithTheNestedLevel() {
    EmbeddedEngine engine = engine();
    SourceFile file = SourceFile.of("shop/New.java", "class New { void run() { item.ship(); } }\n");
    int at = 10; // ship, after "class New { void run ( ) { item ."
    NextTokenModel flat = engine.nextTokenModel(false);
    NextTokenModel nested = engine.nextTokenModel(true);
    int[] a = flat.tokenize(file);
    int[] b = nested.tokenize(file);
    assertEquals(engine.state().corpus().vocab().lookup("ship"), a[at]);
    assertEquals(2, flat.rank(a, at, 10));
    assertEquals(1, nested.rank(b, at, 10));
  }

  @Test
  void levelsBeyondTheBoundAreDroppedOldestFirst() {
    EmbeddedEngine engine = engine();
    NestedCache cache = new NestedCache(40);
    var corpus = engine.state().corpus();
    SuffixIndex shop = cache.levels(corpus, new BitSet(), "shop/New.java", true)[0];
    assertEquals(shop.size(), cache.tokens());
    SuffixIndex other = cache.levels(corpus, new BitSet(), "other/New.java", true)[0];
    assertTrue(shop.size() + other.size() > 40);
    assertEquals(other.size(), cache.tokens(), "the shop's level is dropped, the one just built kept");
  }

  @Test
  void aCompletionDoesNotWaitForALevelItIsBuiltInTheBackground() throws Exception {
    EmbeddedEngine engine = engine();
    NestedCache cache = new NestedCache();
    var corpus = engine.state().corpus();
    assertEquals(0, cache.levels(corpus, new BitSet(), "shop/New.java", false).length);
    java.util.concurrent.CompletableFuture<Void> build = cache.building("shop/");
    if (build != null) {
      build.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertEquals(1, cache.levels(corpus, new BitSet(), "shop/New.java", false).length);
  }
}
