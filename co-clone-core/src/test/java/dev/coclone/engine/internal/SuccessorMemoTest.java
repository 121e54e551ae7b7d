package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuccessorMemoTest {
  /** A corpus where "a" is followed 2,000 times by "b" or "c": a range larger than the memo's floor. */
  private static Corpus corpus() {
    Vocabulary vocab = new Vocabulary();
    int a = vocab.id("a");
    int b = vocab.id("b");
    int c = vocab.id("c");
    int[] fwd = new int[1 + 2000 * 2 + 1];
    for (int i = 0; i < 2000; i++) {
      fwd[1 + 2 * i] = a;
      fwd[2 + 2 * i] = i % 3 == 0 ? c : b;
    }
    int[] unigram = new int[vocab.size()];
    for (int id : fwd) {
      unigram[id]++;
    }
    return new Corpus(vocab, SuffixIndex.build(fwd, vocab.size()), unigram, fwd.length, new PairSpacing(),
        new int[] {0}, Map.of("x", 0), 1);
  }

  @Test
  void aFrequentContextIsCountedOnceAndRanksTheSameFromTheMemo() {
    Corpus corpus = corpus();
    SuccessorMemo memo = new SuccessorMemo();
    int a = corpus.vocab().lookup("a");
    int[] ctx = {a};
    Predictor.Ranking first = new Predictor(corpus, null, memo).predict(ctx, 1, new int[0], 0, 3);
    assertTrue(memo.size() > 0, "the range of 'a' was kept");
    Predictor.Ranking again = new Predictor(corpus, null, memo).predict(ctx, 1, new int[0], 0, 3);
    Predictor.Ranking fresh = new Predictor(corpus, null, new SuccessorMemo()).predict(ctx, 1, new int[0], 0, 3);
    assertEquals(corpus.vocab().lookup("b"), first.ids[0]);
    assertArrayEquals(Arrays.copyOf(fresh.ids, fresh.size), Arrays.copyOf(again.ids, again.size));
    assertArrayEquals(Arrays.copyOf(fresh.probs, fresh.size), Arrays.copyOf(again.probs, again.size), 1e-12);
  }
}
