package dev.coclone.engine.internal;

/**
 * A learned mix of the predictor's sources over its best candidates, in the manner of
 * context-mixing compressors: each candidate gets features (the log probability the interpolated
 * model gives it, the log probabilities of the corpus, the cache and the nested level each on its
 * own, and flags), its score is a weighted sum of them, and the candidates' probabilities are a
 * softmax of the scores that keeps the mass the interpolated model gave them all (so they stay
 * comparable with the probabilities the generator's thresholds were set on; the predictor then
 * gives each candidate the lower of its two probabilities). The weights were
 * learned offline by gradient steps on the log loss of the true token among the candidates, on the
 * dev split of java.base (the held-out files unread; Python's standard library's dev split was
 * ranked as well with them as with weights learned on it); see
 * docs/benchmarks.md, "Fifth round on issue 16, ranking". Not thread-safe.
 */
public final class Mixer {
  /** Candidates reranked, at least. */
  public static final int POOL = 16;
  static final int F_LINEAR = 0;
  static final int F_CORPUS = 1;
  static final int F_CACHE = 2;
  static final int F_LEVEL = 3;
  static final int F_CACHE_TOP = 4;
  static final int F_CORPUS_TOP = 5;
  static final int F_LOCAL = 6;
  /** Features per candidate. */
  static final int FEATURES = 7;
  /**
   * The weights, in feature order: log probability of the interpolation, of the corpus, of the
   * cache, of the nested level; the candidate is a successor at the cache's longest matched order,
   * at the corpus's longest; it is a file-local name. (The weights were learned with an eighth
   * feature, the candidate is a member of the receiver's type; the mix is not used where that type
   * is known, so it is left out.) A
   * successor at the longest order, which the log probabilities already favour, is lowered a
   * little. As learned, the log weights summed to 0.806 (the interpolation is overconfident): a
   * flatter distribution, with which the generator's thresholds cut suggestions shorter (java.base
   * dev split: characters saved 27.8 to 25.7 %, wrong of shown 20.2 to 22.1 %). Divided by their
   * sum, as here, they rank the same and keep the interpolation's sharpness.
   */
  static final double[] WEIGHTS = {0.698, 0.127, 0.14, 0.035, -0.214, -0.054, -0.237};
  private static final double FLOOR = Math.log(1e-7);

  private final double[] weights;
  private double[][] features = new double[POOL][FEATURES];
  private double[] q = new double[POOL];
  private int size;

  /** A mixer with the learned weights. */
  public Mixer() {
    this(WEIGHTS);
  }

  /**
   * A mixer with given weights (copied).
   *
   * @param weights {@link #FEATURES} weights in feature order
   */
  Mixer(double[] weights) {
    if (weights.length != FEATURES) {
      throw new IllegalArgumentException("a mixer needs " + FEATURES + " weights, not " + weights.length);
    }
    this.weights = weights.clone();
  }

  /** The log of a probability as a feature, bounded below. */
  static double log(double p) {
    return p > 0 ? Math.max(FLOOR, Math.log(p)) : FLOOR;
  }

  /** Starts a prediction. */
  void begin() {
    size = 0;
  }

  /** The feature row of the next candidate, to be filled in full. */
  double[] candidate() {
    if (size == features.length) {
      features = java.util.Arrays.copyOf(features, size * 2);
      for (int i = size; i < features.length; i++) {
        features[i] = new double[FEATURES];
      }
      q = new double[size * 2];
    }
    return features[size++];
  }

  /**
   * Mixes the candidates added since {@link #begin}: out[i] becomes candidate i's probability, a
   * share of {@code mass} (what the interpolated model gave them all).
   *
   * @param mass the candidates' probability under the interpolation
   * @param out  their probabilities under the mix, at least as long as the candidates
   */
  void mix(double mass, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      double s = 0;
      double[] f = features[i];
      for (int j = 0; j < FEATURES; j++) {
        s += weights[j] * f[j];
      }
      q[i] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int i = 0; i < size; i++) {
      q[i] = Math.exp(q[i] - max);
      sum += q[i];
    }
    for (int i = 0; i < size; i++) {
      out[i] = mass * q[i] / sum;
    }
  }
}
