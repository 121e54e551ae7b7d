package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class FolderCacheTest {
  private static EmbeddedEngine engine() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(List.of(SourceFile.of("shop/Cart.java", "class Cart { int zorbleCount = 3; }\n"),
        SourceFile.of("shop/sub/Deep.java", "class Deep { int deep; }\n"),
        SourceFile.of("other/Far.java", "class Far { int far; }\n")), IndexProgress.NONE);
    return engine;
  }

  @Test
  void theFolderCacheHoldsOnlyTheFilesOfTheSameFolder() {
    EmbeddedEngine engine = engine();
    int[] tokens = EmbeddedEngine.folderTokens(engine.state(), "shop/Order.java", 1000);
    int zorble = engine.state().corpus().vocab().lookup("zorbleCount");
    assertTrue(java.util.Arrays.stream(tokens).anyMatch(t -> t == zorble));
    assertTrue(java.util.Arrays.stream(tokens).noneMatch(t -> t == engine.state().corpus().vocab().lookup("deep")));
    assertTrue(java.util.Arrays.stream(tokens).noneMatch(t -> t == engine.state().corpus().vocab().lookup("far")));
    assertArrayEquals(new int[0], EmbeddedEngine.folderTokens(engine.state(), "shop/Order.java", 3));
  }

  @Test
  void aSiblingsNamesRankHigherWithTheFolderCache() {
    EmbeddedEngine engine = engine();
    SourceFile order = SourceFile.of("shop/Order.java", "class Order { int zorbleCount = 3; }\n");
    NextTokenModel alone = engine.nextTokenModel(false);
    NextTokenModel nested = engine.nextTokenModel(1000);
    int[] a = alone.tokenize(order);
    int[] b = nested.tokenize(order);
    int at = 4; // zorbleCount
    assertEquals(engine.state().corpus().vocab().lookup("zorbleCount"), a[at]);
    int withFolder = nested.rank(b, at, 10);
    int without = alone.rank(a, at, 10);
    assertTrue(withFolder > 0 && (without == 0 || withFolder <= without), withFolder + " vs " + without);
  }
}
