package dev.coclone.typing;

import java.util.EnumMap;
import java.util.Map;

/**
 * Learns one user's typing rhythm and says how long to wait after a keystroke before asking for a
 * completion, instead of a fixed debounce. It keeps a decaying histogram of inter-keystroke
 * intervals per {@link KeyClass} of the key typed before the interval. A "pause" is an interval
 * longer than {@link #pauseThresholdMillis()}, derived from the user's own speed (a multiple of
 * their typical interval inside a word). After a key of class k, having waited t ms, the chance
 * that this gap becomes a pause is {@code S_k(T) / S_k(t)} where S is the survival function; the
 * advised delay is the smallest t at which that chance reaches the configured confidence.
 *
 * <p>Fast typists get short delays, slow ones longer; keys after which this user tends to stop
 * (a dot, an opening bracket, Enter) get shorter delays than keys inside a word. Thread-safe.
 */
public final class PausePredictor {
  private static final int CLASS_PSEUDO_COUNT = 20;
  private static final int MIN_SAMPLES_FOR_OWN_THRESHOLD = 30;

  private final double confidence;
  private final long minDelayMillis;
  private final long maxDelayMillis;
  private final double pauseFactor;
  private final long minPauseMillis;
  private final double decay;
  private final IntervalHistogram global = new IntervalHistogram();
  private final Map<KeyClass, IntervalHistogram> byClass = new EnumMap<>(KeyClass.class);
  private long observed;

  private PausePredictor(Builder b) {
    this.confidence = b.confidence;
    this.minDelayMillis = b.minDelayMillis;
    this.maxDelayMillis = b.maxDelayMillis;
    this.pauseFactor = b.pauseFactor;
    this.minPauseMillis = b.minPauseMillis;
    this.decay = b.decay;
    for (KeyClass k : KeyClass.values()) {
      byClass.put(k, new IntervalHistogram());
    }
    seedPrior();
  }

  /** Returns a builder with the defaults: confidence 0.7, delays 25..1000 ms. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records one interval: the time between typing {@code previousKey} and the next key.
   *
   * @param intervalMillis the gap in milliseconds (negative values are ignored)
   * @param previousKey    the character typed before the gap
   */
  public synchronized void observe(long intervalMillis, char previousKey) {
    if (intervalMillis < 0) {
      return;
    }
    observed++;
    global.add(intervalMillis, decay);
    byClass.get(KeyClass.of(previousKey)).add(intervalMillis, decay);
  }

  /** The interval beyond which a gap counts as a pause for this user. */
  public synchronized long pauseThresholdMillis() {
    IntervalHistogram word = byClass.get(KeyClass.WORD);
    IntervalHistogram basis = word.samples() >= MIN_SAMPLES_FOR_OWN_THRESHOLD ? word : global;
    double typical = basis.quantile(0.5);
    return Math.max(minPauseMillis, Math.round(typical * pauseFactor));
  }

  /**
   * The probability that the current gap turns out to be a pause, given the last key and how long
   * ago it was typed.
   *
   * @param lastKey        the last typed character
   * @param elapsedMillis  time since it was typed
   * @return a probability in [0, 1]
   */
  public synchronized double pauseProbability(char lastKey, long elapsedMillis) {
    IntervalHistogram h = blended(KeyClass.of(lastKey));
    double threshold = pauseThresholdMillis();
    if (elapsedMillis >= threshold) {
      return 1;
    }
    double sNow = h.survival(elapsedMillis);
    return sNow <= 0 ? 1 : Math.min(1, h.survival(threshold) / sNow);
  }

  /**
   * How long to wait after typing {@code lastKey} before asking for a completion.
   *
   * @param lastKey the last typed character
   * @return the delay in milliseconds, between the configured minimum and maximum
   */
  public synchronized long delayMillis(char lastKey) {
    IntervalHistogram h = blended(KeyClass.of(lastKey));
    long threshold = pauseThresholdMillis();
    double sPause = h.survival(threshold);
    long t = minDelayMillis;
    while (t < threshold && t < maxDelayMillis) {
      double s = h.survival(t);
      if (s <= 0 || sPause / s >= confidence) {
        break;
      }
      t = Math.max(t + 5, Math.round(t * 1.06));
    }
    return Math.max(minDelayMillis, Math.min(Math.min(t, threshold), maxDelayMillis));
  }

