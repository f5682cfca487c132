package dev.quarry.vectorstore;

import dev.quarry.api.store.Metric;

/** The form in which the embedded store keeps and searches vectors for a {@link Metric}. */
final class MetricVectors {
  private MetricVectors() {}

  /**
   * The form a vector is stored and searched in: a normalised copy for cosine, a plain copy otherwise. The norm is
   * computed in double, so a finite vector normalises whatever its scale: components near {@code Float.MAX_VALUE}
   * (whose squares overflow a float) or near the smallest subnormal (whose squares underflow to 0) keep their
   * direction instead of turning into a zero vector.
   *
   * @throws IllegalArgumentException under cosine for a vector whose norm is zero or not finite
   */
  static float[] prepare(Metric metric, float[] vector) {
    float[] copy = vector.clone();
    if (metric == Metric.COSINE) {
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
