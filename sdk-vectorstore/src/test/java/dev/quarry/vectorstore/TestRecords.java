package dev.quarry.vectorstore;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded records for store tests: clustered unit vectors with a "bucket" (id mod 100) and a "parity" tag. */
final class TestRecords {
  private TestRecords() {}

  static VectorRecord record(String id, Map<String, ?> metadata, float[] vector) {
    return new VectorRecord(new Chunk(id, "doc-" + id, "text of " + id, Metadata.of(metadata), 0, 0), vector);
  }

  /** Record {@code i}: id {@code "r" + i}, metadata bucket = i % 100, parity = even/odd. */
  static VectorRecord numbered(int i, float[] vector) {
    return record("r" + i, Map.of("bucket", i % 100, "parity", i % 2 == 0 ? "even" : "odd"), vector);
  }

  static float[][] clustered(int n, int dimension, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int clusters = 25;
    float[][] centers = new float[clusters][dimension];
    for (float[] c : centers) {
      for (int d = 0; d < dimension; d++) {
        c[d] = (float) gaussian(random);
      }
    }
    float[][] out = new float[n][dimension];
    for (int i = 0; i < n; i++) {
      float[] c = centers[random.nextInt(clusters)];
      double norm = 0;
      for (int d = 0; d < dimension; d++) {
        out[i][d] = c[d] + 0.5f * (float) gaussian(random);
        norm += out[i][d] * out[i][d];
      }
      for (int d = 0; d < dimension; d++) {
        out[i][d] /= (float) Math.sqrt(norm);
      }
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
