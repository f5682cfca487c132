package dev.quarry.vectorstore;

import org.apache.lucene.util.VectorUtil;

/**
 * How close two vectors are. Every metric gives a score where higher means closer, so hits sort the same way
 * whatever the metric. Kernels are Lucene's {@link VectorUtil} (SIMD when {@code jdk.incubator.vector} is enabled).
 */
public enum Metric {
  /** Cosine similarity in [-1, 1]. Stored vectors are normalised once, on the way in. */
  COSINE,
  /** Dot product; for vectors that are already normalised, or where magnitude matters. */
  DOT_PRODUCT,
  /** Negated Euclidean distance: 0 for equal vectors, more negative further away. */
  EUCLIDEAN;

  /** Score of a stored vector (already {@link #prepare}d) against a prepared query. */
  float score(float[] query, float[] stored) {
    return switch (this) {
      case COSINE, DOT_PRODUCT -> VectorUtil.dotProduct(query, stored);
      case EUCLIDEAN -> (float) -Math.sqrt(VectorUtil.squareDistance(query, stored));
    };
  }

  /**
   * The form a vector is stored and searched in: a normalised copy for cosine, a plain copy otherwise. The norm is
   * computed in double, so a finite vector normalises whatever its scale: components near {@code Float.MAX_VALUE}
   * (whose squares overflow a float) or near the smallest subnormal (whose squares underflow to 0) keep their
   * direction instead of turning into a zero vector.
   *
   * @throws IllegalArgumentException under cosine for a vector whose norm is zero or not finite
   */
  float[] prepare(float[] vector) {
    float[] copy = vector.clone();
    if (this == COSINE) {
      double norm = norm(copy);
      if (norm == 0) {
        throw new IllegalArgumentException("a zero vector has no direction, so it cannot be used with COSINE");
      }
      if (!Double.isFinite(norm)) {
        throw new IllegalArgumentException(
            "a vector with a non-finite component (NaN or infinity) cannot be used with COSINE");
      }
      for (int i = 0; i < copy.length; i++) {
        copy[i] = (float) (copy[i] / norm);
      }
    }
    return copy;
  }

  /**
   * The Euclidean norm, in double: a double holds the square of any float (up to about 1.2e77, down to about
   * 2e-90), so neither overflows nor underflows; non-finite for a NaN or infinite component.
   */
  static double norm(float[] vector) {
    double sum = 0;
    for (float x : vector) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }
}
