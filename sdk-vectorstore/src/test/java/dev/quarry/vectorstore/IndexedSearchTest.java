package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;


import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Approximate indexes behind the store: recall, filters, deletes, compaction and persistence of the index. */
class IndexedSearchTest {
  private static final int N = 5000;
  private static final int DIM = 24;
  private static final float[][] VECTORS = TestRecords.clustered(N, DIM, 21);
  private static final float[][] QUERIES = TestRecords.clustered(60, DIM, 22);

  static Stream<IndexOptions> approximateIndexes() {
    return Stream.of(IndexOptions.hnsw(),
        IvfOptions.builder().trainingThreshold(1000).nlist(40).nprobe(8).build(),
        IvfOptions.builder().trainingThreshold(1000).nlist(40).nprobe(8)
            .quantization(Quantization.INT8).build());
  }

  private static EmbeddedVectorStore filled(IndexOptions index) {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).index(index).build();
    for (int from = 0; from < N; from += 500) {
      List<VectorRecord> batch = new ArrayList<>();
      for (int i = from; i < from + 500; i++) {
        batch.add(TestRecords.numbered(i, VECTORS[i]));
      }
      store.upsert(batch);
    }
    return store;
  }

  private static double recall(EmbeddedVectorStore store, Filter filter, int k) {
    double sum = 0;
    for (float[] q : QUERIES) {
      SearchRequest.Builder request = SearchRequest.builder(q).maxResults(k);
      if (filter != null) {
        request.filter(filter);
      }
      List<SearchHit> approximate = store.search(request.build());
      List<SearchHit> exact = store.search(request.build(), SearchOptions.exactSearch());
      assertThat(approximate).hasSize(exact.size());
      Set<String> truth = new HashSet<>(exact.stream().map(SearchHit::id).toList());
      sum += approximate.stream().filter(h -> truth.contains(h.id())).count() / (double) truth.size();
    }
    return sum / QUERIES.length;
  }

  @ParameterizedTest
  @MethodSource("approximateIndexes")
  void recallIsHighWithAndWithoutFilters(IndexOptions index) {
    EmbeddedVectorStore store = filled(index);
    assertThat(recall(store, null, 10)).isGreaterThan(0.9);
    // Half the records match: the index search walks past the others.
    assertThat(recall(store, Filter.eq("parity", "even"), 10)).isGreaterThan(0.9);
    // 2% match: answered exactly over the matching records.
    assertThat(recall(store, Filter.in("bucket", List.of(3, 4)), 10)).isEqualTo(1.0);
  }

  @ParameterizedTest
  @MethodSource("approximateIndexes")
  void aFilteredSearchReturnsKHitsWheneverKRecordsMatch(IndexOptions index) {
    EmbeddedVectorStore store = filled(index);
    for (float[] q : QUERIES) {
      List<SearchHit> one = store.search(SearchRequest.builder(q).maxResults(50).filter(Filter.eq("bucket", 7)).build());
      assertThat(one).hasSize(50).allMatch(h -> h.chunk().metadata().asMap().get("bucket").equals(7L));
      List<SearchHit> few = store.search(SearchRequest.builder(q).maxResults(20)
          .filter(Filter.and(Filter.eq("bucket", 7), Filter.lt("bucket", 8))).build());
      assertThat(few).hasSize(20);
    }
  }

  @ParameterizedTest
  @MethodSource("approximateIndexes")
  void deletedAndReplacedRecordsNeverComeBackAndCompactionKeepsTheRest(IndexOptions index) {
    EmbeddedVectorStore store = filled(index);
    // Delete 40% (beyond the compaction threshold) in steps, replace some others with new vectors.
    List<String> deleted = IntStream.range(0, N).filter(i -> i % 5 < 2).mapToObj(i -> "r" + i).toList();
    for (int from = 0; from < deleted.size(); from += 400) {
      store.delete(deleted.subList(from, Math.min(deleted.size(), from + 400)));
    }
    assertThat(store.deleteWhere(Filter.eq("bucket", 99))).isEqualTo(50); // 99 % 5 == 4: none deleted yet
    store.upsert(List.of(TestRecords.numbered(0, QUERIES[0]), TestRecords.numbered(3, QUERIES[1])));
    assertThat(store.count()).isEqualTo(N - deleted.size() - 50 + 1); // r0 was deleted, r3 replaced
    Set<String> gone = new HashSet<>(deleted);
    gone.remove("r0");
    for (float[] q : QUERIES) {
      List<SearchHit> hits = store.search(SearchRequest.builder(q).maxResults(20).build());
      assertThat(hits).hasSize(20).noneMatch(h -> gone.contains(h.id()))
          .noneMatch(h -> h.chunk().metadata().asMap().get("bucket").equals(99L));
    }
    assertThat(store.search(SearchRequest.builder(QUERIES[0]).maxResults(1).build()).get(0).id()).isEqualTo("r0");
    assertThat(store.search(SearchRequest.builder(QUERIES[1]).maxResults(1).build()).get(0).id()).isEqualTo("r3");
    assertThat(recall(store, null, 10)).isGreaterThan(0.9);
  }

  @Test
  void aReopenedStoreKeepsItsGraphAndAnswersTheSame(@TempDir Path dir) {
    List<List<String>> before = new ArrayList<>();
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(dir).build()) {
      List<VectorRecord> records = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        records.add(TestRecords.numbered(i, VECTORS[i]));
      }
      store.upsert(records);
      store.delete(List.of("r1", "r2", "r3"));
      for (float[] q : QUERIES) {
        before.add(store.search(SearchRequest.builder(q).maxResults(10).build()).stream().map(SearchHit::id).toList());
      }
    }
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(DIM).folder(dir).build()) {
      assertThat(reopened.count()).isEqualTo(2997);
      for (int i = 0; i < QUERIES.length; i++) {
        assertThat(reopened.search(SearchRequest.builder(QUERIES[i]).maxResults(10).build()))
            .extracting(SearchHit::id).containsExactlyElementsOf(before.get(i));
      }
    }
    // Other graph options: the index is rebuilt once, and results stay good.
    try (EmbeddedVectorStore rebuilt = EmbeddedVectorStore.builder(DIM)
        .index(HnswOptions.builder().m(8).build()).folder(dir).build()) {
      assertThat(rebuilt.count()).isEqualTo(2997);
      assertThat(recall(rebuilt, null, 10)).isGreaterThan(0.85);
    }
    try (EmbeddedVectorStore asIvf = EmbeddedVectorStore.builder(DIM)
        .index(IvfOptions.builder().trainingThreshold(1000).build()).folder(dir).build()) {
      assertThat(asIvf.index()).isInstanceOf(IvfOptions.class);
      assertThat(recall(asIvf, null, 10)).isGreaterThan(0.85);
    }
  }
}
