package dev.quarry.vectorstore.internal.index;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means with k-means++ seeding, on a sample of vectors, two ways: {@link #miniBatch} (what IVF trains with) and
 * Lloyd's full passes ({@link #lloyd}, kept as the reference the benchmarks compare with). With {@code spherical}
 * the centroids are renormalised after each step and points go to the centroid of highest dot product (for cosine
 * on unit vectors); otherwise to the nearest in Euclidean distance. Assignment runs in parallel; the result
 * depends only on the inputs and the seed.
 *
 * <p>Internal, not API (public for the benchmarks). Stateless.
 */
public final class KMeans {
  static final int ITERATIONS = 10;
  /** Mini-batch size: four points per centroid, at least this many. */
  static final int MIN_BATCH = 4096;
  /** Most mini-batches; training usually stops well before (see {@link #miniBatch}). */
  static final int MAX_BATCHES = 20;
  /** Mini-batches without a 0.1% gain in the smoothed batch score after which training stops. */
  static final int PATIENCE = 5;

  private KMeans() {}

  /**
   * Mini-batch k-means (Sculley, "Web-scale k-means clustering", WWW 2010): k-means++ seeds drawn from {@code 2k}
   * of the sample's points, then batches of {@code max(4096, 4k)} sample points, each assigned to its nearest centroid
   * and pulling it towards itself with rate 1/(points it has taken so far). Stops after {@link #MAX_BATCHES}
   * batches, or once the batches' mean score, smoothed over about two batches' worth of points, has not
   * improved by 0.1% for {@link #PATIENCE} batches (early stopping as in scikit-learn's MiniBatchKMeans); then
   * one full Lloyd step over the sample ({@link #refine}). A cluster no point reached keeps its seed, a sample
   * point.
   */
  public static float[][] miniBatch(float[][] sample, int k, boolean spherical, long seed) {
    if (sample.length < k) {
      throw new IllegalArgumentException("k-means needs at least k=" + k + " points, got " + sample.length);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Similarity similarity = spherical ? Similarity.DOT : Similarity.NEGATIVE_SQUARED_DISTANCE;
    int batchSize = Math.min(sample.length, Math.max(MIN_BATCH, 4 * k));
    int[] order = shuffled(sample.length, random);
    // k-means++ passes over every seed point once per centroid: two points per centroid keep those passes in cache.
    float[][] seeds = new float[Math.min(sample.length, 2 * k)][];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = sample[order[i]];
    }
    float[][] centroids = seedPlusPlus(seeds, k, random);
    long[] taken = new long[k];
    int[] batch = new int[batchSize];
    int[] nearest = new int[batchSize];
    float[] scores = new float[batchSize];
    int next = 0;
    double smoothed = Double.NaN;
    double best = Double.NEGATIVE_INFINITY;
    int sinceBest = 0;
    double alpha = Math.min(1, 2.0 * batchSize / sample.length);
    for (int iteration = 0; iteration < MAX_BATCHES && sinceBest < PATIENCE; iteration++) {
      for (int i = 0; i < batchSize; i++, next++) {
        if (next == order.length) {
          order = shuffled(sample.length, random);
          next = 0;
        }
        batch[i] = order[next];
      }
      float[][] current = centroids;
      IntStream.range(0, batchSize).parallel().forEach(i -> {
        nearest[i] = nearest(sample[batch[i]], current, similarity);
        scores[i] = similarity.score(sample[batch[i]], current[nearest[i]]);
      });
      double mean = 0;
      for (int i = 0; i < batchSize; i++) {
        mean += scores[i];
        int c = nearest[i];
        float[] centroid = centroids[c];
        float[] point = sample[batch[i]];
        float rate = 1f / ++taken[c];
        for (int d = 0; d < centroid.length; d++) {
          centroid[d] += rate * (point[d] - centroid[d]);
        }
      }
      if (spherical) {
        for (int i = 0; i < batchSize; i++) {
          normalise(centroids[nearest[i]]);
        }
      }
      mean /= batchSize;
      smoothed = Double.isNaN(smoothed) ? mean : smoothed * (1 - alpha) + mean * alpha;
      if (smoothed > best + Math.abs(best) * 1e-3 || best == Double.NEGATIVE_INFINITY) {
        best = smoothed;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    }
    return refine(sample, centroids, spherical, similarity);
  }

  /**
   * One Lloyd step over the whole sample: each point to its nearest centroid, each centroid to the mean of its
   * points (a centroid with none stays). Mini-batch updates leave every centroid a little off the mean of its
   * cluster; one full step puts it there.
   */
  private static float[][] refine(float[][] sample, float[][] centroids, boolean spherical, Similarity similarity) {
    int[] assignment = new int[sample.length];
    IntStream.range(0, sample.length).parallel()
        .forEach(i -> assignment[i] = nearest(sample[i], centroids, similarity));
    float[][] refined = means(sample, assignment, centroids.length, spherical);
    for (int c = 0; c < refined.length; c++) {
      if (refined[c] == null) {
        refined[c] = centroids[c];
      }
    }
    return refined;
  }

  /**
   * The mean of each cluster's points ({@code assignment[i]} is point {@code i}'s cluster), normalised when
   * {@code spherical}; null for a cluster without points.
   */
  private static float[][] means(float[][] sample, int[] assignment, int k, boolean spherical) {
    int dimension = sample[0].length;
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
    float[][] means = new float[k][];
    for (int c = 0; c < k; c++) {
      if (counts[c] > 0) {
        means[c] = new float[dimension];
        for (int d = 0; d < dimension; d++) {
          means[c][d] = (float) (sums[c][d] / counts[c]);
        }
        if (spherical) {
          normalise(means[c]);
        }
      }
    }
    return means;
  }

  private static int[] shuffled(int n, SplittableRandom random) {
    int[] order = IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /**
   * Lloyd's k-means: up to {@link #ITERATIONS} passes over the whole sample, each assigning every point and
   * moving every centroid to the mean of its points; stops early when no point changes cluster. An emptied
   * cluster is re-seeded with a random sample point.
   */
  public static float[][] lloyd(float[][] sample, int k, boolean spherical, long seed) {
    if (sample.length < k) {
      throw new IllegalArgumentException("k-means needs at least k=" + k + " points, got " + sample.length);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Similarity similarity = spherical ? Similarity.DOT : Similarity.NEGATIVE_SQUARED_DISTANCE;
    float[][] centroids = seedPlusPlus(sample, k, random);
    int[] assignment = new int[sample.length];
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      float[][] current = centroids;
      int[] previous = assignment.clone();
      IntStream.range(0, sample.length).parallel()
          .forEach(i -> assignment[i] = nearest(sample[i], current, similarity));
      float[][] next = means(sample, assignment, k, spherical);
      for (int c = 0; c < k; c++) {
        if (next[c] == null) {
          next[c] = sample[random.nextInt(sample.length)].clone();
          if (spherical) {
            normalise(next[c]);
          }
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
      IntStream.range(0, sample.length).parallel().forEach(i -> {
        double d = -Similarity.NEGATIVE_SQUARED_DISTANCE.score(sample[i], last);
        if (d < distance[i]) {
          distance[i] = d;
        }
      });
      double total = 0; // summed in order, so the seeds do not depend on how many cores split the pass
      for (double d : distance) {
        total += d;
      }
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

  /** The centroid nearest to {@code point}: highest similarity, the first of equals. */
  public static int nearest(float[] point, float[][] centroids, Similarity similarity) {
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
