package dev.quarry.vectorstore.internal.index;

import static org.assertj.core.api.Assertions.assertThat;


import dev.quarry.api.store.SearchOptions;
import dev.quarry.vectorstore.HnswOptions;
import dev.quarry.vectorstore.Quantization;
import dev.quarry.vectorstore.internal.storage.MappedRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HnswIndexTest {
  private static final int N = 4000;
  private static final int DIM = 32;

  private static double meanRecall(HnswIndex index, float[][] base, float[][] queries, int ef, Accept accept) {
    double sum = 0;
    for (float[] q : queries) {
      int[] found = index.search(q, 10, accept, SearchOptions.efSearch(ef)).nodes();
      sum += RandomVectors.recall(found, RandomVectors.exactTopK(base, q, 10, Similarity.DOT));
    }
    return sum / queries.length;
  }

  @Test
  void findsTheTrueNeighboursOfClusteredData() {
    float[][] base = RandomVectors.clustered(N, DIM, 40, 1, true);
    float[][] queries = RandomVectors.clustered(100, DIM, 40, 2, true);
    HnswIndex index = new HnswIndex(RandomVectors.set(base), Similarity.DOT,
        HnswOptions.builder().m(16).efConstruction(100).buildThreads(1).build());
    index.addUpTo(N);
    assertThat(meanRecall(index, base, queries, 64, Accept.ALL)).isGreaterThan(0.95);
    // More effort never hurts much and reaches near-exact results.
    assertThat(meanRecall(index, base, queries, 200, Accept.ALL)).isGreaterThan(0.99);
  }

  @Test
  void aParallelBuildIsAsGoodAsASerialOne() {
    float[][] base = RandomVectors.clustered(N, DIM, 40, 3, true);
    float[][] queries = RandomVectors.clustered(100, DIM, 40, 4, true);
    HnswIndex serial =
        new HnswIndex(RandomVectors.set(base), Similarity.DOT, HnswOptions.builder().buildThreads(1).build());
    serial.addUpTo(N);
    HnswIndex parallel =
        new HnswIndex(RandomVectors.set(base), Similarity.DOT, HnswOptions.builder().buildThreads(4).build());
    parallel.addUpTo(N);
    assertThat(parallel.size()).isEqualTo(N);
    double serialRecall = meanRecall(serial, base, queries, 64, Accept.ALL);
    double parallelRecall = meanRecall(parallel, base, queries, 64, Accept.ALL);
    assertThat(parallelRecall).isGreaterThan(0.93).isGreaterThan(serialRecall - 0.02);
  }

  @Test
  void incrementalInsertsKeepRecall() {
    float[][] base = RandomVectors.clustered(N, DIM, 40, 5, true);
    float[][] queries = RandomVectors.clustered(100, DIM, 40, 6, true);
    VectorSet set = new VectorSet(DIM, 16);
    HnswIndex index = new HnswIndex(set, Similarity.DOT, HnswOptions.builder().buildThreads(2).build());
    for (int i = 0; i < N; i++) {
      set.add(base[i]);
      if (i % 97 == 0 || i == N - 1) {
        index.addUpTo(set.size());
      }
    }
    assertThat(meanRecall(index, base, queries, 64, Accept.ALL)).isGreaterThan(0.95);
  }

  @Test
  void aSingleThreadedBuildIsReproducibleBitForBit() throws IOException {
    float[][] base = RandomVectors.clustered(2000, DIM, 20, 7, true);
    HnswOptions options = HnswOptions.builder().seed(99).buildThreads(1).build();
    HnswIndex first = new HnswIndex(RandomVectors.set(base), Similarity.DOT, options);
    HnswIndex second = new HnswIndex(RandomVectors.set(base), Similarity.DOT, options);
    first.addUpTo(base.length);
    second.addUpTo(base.length);
    assertThat(bytes(first)).isEqualTo(bytes(second));
    HnswIndex otherSeed = new HnswIndex(RandomVectors.set(base), Similarity.DOT,
        HnswOptions.builder().seed(100).buildThreads(1).build());
    otherSeed.addUpTo(base.length);
    assertThat(Arrays.equals(bytes(first), bytes(otherSeed))).isFalse();
  }

  @Test
  void levelsAreGeometricAndSeeded() {
    HnswIndex index = new HnswIndex(new VectorSet(4, 16), Similarity.DOT, HnswOptions.builder().m(16).build());
    int[] counts = new int[8];
    for (int node = 0; node < 100_000; node++) {
      counts[Math.min(7, index.levelOf(node))]++;
    }
    // P(level >= 1) = 1/m = 6.25%
    assertThat(100_000 - counts[0]).isBetween(5_500, 7_000);
    assertThat(counts[1]).isGreaterThan(counts[2] * 10);
  }

  @Test
  void filteredSearchReturnsOnlyAcceptedNodes() {
    float[][] base = RandomVectors.clustered(N, DIM, 40, 8, true);
    float[][] queries = RandomVectors.clustered(50, DIM, 40, 9, true);
    HnswIndex index = new HnswIndex(RandomVectors.set(base), Similarity.DOT, HnswOptions.builder().build());
    index.addUpTo(N);
    Accept even = ord -> ord % 2 == 0;
    double sum = 0;
    for (float[] q : queries) {
      int[] found = index.search(q, 10, even, SearchOptions.efSearch(100)).nodes();
      assertThat(found).hasSize(10);
      assertThat(Arrays.stream(found).allMatch(ord -> ord % 2 == 0)).isTrue();
      LongHeap truth = LongHeap.min(10);
      for (int i = 0; i < N; i += 2) {
        truth.offer(Similarity.DOT.score(q, base[i]), i, 10);
      }
      sum += RandomVectors.recall(found, truth.drainBestFirst().nodes());
    }
    assertThat(sum / queries.length).isGreaterThan(0.9);
  }

  @Test
  void aWrittenGraphReadsBackIdentical() throws IOException {
    float[][] base = RandomVectors.clustered(1500, DIM, 20, 10, true);
    VectorSet vectors = RandomVectors.set(base);
    HnswIndex index = new HnswIndex(vectors, Similarity.DOT, HnswOptions.builder().build());
    index.addUpTo(base.length);
    byte[] written = bytes(index);
    HnswIndex read = HnswIndex.read(new DataInputStream(new ByteArrayInputStream(written)), vectors,
        Similarity.DOT, HnswOptions.builder().build(), MappedRows.EMPTY);
    assertThat(bytes(read)).isEqualTo(written);
    float[] q = base[17];
    assertThat(read.search(q, 5, Accept.ALL, SearchOptions.defaults()).nodes())
        .isEqualTo(index.search(q, 5, Accept.ALL, SearchOptions.defaults()).nodes());
  }

  @Test
  void anEmptyGraphFindsNothingAndOneNodeFindsItself() {
    VectorSet set = new VectorSet(2, 4);
    HnswIndex index = new HnswIndex(set, Similarity.DOT, HnswOptions.builder().build());
    assertThat(index.search(new float[] {1, 0}, 3, Accept.ALL, SearchOptions.defaults()).size()).isZero();
    set.add(new float[] {1, 0});
    index.addUpTo(1);
    assertThat(index.search(new float[] {1, 0}, 3, Accept.ALL, SearchOptions.defaults()).nodes())
        .containsExactly(0);
  }

  @Test
  void theInt8WalkReturnsExactScoresAndKeepsTheFloatWalksRecall() throws IOException {
    float[][] base = RandomVectors.clustered(N, DIM, 40, 11, true);
    float[][] queries = RandomVectors.clustered(100, DIM, 40, 12, true);
    VectorSet vectors = RandomVectors.set(base);
    HnswIndex int8 = new HnswIndex(vectors, Similarity.DOT, HnswOptions.builder().buildThreads(1).build());
    int8.addUpTo(N);
    assertThat(int8.options().quantization()).isEqualTo(Quantization.INT8);
    // The same graph, walked on the floats.
    HnswIndex floats = HnswIndex.read(new DataInputStream(new ByteArrayInputStream(bytes(int8))), vectors,
        Similarity.DOT, HnswOptions.builder().quantization(Quantization.NONE).build(), MappedRows.EMPTY);
    double int8Recall = meanRecall(int8, base, queries, 64, Accept.ALL);
    assertThat(int8Recall).isGreaterThan(0.95).isGreaterThan(meanRecall(floats, base, queries, 64, Accept.ALL) - 0.01);
    for (float[] q : queries) {
      Neighbors hits = int8.search(q, 10, Accept.ALL, SearchOptions.defaults());
      for (int i = 0; i < hits.size(); i++) {
        assertThat(hits.scores()[i]).isEqualTo(Similarity.DOT.score(q, base[hits.nodes()[i]]));
      }
    }
  }

  @Test
  void touchingNeighboursBeforeScoringChangesNoResult() {
    float[][] base = RandomVectors.clustered(N, DIM, 40, 13, true);
    float[][] queries = RandomVectors.clustered(50, DIM, 40, 14, true);
    for (Quantization quantization : Quantization.values()) {
      HnswIndex index = new HnswIndex(RandomVectors.set(base), Similarity.DOT,
          HnswOptions.builder().quantization(quantization).buildThreads(1).build());
      index.addUpTo(N);
      Neighbors[] plain = new Neighbors[queries.length];
      for (int i = 0; i < queries.length; i++) {
        plain[i] = index.search(queries[i], 10, Accept.ALL, SearchOptions.defaults());
      }
      index.prefetchAbove(0);
      for (int i = 0; i < queries.length; i++) {
        Neighbors touched = index.search(queries[i], 10, Accept.ALL, SearchOptions.defaults());
        assertThat(touched.nodes()).as("%s query %d", quantization, i).isEqualTo(plain[i].nodes());
        assertThat(touched.scores()).isEqualTo(plain[i].scores());
      }
    }
  }

  @Test
  void aSnapshotTakenWhileABatchIsPreparedHoldsOnlyThePublishedGraph() throws IOException {
    float[][] base = RandomVectors.clustered(8000, DIM, 20, 13, true);
    VectorSet vectors = RandomVectors.set(base);
    HnswIndex index = new HnswIndex(vectors, Similarity.DOT, HnswOptions.builder().buildThreads(2).build());
    index.addUpTo(2000);
    index.prepareUpTo(8000); // linked into the published nodes' lists, never published

    HnswIndex read = HnswIndex.read(new DataInputStream(new ByteArrayInputStream(bytes(index))), vectors,
        Similarity.DOT, HnswOptions.builder().build(), MappedRows.EMPTY);

    assertThat(read.size()).isEqualTo(2000);
    float[][] published = java.util.Arrays.copyOf(base, 2000);
    assertThat(meanRecall(read, published, RandomVectors.clustered(50, DIM, 20, 14, true), 64, Accept.ALL))
        .isGreaterThan(0.9);
  }

  private static byte[] bytes(HnswIndex index) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    index.write(new DataOutputStream(buffer));
    return buffer.toByteArray();
  }
}
