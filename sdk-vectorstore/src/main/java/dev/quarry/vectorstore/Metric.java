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

  /** The form a vector is stored and searched in: a normalised copy for cosine, a plain copy otherwise. */
  float[] prepare(float[] vector) {
    float[] copy = vector.clone();
    if (this == COSINE) {
      double norm = Math.sqrt(VectorUtil.dotProduct(copy, copy));
      if (norm == 0) {
        throw new IllegalArgumentException("a zero vector has no direction, so it cannot be used with COSINE");
      }
      for (int i = 0; i < copy.length; i++) {
        copy[i] /= (float) norm;
      }
    }
    return copy;
  }
}