  /** A summary: samples seen, the pause threshold and the advised delay per key class. */
  public synchronized Snapshot snapshot() {
    Map<KeyClass, Long> delays = new EnumMap<>(KeyClass.class);
    for (KeyClass k : KeyClass.values()) {
      delays.put(k, delayMillis(representative(k)));
    }
    return new Snapshot(observed, pauseThresholdMillis(), Map.copyOf(delays));
  }

  /**
   * A point-in-time summary of what the predictor learned.
   *
   * @param samples         intervals observed (the prior not counted)
   * @param pauseThreshold  gap length counted as a pause, in ms
   * @param delays          advised delay per class of the last key, in ms
   */
  public record Snapshot(long samples, long pauseThreshold, Map<KeyClass, Long> delays) {}

  private IntervalHistogram blended(KeyClass k) {
    IntervalHistogram own = byClass.get(k);
    IntervalHistogram mix = new IntervalHistogram();
    mix.addAll(own, 1);
    if (global.total() > 0) {
      mix.addAll(global, CLASS_PSEUDO_COUNT / global.total());
    }
    return mix;
  }

  /**
   * A weak prior so a new user gets sensible advice at once: typical copy-typing intervals
   * (median near 200 ms, per published large-scale typing studies) with one gap in seven a pause.
   * Thirty pseudo-samples: the user's own rhythm outweighs it within a few lines of typing.
   */
  private void seedPrior() {
    double[] burst = {90, 120, 140, 160, 180, 200, 220, 250, 280, 320, 360, 420};
    double[] pause = {700, 1100, 1800};
    for (double ms : burst) {
      global.add(ms, 1);
      global.add(ms, 1);
    }
    for (double ms : pause) {
      global.add(ms, 1);
      global.add(ms, 1);
    }
  }

  private static char representative(KeyClass k) {
    return switch (k) {
      case WORD -> 'a';
      case SPACE -> ' ';
      case DOT -> '.';
      case OPEN -> '(';
      case CLOSE -> ';';
      case NEWLINE -> '\n';
      case OTHER -> '=';
    };
  }

  /** Builds {@link PausePredictor}s. */
  public static final class Builder {
    private double confidence = 0.7;
    private long minDelayMillis = 25;
    private long maxDelayMillis = 1000;
    private double pauseFactor = 2.5;
    private long minPauseMillis = 350;
    private double decay = 0.999;

    private Builder() {}

    /**
     * How sure the predictor must be that a pause has begun before advising a request.
     *
     * @throws IllegalArgumentException unless strictly between 0 and 1
     */
    public Builder confidence(double confidence) {
      if (!(confidence > 0 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be between 0 and 1 (exclusive), was " + confidence);
      }
      this.confidence = confidence;
      return this;
    }

    /**
     * Bounds on the advised delay.
     *
     * @throws IllegalArgumentException unless 0 &lt;= min &lt;= max
     */
    public Builder delayBounds(long minMillis, long maxMillis) {
      if (minMillis < 0 || maxMillis < minMillis) {
        throw new IllegalArgumentException("delay bounds need 0 <= min <= max, were " + minMillis + ", " + maxMillis);
      }
      this.minDelayMillis = minMillis;
      this.maxDelayMillis = maxMillis;
      return this;
    }

    /**
     * A gap counts as a pause when longer than {@code factor} times the user's median in-word
     * interval, and at least {@code minPauseMillis}.
     *
     * @throws IllegalArgumentException if factor &lt;= 1 or minPauseMillis &lt; 0
     */
    public Builder pauseDefinition(double factor, long minPauseMillis) {
      if (!(factor > 1) || minPauseMillis < 0) {
        throw new IllegalArgumentException("pause factor must be > 1 and minimum >= 0, were " + factor + ", " + minPauseMillis);
      }
      this.pauseFactor = factor;
      this.minPauseMillis = minPauseMillis;
      return this;
    }

    /**
     * How fast old observations fade: each new interval multiplies earlier weights by this.
     *
     * @throws IllegalArgumentException unless in (0, 1]
     */
    public Builder decay(double decay) {
      if (!(decay > 0 && decay <= 1)) {
        throw new IllegalArgumentException("decay must be in (0, 1], was " + decay);
      }
      this.decay = decay;
      return this;
    }

    /** Builds the predictor. */
    public PausePredictor build() {
      return new PausePredictor(this);
    }
  }
}
