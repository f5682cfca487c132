package dev.quarry.embeddings;

import java.nio.FloatBuffer;

/** Turns a batch's token vectors ({@code size x length x dimension}) into one unit vector per row. */
final class Pooler {
  private Pooler() {}

  static float[] pool(FloatBuffer hidden, Batch batch, int row, int dimension, Pooling pooling, boolean normalize) {
    float[] out = new float[dimension];
    int base = row * batch.length() * dimension;
    if (pooling == Pooling.CLS) {
      hidden.get(base, out, 0, dimension);
    } else {
      int tokens = 0;
      float[] token = new float[dimension];
      for (int t = 0; t < batch.length(); t++) {
        if (batch.mask()[row * batch.length() + t] == 0) {
          continue;
        }
        hidden.get(base + t * dimension, token, 0, dimension);
        for (int d = 0; d < dimension; d++) {
          out[d] += token[d];
        }
        tokens++;
      }
      float inverse = 1f / Math.max(tokens, 1);
      for (int d = 0; d < dimension; d++) {
        out[d] *= inverse;
      }
    }
    return normalize ? normalize(out) : out;
  }

  /** Pooled output of a model that already returns one vector per row ({@code size x dimension}). */
  static float[] row(FloatBuffer pooled, int row, int dimension, boolean normalize) {
    float[] out = new float[dimension];
    pooled.get(row * dimension, out, 0, dimension);
    return normalize ? normalize(out) : out;
  }

  static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (sum > 0) {
      float inverse = (float) (1 / Math.sqrt(sum));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inverse;
      }
    }
    return v;
  }
}
