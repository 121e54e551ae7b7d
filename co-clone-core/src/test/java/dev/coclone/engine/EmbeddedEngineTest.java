package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.cancel.Cancellation;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionListener;
import dev.coclone.source.CompletionMode;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.source.SourceFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddedEngineTest {
  private static final String CALC = String.join("\n",
      "package shop;",
      "",
      "public class Calculator {",
      "  private final double taxRate;",
      "",
      "  public Calculator(double taxRate) {",
      "    this.taxRate = taxRate;",
      "  }",
      "",
      "  public double total(double net, int quantity) {",
      "    return net * quantity * (1 + taxRate);",
      "  }",
      "",
      "  public double net(double gross) {",
      "    return gross / (1 + taxRate);",
      "  }",
      "}",
      "");

  private static List<SourceFile> corpus(int copies) {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      files.add(SourceFile.of("shop/Calculator" + i + ".java", CALC.replace("Calculator", "Calculator" + i)));
    }
    return files;
  }

  private static String complete(EmbeddedEngine engine, String prefix, String suffix, String language,
      CompletionMode mode) {
    StringBuilder out = new StringBuilder();
    engine.complete(prefix, suffix, language, "Edited.java", mode, 40, p -> out.append(p) != null, new Cancellation());
    return out.toString();
  }

  @Test
  void completesTheRestOfALineItHasSeen() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(5), IndexProgress.NONE);
    String got = complete(engine, "class A {\n  double taxRate;\n  double t(double net, int quantity) {\n    return net * ", "\n  }\n}",
        "java", CompletionMode.SINGLE_LINE);
    assertEquals("quantity * (1 + taxRate);", got);
  }

  @Test
  void finishesAPartlyTypedIdentifier() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(5), IndexProgress.NONE);
    String got = complete(engine, "class A {\n  double taxRate;\n  A(double taxRate) {\n    this.tax", "\n  }\n}", "java",
        CompletionMode.SINGLE_LINE);
    assertEquals("Rate = taxRate;", got);
  }

  @Test
  void stopsBeforeWhatFollowsTheCursor() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(5), IndexProgress.NONE);
    String got = complete(engine, "class A {\n  double taxRate;\n  double t(double net, int quantity) {\n    return net * quantity * (1 + ",
        ");\n  }\n}", "java", CompletionMode.SINGLE_LINE);
    assertEquals("taxRate", got);
  }

  @Test
  void generatesABlockWithIndentation() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(5), IndexProgress.NONE);
    CompletionEngine completions = CompletionEngine.builder().backend(new EmbeddedBackend(engine)).build();
    try {
      Completion c = completions.newCall(CompletionRequest.builder()
          .prefix("public class B {\n  private final double taxRate = 0.2;\n\n  public double net(double gross) {\n").suffix("\n  }\n}\n").language("java")
          .build()).execute();
      assertEquals(CompletionMode.MULTI_LINE, c.mode());
      // What it shows can be taken as is: a non-empty prefix of the right line (it stops where it is unsure).
      assertTrue(c.text().startsWith("    return gross") && "    return gross / (1 + taxRate);".startsWith(c.text()),
          c.text());
    } catch (IOException e) {
      throw new AssertionError(e);
    } finally {
      completions.close();
    }
  }

  @Test
  void learnsPythonLayout() {
    String py = "def count_words(text):\n    counts = {}\n    for word in text.split():\n"
        + "        counts[word] = counts.get(word, 0) + 1\n    return counts\n";
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      files.add(SourceFile.of("m" + i + ".py", py));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    String got = complete(engine, "def f(text):\n    counts = {}\n    for word in text.", "\n", "python",
        CompletionMode.SINGLE_LINE);
    assertEquals("split():", got);
  }

  @Test
  void anEditChangesPredictionsWithoutARebuild() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(3), IndexProgress.NONE);
    String prefix = "class A extends Base {\n  void f() {\n    int limit = ";
    String before = complete(engine, prefix, "\n  }\n}", "java", CompletionMode.SINGLE_LINE);
    String edited = "class Limits {\n  void g() {\n    int limit = computeLimit(budget, 7);\n  }\n"
        + "  void h() {\n    int limit = computeLimit(budget, 7);\n  }\n}\n";
    engine.update(SourceFile.of("Limits.java", edited));
    String after = complete(engine, prefix, "\n  }\n}", "java", CompletionMode.SINGLE_LINE);
    // The run may stop before the ';' where the engine is no longer sure enough; the edit is learned.
    assertTrue(after.startsWith("computeLimit") && "computeLimit(budget, 7);".startsWith(after),
        "after: " + after + "; before the edit: " + before);
    engine.remove("Limits.java");
    assertTrue(!complete(engine, prefix, "\n  }\n}", "java", CompletionMode.SINGLE_LINE).contains("computeLimit"));
  }

  @Test
  void aCursorInsideATemplateLiteralBegunOnAnEarlierLineIsCompletedWithoutFailing() {
    // three.js's shaders: a JavaScript template literal open over many lines. The word typed at the
    // cursor is then the whole literal so far, longer than the cursor's line; the checks used to cut
    // the line before it with a negative length (StringIndexOutOfBoundsException, the request failed).
    String shader = "export const vertex = `\n  uniform float time;\n  varying vec2 vUv;\n"
        + "  void main() {\n    vUv = uv;\n    gl_Position = projectionMatrix * modelViewMatrix * vec4( position, 1.0 );\n  }\n`;\n";
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      files.add(SourceFile.of("shaders/Shader" + i + ".js", shader.replace("vertex", "vertex" + i)));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    String prefix = "export const vertexX = `\n  uniform float time;\n  varying vec2 vUv;\n  void main() {\n    vUv = uv;\n    gl_Pos";
    for (CompletionMode mode : CompletionMode.values()) {
      String got = complete(engine, prefix, "\n", "javascript", mode);
      assertNotNull(got, mode.toString());
    }
  }

  @Test
  void anEmptyEngineSuggestsNothing() {
    EmbeddedEngine engine = new EmbeddedEngine();
    assertEquals("", complete(engine, "int x = ", "\n", "java", CompletionMode.SINGLE_LINE));
  }

  @Test
  void binaryHugeAndEmptyFilesAreSkipped() {
    EmbeddedEngine engine = new EmbeddedEngine();
    IndexStats s = engine.index(List.of(SourceFile.of("a.java", "int\0x"), SourceFile.of("b.java", ""),
        SourceFile.of("c.java", "x".repeat(dev.coclone.source.SourcePolicy.MAX_BYTES + 1)), SourceFile.of("d.java", CALC)),
        IndexProgress.NONE);
    assertEquals(1, s.files());
    assertEquals(3, s.skipped());
  }

  @Test
  void mixedLineEndingsLexTheSame() {
    EmbeddedEngine unix = new EmbeddedEngine();
    unix.index(corpus(4), IndexProgress.NONE);
    EmbeddedEngine windows = new EmbeddedEngine();
    List<SourceFile> crlf = new ArrayList<>();
    for (SourceFile f : corpus(4)) {
      crlf.add(SourceFile.of(f.path(), f.text().replace("\n", "\r\n")));
    }
    windows.index(crlf, IndexProgress.NONE);
    assertEquals(unix.stats().tokens(), windows.stats().tokens());
  }

  @Test
  void aCanceledGenerationShowsNothingAndSaysSo() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(5), IndexProgress.NONE);
    Cancellation cancel = new Cancellation();
    cancel.cancel(CancelReason.CLIENT);
    List<String> pieces = new ArrayList<>();
    EmbeddedEngine.Generation g = engine.complete("class A {\n  double taxRate;\n  double t(double net) {\n",
        "\n  }\n}", "java", "A.java", CompletionMode.MULTI_LINE, 100, pieces::add, cancel);
    assertEquals(0, g.tokens());
    assertEquals(List.of(), pieces);
    assertEquals(NoSuggestion.CANCELED, g.silence());
  }

  @Test
  void canceledCallThroughTheBackendEndsCanceled() throws Exception {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(5), IndexProgress.NONE);
    CompletionEngine completions = CompletionEngine.builder().backend(new EmbeddedBackend(engine)).build();
    CompletionCall call = completions.newCall(CompletionRequest.builder().prefix("class A {\n  A() {\n")
        .suffix("\n  }\n}").language("java").build());
    call.cancel();
    CompletableFuture<IOException> failure = new CompletableFuture<>();
    call.enqueue(new CompletionListener() {
      @Override
      public void onFailure(CompletionCall c, IOException e) {
        failure.complete(e);
      }

      @Override
      public void onComplete(CompletionCall c, Completion completion) {
        failure.complete(null);
      }
    });
    assertNotNull(failure.get(5, TimeUnit.SECONDS));
    assertTrue(failure.get() instanceof CanceledException);
    completions.close();
  }
}
