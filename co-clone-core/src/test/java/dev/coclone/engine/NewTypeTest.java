package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Right after Java's {@code T x = new}, a type the corpus knows to be a T leads; one surely no T is not shown. */
class NewTypeTest {
  /**
   * Eight files make a {@code Clock}; two make a {@code TreeBag}, which implements {@code Bag}
   * through {@code AbstractBag}.
   */
  private static EmbeddedEngine engine() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      files.add(SourceFile.of("use/U" + i + ".java",
          "class U" + i + " {\n  void run() {\n    Clock c = new Clock();\n    c.tick();\n  }\n}\n"));
    }
    for (int i = 0; i < 2; i++) {
      files.add(SourceFile.of("bag/B" + i + ".java",
          "class B" + i + " {\n  void run() {\n    AbstractBag b = new TreeBag();\n    b.add(1);\n  }\n}\n"));
    }
    files.add(SourceFile.of("lib/Clock.java", "class Clock {\n  void tick() {\n  }\n}\n"));
    files.add(SourceFile.of("lib/Bag.java", "interface Bag {\n  void add(int x);\n}\n"));
    files.add(SourceFile.of("lib/AbstractBag.java",
        "abstract class AbstractBag implements Bag {\n  int size;\n}\n"));
    files.add(SourceFile.of("lib/TreeBag.java",
        "class TreeBag extends AbstractBag {\n  public void add(int x) {\n  }\n}\n"));
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    return engine;
  }

  private static EmbeddedEngine.Generation complete(EmbeddedEngine engine, String line, StringBuilder out) {
    return engine.complete("class App {\n  void go() {\n    " + line, "\n  }\n}\n", "java", "app/App.java",
        CompletionMode.SINGLE_LINE, 16, p -> out.append(p) != null, new Cancellation());
  }

  @Test
  void aKnownSubtypeOfTheDeclaredInterfaceLeadsOverAMoreFrequentClass() {
    EmbeddedEngine engine = engine();
    StringBuilder out = new StringBuilder();
    EmbeddedEngine.Generation g = complete(engine, "Bag bag = new ", out);
    assertTrue(out.toString().startsWith("TreeBag"), out + " / " + g.reason());
  }

  @Test
  void theDeclaredClassItselfStillComes() {
    StringBuilder out = new StringBuilder();
    complete(engine(), "Clock clock = new ", out);
    assertTrue(out.toString().startsWith("Clock"), out.toString());
  }

  @Test
  void withNoKnownFitTheMoreFrequentMisfitIsNotShownAndTheReasonSaysWhy() {
    StringBuilder out = new StringBuilder();
    EmbeddedEngine.Generation g = complete(engine(), "Runnable task = new ", out);
    assertFalse(out.toString().startsWith("Clock"), out.toString());
    if (out.isEmpty()) {
      assertTrue(g.silence() == NoSuggestion.WRONG_TYPE || g.silence() == NoSuggestion.UNSURE, g.reason());
    }
  }
}
