package dev.quarry.vectorstore.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.vectorstore.HnswOptions;
import dev.quarry.vectorstore.IvfOptions;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each index searched while a batch is being prepared ({@link VectorIndex#prepareUpTo}) on another thread: every
 * search returns only published ordinals, and finds them as well as it did before the batch; once published, the
 * batch is found too, about as well as by an index built over every vector at once.
 */
class SearchWhileIndexingTest {
  private static final int DIM = 32;
  private static final int PUBLISHED = 2000;
  /** Six times as many: while they are linked, many published nodes' lists are pruned in favour of new nodes. */
  private static final int PREPARED = 14_000;
  /** A small search effort, so that a walk that loses its way shows in the recall. */
  private static final int EF = 16;

  static Stream<Object[]> indexes() {
    Function<VectorSet, VectorIndex> hnsw = set -> new HnswIndex(set, Similarity.DOT,
        HnswOptions.builder().buildThreads(2).quantization(dev.quarry.vectorstore.Quantization.NONE).build());
    Function<VectorSet, VectorIndex> hnswInt8 =
        set -> new HnswIndex(set, Similarity.DOT, HnswOptions.builder().buildThreads(2).build());
    // Trained at 500 vectors, so growing from 2,000 to 9,000 retrains (four-fold growth) into new lists.
    Function<VectorSet, VectorIndex> ivf = set -> new IvfIndex(set, Metric.DOT_PRODUCT,
        IvfOptions.builder().trainingThreshold(500).nlist(32).nprobe(32).build());
    Function<VectorSet, VectorIndex> exact = set -> new ExactIndex(set, Similarity.DOT);
    return Stream.of(new Object[] {"hnsw", hnsw}, new Object[] {"hnsw-int8", hnswInt8}, new Object[] {"ivf", ivf},
        new Object[] {"exact", exact});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexes")
  void searchesSeeOnlyThePublishedVectorsWhileABatchIsPrepared(String kind, Function<VectorSet, VectorIndex> make)
      throws Exception {
    float[][] base = RandomVectors.clustered(PREPARED, DIM, 40, 11, true);
    float[][] queries = RandomVectors.clustered(50, DIM, 40, 12, true);
    float[][] published = Arrays.copyOf(base, PUBLISHED);
    VectorSet set = new VectorSet(DIM, 16);
    VectorIndex index = make.apply(set);
    for (int i = 0; i < PUBLISHED; i++) {
      set.add(base[i]);
    }
    index.addUpTo(PUBLISHED);
    double recallBefore = meanRecall(index, published, queries);
    for (int i = PUBLISHED; i < PREPARED; i++) {
      set.add(base[i]);
    }

    CompletableFuture<Void> preparing = CompletableFuture.runAsync(() -> index.prepareUpTo(PREPARED));
    int searchesDuring = 0;
    int maxOrdinal = -1;
    do { // the exact index prepares at once; the others take long enough for many searches
      for (int node : index.search(queries[searchesDuring % queries.length], 10, Accept.ALL,
          SearchOptions.defaults()).nodes()) {
        maxOrdinal = Math.max(maxOrdinal, node);
      }
      searchesDuring++;
    } while (!preparing.isDone());
    preparing.get();

    assertThat(maxOrdinal).as("largest ordinal returned while preparing").isLessThan(PUBLISHED);
    assertThat(meanRecall(index, published, queries)).as("recall over the published vectors, batch prepared")
        .isGreaterThanOrEqualTo(recallBefore - 0.02);
    assertThat(maxOrdinalFound(index, queries)).isLessThan(PUBLISHED);

    index.publish();
    VectorIndex builtAtOnce = make.apply(RandomVectors.set(base));
    builtAtOnce.addUpTo(PREPARED);
    assertThat(meanRecall(index, base, queries)).as("recall over every vector, batch published")
        .isGreaterThan(meanRecall(builtAtOnce, base, queries) - 0.03).isGreaterThan(0.55);
    assertThat(maxOrdinalFound(index, queries)).isGreaterThanOrEqualTo(PUBLISHED);
  }

  private static double meanRecall(VectorIndex index, float[][] base, float[][] queries) {
    double sum = 0;
    for (float[] q : queries) {
      int[] found = index.search(q, 10, Accept.ALL, SearchOptions.efSearch(EF)).nodes();
      sum += RandomVectors.recall(found, RandomVectors.exactTopK(base, q, 10, Similarity.DOT));
    }
    return sum / queries.length;
  }

  private static int maxOrdinalFound(VectorIndex index, float[][] queries) {
    int max = -1;
    for (float[] q : queries) {
      for (int node : index.search(q, 10, Accept.ALL, SearchOptions.defaults()).nodes()) {
        max = Math.max(max, node);
      }
    }
    return max;
  }
}
