package dev.quarry.vectorstore.internal.index;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Lloyd's k-means with k-means++ seeding, on a sample of vectors. With {@code spherical} the centroids are
 * renormalised after each step and points go to the centroid of highest dot product (for cosine on unit vectors);
 * otherwise to the nearest in Euclidean distance. An emptied cluster is re-seeded with a random sample point.
 * Assignment runs in parallel over the sample; the result depends only on the inputs and the seed.
 *
 * <p>Internal, not API. Stateless.
 */
final class KMeans {
  static final int ITERATIONS = 10;

  private KMeans() {}

  static float[][] train(float[][] sample, int k, boolean spherical, long seed) {
    if (sample.length < k) {
      throw new IllegalArgumentException("k-means needs at least k=" + k + " points, got " + sample.length);
    }
    int dimension = sample[0].length;
    SplittableRandom random = new SplittableRandom(seed);
    Similarity similarity = spherical ? Similarity.DOT : Similarity.NEGATIVE_SQUARED_DISTANCE;
    float[][] centroids = seedPlusPlus(sample, k, random);
    int[] assignment = new int[sample.length];
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      float[][] current = centroids;
      int[] previous = assignment.clone();
      IntStream.range(0, sample.length).parallel()
          .forEach(i -> assignment[i] = nearest(sample[i], current, similarity));
      double[][] sums = new double[k][dimension];
      int[] counts = new int[k];
      for (int i = 0; i < sample.length; i++) {
        double[] sum = sums[assignment[i]];
        float[] point = sample[i];
        for (int d = 0; d < dimension; d++) {
          sum[d] += point[d];
        }
        counts[assignment[i]]++;
      }
      float[][] next = new float[k][dimension];
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          next[c] = sample[random.nextInt(sample.length)].clone();
        } else {
          for (int d = 0; d < dimension; d++) {
            next[c][d] = (float) (sums[c][d] / counts[c]);
          }
        }
        if (spherical) {
          normalise(next[c]);
        }
      }
      centroids = next;
      if (iteration > 0 && java.util.Arrays.equals(previous, assignment)) {
        break;
      }
    }
    return centroids;
  }

  /** k-means++: each next centroid is drawn with probability proportional to its squared distance. */
  private static float[][] seedPlusPlus(float[][] sample, int k, SplittableRandom random) {
    float[][] centroids = new float[k][];
    centroids[0] = sample[random.nextInt(sample.length)].clone();
    double[] distance = new double[sample.length];
    java.util.Arrays.fill(distance, Double.MAX_VALUE);
    for (int c = 1; c < k; c++) {
      float[] last = centroids[c - 1];
      double total = IntStream.range(0, sample.length).parallel().mapToDouble(i -> {
        double d = -Similarity.NEGATIVE_SQUARED_DISTANCE.score(sample[i], last);
        if (d < distance[i]) {
          distance[i] = d;
        }
        return distance[i];
      }).sum();
      int chosen = random.nextInt(sample.length);
      if (total > 0) {
        double target = random.nextDouble() * total;
        for (int i = 0; i < sample.length; i++) {
          target -= distance[i];
          if (target <= 0) {
            chosen = i;
            break;
          }
        }
      }
      centroids[c] = sample[chosen].clone();
    }
    return centroids;
  }

  static int nearest(float[] point, float[][] centroids, Similarity similarity) {
    int best = 0;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < centroids.length; c++) {
      float score = similarity.score(point, centroids[c]);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  static void normalise(float[] vector) {
    double norm = Math.sqrt(Similarity.DOT.score(vector, vector));
    if (norm > 0) {
      for (int d = 0; d < vector.length; d++) {
        vector[d] /= (float) norm;
      }
    }
  }
}
