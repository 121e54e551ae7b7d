package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.source.SourceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names of one or two files are one class in the corpus's contexts (a large corpus only). */
class FileLocalNamesTest {
  @TempDir
  Path dir;

  /** 120 files, each with a field of its own; two of them call a helper no other file names. */
  private static List<SourceFile> corpus() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String field = "field" + Integer.toString(i * 7919, 36);
      String helper = i < 2 ? "  java.util.List sorted() {\n    return Helpers.sortByFrequency(items);\n  }\n" : "";
      files.add(SourceFile.of("shop/C" + i + ".java", "class C" + i + " {\n  int " + field + ";\n"
          + "  void reset() {\n    " + field + " = 0;\n  }\n  int get() {\n    return " + field + ";\n  }\n"
          + helper + "}\n"));
    }
    return files;
  }

  private static int rankOf(NextTokenModel model, SourceFile file, String token, int occurrence) {
    int[] ids = model.tokenize(file);
    List<dev.coclone.source.CodeLexer.Tok> toks = new dev.coclone.source.CodeLexer("java").lex(file.text());
    int seen = 0;
    for (int i = 0; i < toks.size(); i++) {
      if (toks.get(i).text().equals(token) && ++seen == occurrence) {
        return model.rank(ids, i, 10);
      }
    }
    throw new AssertionError(token + " does not occur " + occurrence + " times");
  }

  @Test
  void aNameOnlyThisFileUsesIsPredictedWhereOtherFilesUseTheirOwn() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(), IndexProgress.NONE);
    // No other file has myTotal, and this file never wrote "return" before: only the corpus knows
    // that a name of the file's own comes after "int get() { return".
    SourceFile held = SourceFile.of("shop/Mine.java", "class Mine {\n  int myTotal;\n  void reset() {\n"
        + "    myTotal = 0;\n  }\n  int get() {\n    return myTotal;\n  }\n}\n");
    assertEquals(1, rankOf(engine.nextTokenModel(), held, "myTotal", 3));
  }

  @Test
  void aNameOfTwoFilesIsStillPredictedAsItself() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(), IndexProgress.NONE);
    SourceFile held = SourceFile.of("shop/Other.java", "class Other {\n  java.util.List sorted() {\n"
        + "    return Helpers.sortByFrequency(items);\n  }\n}\n");
    assertEquals(1, rankOf(engine.nextTokenModel(), held, "sortByFrequency", 1));
  }

  @Test
  void aSavedIndexOfALargeCorpusRanksLikeTheBuiltOne() throws Exception {
    Path file = dir.resolve("engine.idx");
    EmbeddedEngine built = new EmbeddedEngine();
    assertFalse(built.restore(file, corpus(), IndexProgress.NONE).loaded());
    EmbeddedEngine loaded = new EmbeddedEngine();
    EmbeddedEngine.Restored r = loaded.restore(file, corpus(), IndexProgress.NONE);
    assertTrue(r.loaded(), r.reason());
    SourceFile held = SourceFile.of("shop/Mine.java", "class Mine {\n  int myTotal;\n  void reset() {\n"
        + "    myTotal = 0;\n  }\n  int get() {\n    return myTotal;\n  }\n}\n");
    NextTokenModel a = built.nextTokenModel();
    NextTokenModel b = loaded.nextTokenModel();
    int[] ia = a.tokenize(held);
    int[] ib = b.tokenize(held);
    for (int i = 1; i < ia.length; i++) {
      assertEquals(a.rank(ia, i, 10), b.rank(ib, i, 10), "token " + i);
    }
    assertEquals(1, rankOf(b, held, "myTotal", 3));
  }

  @Test
  void rankingsAreTheSameWhetherTheFileLocalCountsAreKeptOrCountedAfresh() {
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(corpus(), IndexProgress.NONE);
    SourceFile held = SourceFile.of("shop/Mine.java", "class Mine {\n  int myTotal;\n  int myCount;\n"
        + "  void reset() {\n    myTotal = 0;\n    myCount = myTotal;\n  }\n  int get() {\n    return myTotal"
        + " + myCount;\n  }\n}\n");
    NextTokenModel kept = engine.nextTokenModel();
    int[] ids = kept.tokenize(held);
    for (int i = 1; i < ids.length; i++) {
      NextTokenModel fresh = engine.nextTokenModel();
      int[] again = fresh.tokenize(held);
      assertEquals(fresh.rank(again, i, 10), kept.rank(ids, i, 10), "token " + i);
    }
    // Going back in the same file counts afresh too.
    NextTokenModel fresh = engine.nextTokenModel();
    assertEquals(fresh.rank(fresh.tokenize(held), 5, 10), kept.rank(ids, 5, 10));
  }
}
