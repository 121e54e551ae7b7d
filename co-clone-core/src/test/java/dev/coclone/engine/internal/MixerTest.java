package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixerTest {
  /** Two candidates the interpolation ranks alike, the first favoured by the cache, the second by the corpus. */
  private static double[] mixTwo(Mixer m, boolean firstIsLocal, double firstCache) {
    m.begin();
    double[] a = m.candidate();
    double[] b = m.candidate();
    a[Mixer.F_LINEAR] = Mixer.log(0.4);
    b[Mixer.F_LINEAR] = Mixer.log(0.4);
    a[Mixer.F_CACHE] = Mixer.log(firstCache);
    b[Mixer.F_CACHE] = Mixer.log(0.1);
    a[Mixer.F_CORPUS] = Mixer.log(0.1);
    b[Mixer.F_CORPUS] = Mixer.log(0.1);
    a[Mixer.F_LEVEL] = Mixer.log(0.1);
    b[Mixer.F_LEVEL] = Mixer.log(0.1);
    a[Mixer.F_LOCAL] = firstIsLocal ? 1 : 0;
    double[] out = new double[2];
    m.mix(0.8, out);
    return out;
  }

  @Test
  void theSourceThatFavoursACandidateRaisesItAndTheCandidatesKeepTheirMass() {
    double[] out = mixTwo(new Mixer(), false, 0.7);
    assertTrue(out[0] > out[1], "the cache favours the first: " + Arrays.toString(out));
    assertEquals(0.8, out[0] + out[1], 1e-12, "the mass the interpolation gave them is kept");
  }

  @Test
  void aFileLocalNameIsLoweredAgainstAnOtherwiseAlikeCandidate() {
    double[] out = mixTwo(new Mixer(), true, 0.1);
    assertTrue(out[0] < out[1], "the learned weights lower file-local names: " + Arrays.toString(out));
  }

  @Test
  void theMixReranksWhatTheInterpolationRanked() {
    // A corpus where "a" is followed by "b" 3 times in 4 and by "c" once; the cache (the
    // context itself) follows "a" by "c" twice. The interpolation leans on the corpus.
    Vocabulary vocab = new Vocabulary();
    int a = vocab.id("a");
    int b = vocab.id("b");
    int c = vocab.id("c");
    int x = vocab.id("x");
    int[] fwd = new int[1 + 400 * 3];
    for (int i = 0; i < 400; i++) {
      fwd[1 + 3 * i] = x;
      fwd[2 + 3 * i] = a;
      fwd[3 + 3 * i] = i % 4 == 0 ? c : b;
    }
    int[] unigram = new int[vocab.size()];
    for (int id : fwd) {
      unigram[id]++;
    }
    Corpus corpus = new Corpus(vocab, SuffixIndex.build(fwd, vocab.size()), unigram, fwd.length, new PairSpacing(),
        new int[] {0}, Map.of("x", 0), 1);
    int[] ctx = {x, a, c, x, a, c, x, a};
    Predictor plain = new Predictor(corpus, null, new SuccessorMemo());
    plain.mixer(null);
    Predictor mixed = new Predictor(corpus, null, new SuccessorMemo());
    Predictor.Ranking p = plain.predict(ctx, ctx.length, ctx, ctx.length, 3);
    Predictor.Ranking q = mixed.predict(ctx, ctx.length, ctx, ctx.length, 3);
    assertNotEquals(p.probs[0], q.probs[0], 1e-6, "the mix changed the estimate");
    for (int i = 0; i < q.size; i++) {
      for (int j = 0; j < p.size; j++) {
        if (p.ids[j] == q.ids[i]) {
          assertTrue(q.probs[i] <= p.probs[j] + 1e-12,
              "a candidate the mix lifts keeps the interpolation's probability: " + q.probs[i] + " > " + p.probs[j]);
        }
      }
    }
  }
}
