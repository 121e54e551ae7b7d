package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A suggestion reads a bounded window around the cursor, and suggests what it would on the whole file. */
class TextWindowTest {
  private static final TextWindow SMALL = new TextWindow(150, 50);

  private static String methods(int from, int count) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      b.append("  int value").append(i).append("(int x) {\n    return x + ").append(i).append(";\n  }\n\n");
    }
    return b.toString();
  }

  @Test
  void aTextWithinTheWindowIsReadWhole() {
    String prefix = "class A {\n" + methods(0, 2) + "  int b";
    String suffix = methods(2, 1).substring(0, 150 - prefix.length() - 1);
    assertEquals(new TextWindow.Read(prefix, suffix), SMALL.read(prefix, suffix, false));
  }

  @Test
  void nearTheStartOfALongFileTheTextAfterTheCursorGetsWhatTheTextBeforeLeaves() {
    String suffix = methods(0, 40);
    TextWindow.Read read = SMALL.read("int a", suffix, false);
    assertEquals("int a", read.prefix());
    assertTrue(suffix.startsWith(read.suffix()));
    assertTrue(read.suffix().length() >= 150 - 5 && read.suffix().length() < 150 + 30, read.suffix());
  }

  @Test
  void aLongPrefixIsReadFromALineStartWithinTheWindow() {
    String prefix = "class A {\n" + methods(0, 40) + "  int last(int x) {\n    return x";
    String read = SMALL.read(prefix, methods(40, 40), false).prefix();
    assertTrue(prefix.endsWith(read));
    assertTrue(read.length() >= 100 && read.length() < 100 + 30, read); // 150 less the 50 after, to a line start
    assertEquals('\n', prefix.charAt(prefix.length() - read.length() - 1), "starts at a line start");
  }

  @Test
  void aLongSuffixIsCutAtALineEnd() {
    String suffix = methods(0, 40);
    String read = SMALL.read(methods(40, 40), suffix, false).suffix();
    assertTrue(suffix.startsWith(read));
    assertTrue(read.endsWith("\n") && read.length() < 50 + 40, read);
  }

  @Test
  void aWindowStartingInsideABlockCommentStartsAtTheCommentInstead() {
    StringBuilder comment = new StringBuilder("  /*\n");
    for (int i = 0; i < 20; i++) {
      comment.append("   * int notCode").append(i).append(" = \"quote;\n");
    }
    comment.append("   */\n");
    String prefix = "class A {\n" + methods(0, 10) + comment + "  int x = 1;\n  int y";
    String read = SMALL.read(prefix, "\n}\n", false).prefix();
    assertTrue(read.startsWith("  /*\n"), read);
  }

  @Test
  void aWindowStartingInsideAPythonTripleQuotedStringStartsAtItsOpeningLine() {
    StringBuilder doc = new StringBuilder("def f():\n    \"\"\"\n");
    for (int i = 0; i < 20; i++) {
      doc.append("    it's line ").append(i).append(" of the doc\n");
    }
    doc.append("    \"\"\"\n");
    String prefix = "x = 1\n" + doc + "    return 1\n\ny";
    assertTrue(SMALL.read(prefix, "\n", true).prefix().startsWith("    \"\"\"\n    it's line 0"),
        SMALL.read(prefix, "\n", true).prefix());
  }

  @Test
  void aSuggestionAtTheEndOfAVeryLargeFileIsTheOneOnTheWholeFile() {
    List<SourceFile> files = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      files.add(SourceFile.of("src/Lib" + f + ".java", "class Lib" + f + " {\n" + methods(f * 10, 10)
          + "  void log(String message) {\n    System.out.println(\"lib: \" + message);\n  }\n}\n"));
    }
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    // About 400 KB before the cursor: far more than the window reads.
    String prefix = "class Big {\n" + methods(0, 8000)
        + "  void log(String message) {\n    System.out.println(\"lib: \" + message);\n  }\n\n"
        + "  void warn(String message) {\n    System.out.";
    String suffix = "\n  }\n" + methods(8000, 2000) + "}\n";
    assertTrue(prefix.length() > 4 * TextWindow.DEFAULT.total(), "the file is larger than the window");
    StringBuilder windowed = new StringBuilder();
    engine.complete(prefix, suffix, "java", "src/Big.java", CompletionMode.SINGLE_LINE, 40,
        p -> windowed.append(p) != null, new Cancellation());
    StringBuilder whole = new StringBuilder();
    new Generator(engine.state(), "java", "src/Big.java", TextWindow.WHOLE).run(prefix, suffix,
        CompletionMode.SINGLE_LINE, 40, p -> whole.append(p) != null, new Cancellation());
    assertFalse(whole.toString().isEmpty(), "a suggestion to compare");
    assertEquals(whole.toString(), windowed.toString());
  }
}
