package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.SourceFile;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlternativesTest {
  private static final String SHAPES = String.join("\n",
      "class Shapes {",
      "  double width;",
      "  double height;",
      "  double radius;",
      "  double area() {",
      "    return width * height;",
      "  }",
      "  double perimeter() {",
      "    return 2 * (width + height);",
      "  }",
      "  double circle() {",
      "    return radius * radius * 3.14;",
      "  }",
      "}",
      "");

  private static EmbeddedEngine engine() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(List.of(SourceFile.of("a/Shapes.java", SHAPES), SourceFile.of("b/Shapes.java", SHAPES)),
        IndexProgress.NONE);
    return engine;
  }

  private static final String PREFIX = "class Box {\n  double width;\n  double height;\n  double radius;\n"
      + "  double size() {\n    return ";

  @Test
  void alternativesStartDifferentlyAndAreRankedBestFirst() {
    List<EmbeddedEngine.Alternative> alts = engine().alternatives(PREFIX, "\n  }\n}\n", "java", "Box.java",
        CompletionMode.SINGLE_LINE, 32, 3, new Cancellation());
    assertTrue(alts.size() >= 2, "alternatives: " + alts);
    Set<String> firstTokens = new HashSet<>();
    for (EmbeddedEngine.Alternative a : alts) {
      firstTokens.add(a.text().strip().split("[^\\w]", 2)[0]);
    }
    assertEquals(alts.size(), firstTokens.size(), "each starts with a different token: " + alts);
    for (int i = 1; i < alts.size(); i++) {
      assertTrue(alts.get(i - 1).score() >= alts.get(i).score(), "ranked: " + alts);
    }
  }

  @Test
  void theBestAlternativeIsTheSuggestionComplete() {
    EmbeddedEngine engine = engine();
    StringBuilder out = new StringBuilder();
    engine.complete(PREFIX, "\n  }\n}\n", "java", "Box.java", CompletionMode.SINGLE_LINE, 32,
        p -> out.append(p) != null, new Cancellation());
    List<EmbeddedEngine.Alternative> alts = engine.alternatives(PREFIX, "\n  }\n}\n", "java", "Box.java",
        CompletionMode.SINGLE_LINE, 32, 3, new Cancellation());
    assertTrue(!out.toString().isEmpty(), "complete() suggested something");
    assertEquals(out.toString(), alts.get(0).text());
  }

  @Test
  void alternativesNeverUseNamesOutOfScope() {
    List<EmbeddedEngine.Alternative> alts = engine().alternatives("class Box {\n  double width;\n  double w() {\n"
        + "    return ", "\n  }\n}\n", "java", "Box.java", CompletionMode.SINGLE_LINE, 32, 5, new Cancellation());
    for (EmbeddedEngine.Alternative a : alts) {
      assertTrue(!a.text().matches(".*\\b(height|radius)\\b.*"), "out of scope: " + alts);
    }
  }

  @Test
  void askingForNoAlternativesIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> engine().alternatives(PREFIX, "", "java", null,
        CompletionMode.SINGLE_LINE, 8, 0, new Cancellation()));
  }
}
