package dev.quarry.vectorstore.internal.index;

import java.util.SplittableRandom;

/** Seeded test data: Gaussian clusters, the shape real embeddings have, normalised when asked. */
final class RandomVectors {
  private RandomVectors() {}

  static float[][] clustered(int n, int dimension, int clusters, long seed, boolean normalise) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] centers = new float[clusters][dimension];
    for (float[] center : centers) {
      for (int d = 0; d < dimension; d++) {
        center[d] = (float) gaussian(random);
      }
    }
    float[][] out = new float[n][dimension];
    for (int i = 0; i < n; i++) {
      float[] center = centers[random.nextInt(clusters)];
      for (int d = 0; d < dimension; d++) {
        out[i][d] = center[d] + 0.6f * (float) gaussian(random);
      }
      if (normalise) {
        KMeans.normalise(out[i]);
      }
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /** A vector set holding {@code base} in order. */
  static VectorSet set(float[][] base) {
    VectorSet set = new VectorSet(base[0].length, base.length);
    for (float[] v : base) {
      set.add(v);
    }
    return set;
  }

  /** Exact top-k ordinals by brute force. */
  static int[] exactTopK(float[][] base, float[] query, int k, Similarity similarity) {
    LongHeap heap = LongHeap.min(k);
    for (int i = 0; i < base.length; i++) {
      heap.offer(similarity.score(query, base[i]), i, k);
    }
    return heap.drainBestFirst().nodes();
  }

  static double recall(int[] found, int[] truth) {
    int hits = 0;
    for (int f : found) {
      for (int t : truth) {
        if (f == t) {
          hits++;
          break;
        }
      }
    }
    return hits / (double) truth.length;
  }
}
