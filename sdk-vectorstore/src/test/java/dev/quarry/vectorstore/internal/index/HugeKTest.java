package dev.quarry.vectorstore.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.vectorstore.HnswOptions;
import dev.quarry.vectorstore.IvfOptions;
import dev.quarry.vectorstore.Quantization;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each index asked for far more neighbours than it holds: every node comes back, in memory sized by the nodes. */
class HugeKTest {
  private static final int N = 1500;
  private static final int DIM = 16;
  private static final float[][] BASE = RandomVectors.clustered(N, DIM, 10, 31, true);
  private static final float[] QUERY = RandomVectors.clustered(1, DIM, 10, 32, true)[0];
  /** Far below what sizing anything by k = 500 million would take (2 GB and more). */
  private static final long ALLOCATION_LIMIT = 64L << 20;

  static Stream<Arguments> indexesAndKs() {
    return Stream.of("exact", "hnsw", "hnsw-int8", "ivf", "ivf-int8", "ivf-untrained")
        .flatMap(kind -> IntStream.of(Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 500_000_000, N + 1, N)
            .mapToObj(k -> Arguments.of(kind, k)));
  }

  private static VectorIndex index(String kind) {
    VectorSet set = RandomVectors.set(BASE);
    VectorIndex index = switch (kind) {
      case "exact" -> new ExactIndex(set, Similarity.DOT);
      case "hnsw" -> new HnswIndex(set, Similarity.DOT,
          HnswOptions.builder().quantization(Quantization.NONE).buildThreads(1).build());
      case "hnsw-int8" -> new HnswIndex(set, Similarity.DOT, HnswOptions.builder().buildThreads(1).build());
      case "ivf" -> new IvfIndex(set, Metric.COSINE, IvfOptions.builder().nlist(16).trainingThreshold(500).build());
      case "ivf-int8" -> new IvfIndex(set, Metric.COSINE, IvfOptions.builder().nlist(16).trainingThreshold(500)
          .quantization(Quantization.INT8).build());
      case "ivf-untrained" -> new IvfIndex(set, Metric.COSINE, IvfOptions.builder().trainingThreshold(N + 1).build());
      default -> throw new IllegalArgumentException(kind);
    };
    index.addUpTo(N);
    return index;
  }

  @ParameterizedTest(name = "{0}, k = {1}")
  @MethodSource("indexesAndKs")
  void aKAboveTheNodeCountFindsEveryNodeInMemoryProportionalToTheNodes(String kind, int k) {
    VectorIndex index = index(kind);
    index.search(QUERY, 10, Accept.ALL, SearchOptions.defaults()); // warm the per-thread workspaces

    long before = allocatedBytes();
    Neighbors found = index.search(QUERY, k, Accept.ALL, SearchOptions.defaults());
    long allocated = allocatedBytes() - before;

    assertThat(allocated).as("bytes allocated by one search").isLessThan(ALLOCATION_LIMIT);
    if (!kind.startsWith("hnsw")) { // a graph walk may miss a few; the store then answers exactly
      assertThat(found.size()).isEqualTo(N);
      assertThat(Arrays.stream(found.nodes()).distinct().count()).isEqualTo(N);
    }
    assertThat(found.size()).isGreaterThan(N * 9 / 10).isLessThanOrEqualTo(N);
    for (int i = 1; i < found.size(); i++) {
      assertThat(found.scores()[i]).isLessThanOrEqualTo(found.scores()[i - 1]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aHugeKWithAFilterReturnsExactlyTheAcceptedNodes(String kind) {
    VectorIndex index = index(kind);
    Accept everyThird = ord -> ord % 3 == 0;

    Neighbors found = index.search(QUERY, Integer.MAX_VALUE, everyThird, SearchOptions.defaults());

    assertThat(Arrays.stream(found.nodes()).filter(node -> node % 3 != 0)).isEmpty();
    if (!kind.startsWith("hnsw")) {
      assertThat(found.size()).isEqualTo(N / 3);
    }
  }

  static Stream<String> kinds() {
    return Stream.of("exact", "hnsw", "hnsw-int8", "ivf", "ivf-int8", "ivf-untrained");
  }

  @Test
  void anEmptyIndexAnswersAHugeKWithNothing() {
    VectorSet empty = new VectorSet(DIM, 16);
    for (VectorIndex index : new VectorIndex[] {new ExactIndex(empty, Similarity.DOT),
        new HnswIndex(empty, Similarity.DOT, HnswOptions.builder().build()),
        new IvfIndex(empty, Metric.COSINE, IvfOptions.builder().build())}) {
      assertThat(index.search(QUERY, Integer.MAX_VALUE, Accept.ALL, SearchOptions.defaults()).size())
          .as(index.kind()).isZero();
    }
  }

  @Test
  void aHeapAllocatesForWhatItHoldsNotForItsBound() {
    LongHeap heap = LongHeap.min(Integer.MAX_VALUE);
    assertThat(heap.allocated()).isEqualTo(LongHeap.MAX_INITIAL_CAPACITY);
    for (int i = 0; i < 5000; i++) {
      heap.offer(i, i, Integer.MAX_VALUE);
    }
    assertThat(heap.size()).isEqualTo(5000);
    assertThat(heap.drainBestFirst().scores()[0]).isEqualTo(4999f);
    assertThat(LongHeap.max(-5).allocated()).isEqualTo(8);
  }

  @Test
  void theRescoreDepthSaturatesInsteadOfOverflowing() {
    assertThat(HnswIndex.rescoreDepth(10)).isEqualTo(20);
    assertThat(HnswIndex.rescoreDepth(1)).isEqualTo(11);
    assertThat(HnswIndex.rescoreDepth(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(HnswIndex.rescoreDepth(1 << 30)).isEqualTo(Integer.MAX_VALUE);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}
