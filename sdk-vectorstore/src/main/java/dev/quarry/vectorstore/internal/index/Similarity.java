package dev.quarry.vectorstore.internal.index;

import dev.quarry.api.store.Metric;
import org.apache.lucene.util.VectorUtil;

/**
 * The score indexes rank by, higher meaning closer: the dot product for {@link Metric#COSINE} (vectors are stored
 * normalised) and {@link Metric#DOT_PRODUCT}, the negated squared distance for {@link Metric#EUCLIDEAN} (no square
 * root on the hot path; {@link #toMetricScore} applies it once per hit). Kernels are Lucene's {@link VectorUtil},
 * which uses SIMD when {@code jdk.incubator.vector} is enabled and a scalar loop otherwise.
 *
 * <p>Internal, not API. Stateless and thread-safe.
 */
public enum Similarity {
  DOT {
    @Override
    public float score(float[] a, float[] b) {
      return VectorUtil.dotProduct(a, b);
    }

    @Override
    public float toMetricScore(float score) {
      return score;
    }
  },
  NEGATIVE_SQUARED_DISTANCE {
    @Override
    public float score(float[] a, float[] b) {
      return -VectorUtil.squareDistance(a, b);
    }

    @Override
    public float toMetricScore(float score) {
      return (float) -Math.sqrt(-score);
    }
  };

  public static Similarity of(Metric metric) {
    return metric == Metric.EUCLIDEAN ? NEGATIVE_SQUARED_DISTANCE : DOT;
  }

  /** Similarity of two vectors of equal length; higher is closer. */
  public abstract float score(float[] a, float[] b);

  /** The score reported to users for {@link Metric}: the same, or the negated distance for Euclidean. */
  public abstract float toMetricScore(float score);
}
