package dev.coclone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coclone.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a name of an expression comes next, the parameters and locals of the enclosing blocks are raised. */
class DeclaredNamesRankingTest {
  /** Six files print {@code total}, one prints {@code limit} (a field of type {@code int} there). */
  private static EmbeddedEngine engine() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      files.add(SourceFile.of("a/A" + i + ".java", "class A" + i + " { void run() { print(total); } }\n"));
    }
    files.add(SourceFile.of("b/B.java", "class B { int limit; void run() { print(limit); } }\n"));
    EmbeddedEngine engine = new EmbeddedEngine();
    engine.index(files, IndexProgress.NONE);
    return engine;
  }

  /** The rank of the last {@code print(}'s argument in code ending with it. */
  private static int rankOfLastArgument(EmbeddedEngine engine, String code) {
    NextTokenModel model = engine.nextTokenModel(false);
    int[] ids = model.tokenize(SourceFile.of("app/App.java", code));
    int open = engine.state().corpus().vocab().lookup("(");
    for (int at = ids.length - 2; at > 0; at--) {
      if (ids[at] == open) {
        return model.rank(ids, at + 1, 10);
      }
    }
    throw new AssertionError("no ( in " + code);
  }

  @Test
  void aParameterNotUsedYetOutranksTheNameTheCorpusUsesMoreOften() {
    EmbeddedEngine engine = engine();
    assertEquals(1, rankOfLastArgument(engine, "class App { void go(int limit) { print(limit); } }\n"));
    assertEquals(2, rankOfLastArgument(engine, "class App { void go(int limit) { print(total); } }\n"));
  }

  @Test
  void aParameterOfAnotherMethodIsNotRaised() {
    EmbeddedEngine engine = engine();
    assertEquals(1, rankOfLastArgument(engine, "class App { void stop(int limit) { } void go() { print(total); } }\n"));
  }
}
