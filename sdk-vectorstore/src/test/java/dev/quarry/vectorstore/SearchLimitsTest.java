package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Any k of at least 1 on every index, with and without filters, in memory proportional to the records. */
class SearchLimitsTest {
  private static final int N = 1000;
  private static final int DIM = 12;
  private static final float[][] VECTORS = TestRecords.clustered(N, DIM, 41);
  /** Far below what sizing anything by k = 500 million would take (2 GB and more). */
  private static final long ALLOCATION_LIMIT = 64L << 20;

  static Stream<IndexOptions> indexes() {
    return Stream.of(IndexOptions.exact(), IndexOptions.hnsw(),
        HnswOptions.builder().quantization(Quantization.NONE).build(),
        IvfOptions.builder().trainingThreshold(200).nlist(16).build(),
        IvfOptions.builder().trainingThreshold(200).nlist(16).quantization(Quantization.INT8).build());
  }

  static Stream<Arguments> indexesKsAndFilters() {
    List<Filter> filters = new ArrayList<>();
    filters.add(null);
    filters.add(Filter.eq("parity", "even")); // half: searched on the index
    filters.add(Filter.eq("bucket", 7)); // 1%: answered exactly
    return indexes().flatMap(index -> IntStream.of(Integer.MAX_VALUE, 500_000_000, N, N - 1).boxed()
        .flatMap(k -> filters.stream().map(filter -> Arguments.of(index, k, filter))));
  }

  private static EmbeddedVectorStore filled(IndexOptions index) {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).index(index).build();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      records.add(TestRecords.numbered(i, VECTORS[i]));
    }
    store.upsert(records);
    return store;
  }

  @ParameterizedTest(name = "{0}, k = {1}, filter {2}")
  @MethodSource("indexesKsAndFilters")
  void anyKReturnsTheBestMatchesInMemoryProportionalToTheRecords(IndexOptions index, int k, Filter filter) {
    EmbeddedVectorStore store = filled(index);
    SearchRequest.Builder request = SearchRequest.builder(VECTORS[3]).maxResults(k);
    if (filter != null) {
      request.filter(filter);
    }
    store.search(SearchRequest.builder(VECTORS[3]).maxResults(10).build()); // warm per-thread workspaces

    long before = allocatedBytes();
    List<SearchHit> hits = store.search(request.build());
    long allocated = allocatedBytes() - before;

    long matching = filter == null ? N : IntStream.range(0, N)
        .filter(i -> filter.matches(TestRecords.numbered(i, VECTORS[i]).chunk().metadata())).count();
    assertThat(hits).hasSize((int) Math.min(k, matching));
    assertThat(hits).extracting(SearchHit::id).doesNotHaveDuplicates();
    assertThat(hits).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
    if (k >= matching) {
      assertThat(hits).isEqualTo(store.search(request.build(), SearchOptions.exactSearch()));
    }
    if (filter != null) {
      assertThat(hits).allSatisfy(hit -> assertThat(filter.matches(hit.chunk().metadata())).isTrue());
    }
    assertThat(allocated).as("bytes allocated by one search").isLessThan(ALLOCATION_LIMIT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexes")
  void aHugeKAfterDeletesReturnsTheLiveRecordsOnly(IndexOptions index) {
    EmbeddedVectorStore store = filled(index);
    store.delete(IntStream.range(0, 100).mapToObj(i -> "r" + i).toList()); // tombstones, below compaction

    List<SearchHit> all = store.search(SearchRequest.builder(VECTORS[500]).maxResults(Integer.MAX_VALUE).build());
    List<SearchHit> filtered = store.search(SearchRequest.builder(VECTORS[500]).maxResults(Integer.MAX_VALUE)
        .filter(Filter.eq("bucket", 50)).build());

    assertThat(all).hasSize(N - 100).extracting(SearchHit::id).doesNotContain("r0", "r99").contains("r100");
    assertThat(filtered).extracting(SearchHit::id).containsExactlyInAnyOrder(
        IntStream.range(100, N).filter(i -> i % 100 == 50).mapToObj(i -> "r" + i).toArray(String[]::new));
    assertThat(all).isEqualTo(store.search(SearchRequest.builder(VECTORS[500]).maxResults(N).build(),
        SearchOptions.exactSearch()));
  }

  @Test
  void anEmptyStoreAnswersAnyKWithNoHits() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).build();
    assertThat(store.search(SearchRequest.builder(VECTORS[0]).maxResults(Integer.MAX_VALUE).build())).isEmpty();
    assertThat(store.search(SearchRequest.builder(VECTORS[0]).maxResults(Integer.MAX_VALUE)
        .filter(Filter.eq("parity", "odd")).build())).isEmpty();
  }

  @Test
  void maxResultsBelowOneIsRefusedSayingWhatIsAllowed() {
    assertThatThrownBy(() -> SearchRequest.builder(VECTORS[0]).maxResults(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxResults must be > 0, was 0");
    assertThatThrownBy(() -> SearchRequest.builder(VECTORS[0]).maxResults(Integer.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResults must be > 0");
    RecordTable table = new RecordTable(DIM, dev.quarry.vectorstore.internal.index.Similarity.DOT,
        new IndexFactory(IndexOptions.exact(), Metric.DOT_PRODUCT));
    table.upsert(RecordTable.prepare(List.of(TestRecords.record("a", Map.of(), VECTORS[0])), DIM,
        Metric.DOT_PRODUCT));
    for (int k : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> table.search(VECTORS[0], k, null, Double.NEGATIVE_INFINITY, SearchOptions.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("k must be >= 1 (a k above the record count returns every record), was " + k);
    }
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}
