package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.coclone.engine.internal.Predictor;
import dev.coclone.source.SourceFile;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A new index is published before its shape index is built (a suffix sort: with the background
 * corpora, tens of seconds on a loaded machine), and completions in that window rank without it
 * instead of waiting: the jar's first completions after a start with the JDK's sources used to
 * hang until the sort was done.
 */
class ShapesNotAwaitedTest {
  private static final String JAVA = "class Cart {\n  private int total;\n  int add(int price, int quantity) {\n"
      + "    total += price * quantity;\n    return total;\n  }\n}\n";

  @Test
  void aPredictorOfANewlyPublishedIndexDoesNotWaitForItsShapes() throws Exception {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(List.of(SourceFile.of("Cart.java", JAVA)), IndexProgress.NONE);
    EmbeddedEngine.State built = engine.state();
    assertNotNull(built.declared().shapesIfBuilt(), "index() builds the shapes of a Java corpus before it returns");
    // The same corpus as it is right after publishing: declarations read, shapes not sorted yet.
    EmbeddedEngine.State published = new EmbeddedEngine.State(built.corpus(), new BitSet(), Map.of(), built.stats(),
        Map.of());
    published.declared().get();
    ExecutorService completion = Executors.newSingleThreadExecutor();
    try {
      Future<Predictor> p;
      // Whatever lock the sort of the shapes holds elsewhere, a completion's predictor takes none of it.
      synchronized (published.declared()) {
        p = completion.submit(() -> EmbeddedEngine.predictor(published));
        assertNotNull(p.get(10, TimeUnit.SECONDS), "a predictor while the shapes are being sorted");
      }
      assertNull(published.declared().shapesIfBuilt(), "a completion does not start the sort itself");
      assertSame(published.declared().shapes(), published.declared().shapesIfBuilt(), "built once, then served");
    } finally {
      completion.shutdownNow();
    }
  }
}
