package dev.quarry.vectorstore.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Mini-batch k-means against Lloyd's on the same clustered sample: as good a clustering, reproducibly. */
class KMeansTest {
  private static final int K = 64;

  @Test
  void miniBatchClustersAboutAsWellAsLloyd() {
    float[][] sample = RandomVectors.clustered(20_000, 32, 80, 3, true);
    double lloyd = meanScore(sample, KMeans.lloyd(sample, K, true, 42));
    double miniBatch = meanScore(sample, KMeans.miniBatch(sample, K, true, 42));
    // Scores are cosine similarities to the nearest centroid: higher is a tighter clustering.
    assertThat(miniBatch).isGreaterThan(lloyd - 0.02 * Math.abs(lloyd));
  }

  @Test
  void miniBatchDependsOnlyOnItsInputsAndSeed() {
    float[][] sample = RandomVectors.clustered(8_000, 16, 30, 4, false);
    float[][] first = KMeans.miniBatch(sample, K, false, 7);
    float[][] second = KMeans.miniBatch(sample, K, false, 7);
    assertThat(first).isDeepEqualTo(second);
    assertThat(java.util.Arrays.deepEquals(KMeans.miniBatch(sample, K, false, 8), first)).isFalse();
  }

  private static double meanScore(float[][] sample, float[][] centroids) {
    double sum = 0;
    for (float[] point : sample) {
      sum += Similarity.DOT.score(point, centroids[KMeans.nearest(point, centroids, Similarity.DOT)]);
    }
    return sum / sample.length;
  }
}
