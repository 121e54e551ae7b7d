package dev.coclone.typing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PausePredictorTest {
  private static PausePredictor trained(List<TypingSessions.Stroke> strokes) {
    PausePredictor p = PausePredictor.builder().build();
    for (TypingSessions.Stroke s : strokes) {
      p.observe(s.gapMillis(), s.key());
    }
    return p;
  }

  private static List<TypingSessions.Stroke> session(double median, long seed, int repeats) {
    return TypingSessions.type(TypingSessions.CODE.repeat(repeats), median, seed);
  }

  @Test
  void fastTypistGetsShorterDelayThanSlowTypist() {
    PausePredictor fast = trained(session(110, 1, 3));
    PausePredictor slow = trained(session(280, 2, 3));
    assertTrue(fast.pauseThresholdMillis() < slow.pauseThresholdMillis(),
        fast.pauseThresholdMillis() + " vs " + slow.pauseThresholdMillis());
    assertTrue(fast.delayMillis('e') < slow.delayMillis('e'), fast.snapshot() + " vs " + slow.snapshot());
  }

  @Test
  void keysAfterWhichTheUserStopsGetShorterDelaysThanKeysInsideAWord() {
    PausePredictor p = trained(session(180, 3, 4));
    assertTrue(p.delayMillis('.') < p.delayMillis('x'), p.snapshot().toString());
    assertTrue(p.delayMillis('(') < p.delayMillis('x'), p.snapshot().toString());
    assertTrue(p.delayMillis('\n') < p.delayMillis('x'), p.snapshot().toString());
  }

  @Test
  void pauseProbabilityGrowsWithElapsedTimeAndReachesOneAtTheThreshold() {
    PausePredictor p = trained(session(180, 4, 2));
    double previous = -1;
    for (long t = 0; t <= p.pauseThresholdMillis(); t += 20) {
      double now = p.pauseProbability('a', t);
      assertTrue(now >= previous - 1e-9, "not monotonic at " + t + ": " + now + " < " + previous);
      previous = now;
    }
    assertEquals(1.0, p.pauseProbability('a', p.pauseThresholdMillis()), 1e-9);
  }

  /**
   * Replays held-out sessions and compares with a fixed 350 ms debounce (Continue's default):
   * a request fires when a gap outlasts the wait; it is useful if the gap is a real pause and
   * wasted (canceled by the next key) otherwise.
   */
  @Test
  void onHeldOutTypingItAdaptsToFastAndSlowTypistsBetterThanAFixedDebounce() {
    for (double median : new double[] {120, 200, 300}) {
      PausePredictor p = trained(session(median, 10 + (long) median, 3));
      List<TypingSessions.Stroke> heldOut = session(median, 99 + (long) median, 2);
      Replay adaptive = new Replay();
      Replay fixed = new Replay();
      for (TypingSessions.Stroke s : heldOut) {
        adaptive.add(s, p.delayMillis(s.key()));
        fixed.add(s, 350);
      }
      String detail = "median " + median + ", keys " + heldOut.size() + ": adaptive " + adaptive + ", fixed " + fixed;
      // Never many wasted requests, almost every pause answered, and better than the fixed
      // debounce where it matters for this typist: sooner for fast ones, far less waste for slow.
      assertTrue(adaptive.wasted <= 0.06 * heldOut.size(), detail);
      assertTrue(adaptive.caughtPauses >= 0.85 * adaptive.pauses, detail);
      assertTrue(adaptive.meanWait() <= 0.85 * fixed.meanWait() || adaptive.wasted <= 0.5 * fixed.wasted, detail);
    }
  }

  @Test
  void newUserGetsSensibleAdviceFromThePrior() {
    PausePredictor p = PausePredictor.builder().build();
    long d = p.delayMillis('a');
    assertTrue(d >= 25 && d <= 1000, "delay " + d);
    assertTrue(p.pauseThresholdMillis() >= 350);
  }

  @Test
  void rejectsBadConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> PausePredictor.builder().confidence(1.5));
    assertThrows(IllegalArgumentException.class, () -> PausePredictor.builder().delayBounds(100, 50));
    assertThrows(IllegalArgumentException.class, () -> PausePredictor.builder().decay(0));
    assertThrows(IllegalArgumentException.class, () -> PausePredictor.builder().pauseDefinition(0.5, 100));
  }

  private static final class Replay {
    int pauses;
    int caughtPauses;
    int wasted;
    long waitSum;

    void add(TypingSessions.Stroke s, long wait) {
      if (s.pause()) {
        pauses++;
        if (s.gapMillis() > wait) {
          caughtPauses++;
          waitSum += wait;
        }
      } else if (s.gapMillis() > wait) {
        wasted++;
      }
    }

    double meanWait() {
      return caughtPauses == 0 ? Double.MAX_VALUE : (double) waitSum / caughtPauses;
    }

    @Override
    public String toString() {
      return String.format("pauses=%d caught=%d wasted=%d meanWait=%.0fms", pauses, caughtPauses, wasted, meanWait());
    }
  }
}
