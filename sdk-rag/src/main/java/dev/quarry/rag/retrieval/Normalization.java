package dev.quarry.rag.retrieval;

/**
 * How {@linkplain Fusion#convex convex fusion} brings each list's scores to a common scale before weighing them:
 * cosine similarities (about 0.2 to 0.9) and BM25 scores (0 to 30 or more) cannot be added as they are.
 *
 * <p>Each list is normalised on its own. A list whose hits all score the same (or that has a single hit) carries
 * no spread to scale, so its hits get a fixed value instead of a division by zero: 1 under {@link #MIN_MAX}, 0
 * under {@link #Z_SCORE}. A hit that a list did not return scores that list's <em>floor</em>, the normalised
 * score of its worst hit: the list ranked the hit below everything it returned.
 *
 * <p>Immutable and thread-safe.
 */
public enum Normalization {
  /**
   * {@code (s - min) / (max - min)}: the list's best hit scores 1, its worst 0, and a hit missing from the list 0.
   * Sensitive to one outlying score, which squeezes the others together.
   */
  MIN_MAX {
    @Override
    double[] normalize(double[] scores) {
      double min = min(scores);
      double range = max(scores) - min;
      double[] out = new double[scores.length];
      for (int i = 0; i < scores.length; i++) {
        out[i] = range == 0 ? 1 : (scores[i] - min) / range;
      }
      return out;
    }

    @Override
    double floor(double[] normalized) {
      return 0;
    }
  },

  /**
   * {@code (s - mean) / sd}, with the population standard deviation of the list's scores: a hit scores how many
   * deviations it lies above the list's average. A hit missing from the list scores the list's lowest z-score;
   * when the list has no spread (its hits all score 0), a missing hit scores {@value #FLAT_Z_SCORE_FLOOR}.
   */
  Z_SCORE {
    @Override
    double[] normalize(double[] scores) {
      double[] out = new double[scores.length];
      if (scores.length == 0 || max(scores) - min(scores) == 0) {
        return out; // no spread: every hit is average
      }
      double mean = 0;
      for (double s : scores) {
        mean += s;
      }
      mean /= scores.length;
      double squares = 0;
      for (double s : scores) {
        squares += (s - mean) * (s - mean);
      }
      double deviation = Math.sqrt(squares / scores.length);
      for (int i = 0; i < scores.length; i++) {
        out[i] = (scores[i] - mean) / deviation;
      }
      return out;
    }

    @Override
    double floor(double[] normalized) {
      if (normalized.length == 0) {
        return 0;
      }
      double min = min(normalized);
      return min == max(normalized) ? FLAT_Z_SCORE_FLOOR : min;
    }
  };

  /** Under {@link #Z_SCORE}, what a hit missing from a list whose hits all score the same gets. */
  public static final double FLAT_Z_SCORE_FLOOR = -1;

  /** The list's scores on the common scale, in the same order; {@code scores} is finite and not changed. */
  abstract double[] normalize(double[] scores);

  /**
   * What a hit missing from a list gets, given the list's normalised scores. For an empty list, 0 (it then adds
   * the same to every hit and changes no order).
   */
  abstract double floor(double[] normalized);

  private static double min(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
    }
    return min;
  }

  private static double max(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
