package dev.quarry.rag.retrieval;

/** Weighted sums of unit vectors, for mixing embeddings. Stateless and thread-safe. */
final class UnitVectors {
  private UnitVectors() {}

  /**
   * {@code wa × unit(a) + wb × unit(b)}, scaled to unit length. If the sum is zero (opposite vectors, equal
   * weights), {@code unit(a)}.
   *
   * @throws IllegalArgumentException if the lengths differ or either vector is zero
   */
  static float[] mix(float[] a, double wa, float[] b, double wb) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("cannot mix a " + a.length + "-d vector with a " + b.length + "-d one");
    }
    double na = norm(a);
    double nb = norm(b);
    if (na == 0 || nb == 0) {
      throw new IllegalArgumentException("cannot mix a zero vector");
    }
    double[] sum = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = wa * a[i] / na + wb * b[i] / nb;
    }
    double length = 0;
    for (double v : sum) {
      length += v * v;
    }
    length = Math.sqrt(length);
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) (length == 0 ? a[i] / na : sum[i] / length);
    }
    return out;
  }

  /**
   * {@code v} scaled to unit length, in a new array.
   *
   * @throws IllegalArgumentException if {@code v} is zero
   */
  static float[] unit(float[] v) {
    double n = norm(v);
    if (n == 0) {
      throw new IllegalArgumentException("cannot scale a zero vector to unit length");
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / n);
    }
    return out;
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }
}
