package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The corpus read by its shape, and the ranking it corrects. */
class ShapesTest {
  private final Vocabulary vocab = new Vocabulary();

  /**
   * 200 headers {@code if ( cI ) {} and 300 calls {@code fI ( aI ) ;}, every name used once: after a
   * {@code )} the corpus's names say {@code ;} more often, the shape {@code if ( N )} says {@code {}.
   */
  private Corpus corpus() {
    int[] ifHeader = {vocab.id("if"), vocab.id("("), -1, vocab.id(")"), vocab.id("{")};
    int[] call = {-2, vocab.id("("), -1, vocab.id(")"), vocab.id(";")};
    int[] fwd = new int[1 + 500 * 5];
    int at = 1;
    for (int i = 0; i < 500; i++) {
      int[] pattern = i % 5 < 2 ? ifHeader : call;
      for (int t : pattern) {
        fwd[at++] = t == -1 ? vocab.id("c" + i) : t == -2 ? vocab.id("f" + i) : t;
      }
    }
    int[] unigram = new int[vocab.size()];
    for (int id : fwd) {
      unigram[id]++;
    }
    return new Corpus(vocab, SuffixIndex.build(fwd, vocab.size()), unigram, fwd.length, new PairSpacing(),
        new int[] {0}, Map.of("A.java", 0), 1);
  }

  @Test
  void namesNumbersAndStringsAreClassesKeywordsAndPunctuationStayThemselves() {
    Corpus corpus = corpus();
    vocab.id("Foo");
    vocab.id("Bar");
    vocab.id("42");
    vocab.id("7");
    vocab.id("\"x\"");
    vocab.id("'y'");
    Shapes s = Shapes.of(corpus, new TokenKinds(vocab));
    assertEquals(s.shape(vocab.id("c1")), s.shape(vocab.id("f2")));
    assertEquals(s.shape(vocab.id("Foo")), s.shape(vocab.id("Bar")));
    assertNotEquals(s.shape(vocab.id("Foo")), s.shape(vocab.id("c1")));
    assertEquals(s.shape(vocab.id("42")), s.shape(vocab.id("7")));
    assertEquals(s.shape(vocab.id("\"x\"")), s.shape(vocab.id("'y'")));
    assertNotEquals(s.shape(vocab.id("42")), s.shape(vocab.id("\"x\"")));
    assertEquals(vocab.id("if"), s.shape(vocab.id("if")));
    assertEquals(vocab.id(")"), s.shape(vocab.id(")")));
    assertEquals(s.shape(vocab.id("c1")), s.shape(vocab.size() + 10), "an id given out later is a lower-case name");
  }

  @Test
  void theShapeOfTheContextDecidesWhereTheNamesAsWrittenDoNot() {
    Corpus corpus = corpus();
    int brace = vocab.id("{");
    int semi = vocab.id(";");
    int[] ctx = {vocab.id("x"), vocab.id(";"), vocab.id("if"), vocab.id("("), vocab.id("fresh"), vocab.id(")")};
    Predictor plain = new Predictor(corpus, null, new SuccessorMemo());
    Predictor shaped = new Predictor(corpus, null, new SuccessorMemo());
    shaped.shapes(Shapes.of(corpus, new TokenKinds(vocab)));
    Predictor.Ranking p = plain.predict(ctx, ctx.length, ctx, ctx.length, 4);
    Predictor.Ranking q = shaped.predict(ctx, ctx.length, ctx, ctx.length, 4);
    assertEquals(semi, p.ids[0], "after ) the corpus has ; more often");
    assertEquals(brace, q.ids[0], "after the shape if ( N ) the corpus always has {");
    double before = 0;
    double after = 0;
    for (int i = 0; i < p.size; i++) {
      before += p.probs[i];
      after += q.probs[i];
    }
    assertTrue(after <= before + 1e-9, "the candidates' mass moves between them (a lifted one keeps the "
        + "interpolation's probability), it does not grow: " + before + " -> " + after);
  }
}
