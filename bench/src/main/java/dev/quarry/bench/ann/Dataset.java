package dev.quarry.bench.ann;

import dev.quarry.api.store.Metric;

/** Base vectors, query vectors and each query's exact nearest neighbours (best first). */
record Dataset(String name, Metric metric, float[][] base, float[][] queries, int[][] groundTruth) {
  int dimension() {
    return base[0].length;
  }
}
