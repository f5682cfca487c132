package dev.quarry.bench.ann;

import dev.quarry.api.store.Metric;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;

/** Exact nearest neighbours by brute force, and recall against them. */
final class GroundTruth {
  private GroundTruth() {}

  static int[][] topK(float[][] base, float[][] queries, int k, Metric metric) {
    float[][] prepared = new float[base.length][];
    for (int i = 0; i < base.length; i++) {
      prepared[i] = prepare(base[i], metric);
    }
    return IntStream.range(0, queries.length).parallel().mapToObj(q -> {
      float[] query = prepare(queries[q], metric);
      PriorityQueue<long[]> heap = new PriorityQueue<>(k + 1, (a, b) -> Double.compare(
          Double.longBitsToDouble(a[0]), Double.longBitsToDouble(b[0])));
      for (int i = 0; i < prepared.length; i++) {
        double score = metric == Metric.EUCLIDEAN
            ? -VectorUtil.squareDistance(query, prepared[i])
            : VectorUtil.dotProduct(query, prepared[i]);
        if (heap.size() < k) {
          heap.add(new long[] {Double.doubleToLongBits(score), i});
        } else if (score > Double.longBitsToDouble(heap.peek()[0])) {
          heap.poll();
          heap.add(new long[] {Double.doubleToLongBits(score), i});
        }
      }
      int[] ids = new int[heap.size()];
      for (int i = ids.length - 1; i >= 0; i--) {
        ids[i] = (int) heap.poll()[1];
      }
      return ids;
    }).toArray(int[][]::new);
  }

  private static float[] prepare(float[] vector, Metric metric) {
    if (metric != Metric.COSINE) {
      return vector;
    }
    float[] copy = vector.clone();
    VectorUtil.l2normalize(copy);
    return copy;
  }

  /** Mean over queries of |found ∩ true top-k| / k. */
  static double recall(int[][] found, int[][] truth, int k) {
    double sum = 0;
    for (int q = 0; q < found.length; q++) {
      int hits = 0;
      for (int i = 0; i < Math.min(k, found[q].length); i++) {
        for (int j = 0; j < k; j++) {
          if (found[q][i] == truth[q][j]) {
            hits++;
            break;
          }
        }
      }
      sum += hits / (double) k;
    }
    return sum / found.length;
  }
}
