package dev.quarry.api.store;

import java.nio.FloatBuffer;

/**
 * How close two vectors are, for every {@link VectorStore} that lets a user choose: the embedded store and each
 * server adapter map it to their own. Scores are such that higher means closer, whatever the metric, so hits
 * sort the same way.
 *
 * <p>The order of the constants is part of stored formats (the embedded store's snapshot header records the
 * ordinal): add new ones at the end only.
 */
public enum Metric {
  /** Cosine similarity in [-1, 1]; a store may keep vectors normalised to unit length. */
  COSINE,
  /** Dot product; for vectors that are already normalised, or where magnitude matters. */
  DOT_PRODUCT,
  /** Negated Euclidean distance: 0 for equal vectors, more negative further away. */
  EUCLIDEAN;

  /**
   * The form a store keeps and searches a vector in for this metric: under {@link #COSINE} a copy scaled to unit
   * length, otherwise a plain copy. The norm is computed in double, so a finite vector normalises whatever its
   * scale: components near {@code Float.MAX_VALUE} (whose squares overflow a float) or near the smallest subnormal
   * (whose squares underflow to 0) keep their direction instead of turning into a zero vector.
   *
   * @throws IllegalArgumentException under cosine for a vector whose norm is zero or not finite
   */
  public float[] prepare(float[] vector) {
    float[] prepared = new float[vector.length];
    prepare(FloatBuffer.wrap(vector), prepared);
    return prepared;
  }

  /**
   * Writes the form {@link #prepare(float[])} gives into {@code into}, reading {@code vector} from its position to
   * its limit without moving either: for stores that keep vectors in their own buffers and would otherwise copy
   * each one twice. {@code into} is written only once the vector is found valid.
   *
   * @throws IllegalArgumentException under cosine for a vector whose norm is zero or not finite, or if {@code into}
   *     is not as long as the vector
   */
  public void prepare(FloatBuffer vector, float[] into) {
    int start = vector.position();
    int length = vector.remaining();
    if (into.length != length) {
      throw new IllegalArgumentException("the vector has " + length + " components, the array " + into.length);
    }
    if (this != COSINE) {
      vector.get(start, into);
      return;
    }
    double sum = 0;
    for (int i = 0; i < length; i++) {
      double x = vector.get(start + i);
      sum += x * x; // a double holds the square of any float: no overflow, no underflow
    }
    double norm = Math.sqrt(sum);
    if (norm == 0) {
      throw new IllegalArgumentException("a zero vector has no direction, so it cannot be used with COSINE");
    }
    if (!Double.isFinite(norm)) {
      throw new IllegalArgumentException(
          "a vector with a non-finite component (NaN or infinity) cannot be used with COSINE");
    }
    for (int i = 0; i < length; i++) {
      into[i] = (float) (vector.get(start + i) / norm);
    }
  }
}
