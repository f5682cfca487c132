package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filtered search answered from the metadata bitmaps gives the same hits as from the records' metadata, on the
 * exact path (selective filters) and on the graph walk (broad ones), with replaced and deleted records, after a
 * compaction, and after reopening a folder (the bitmaps are rebuilt from the records).
 */
class FilteredSearchWithBitmapsTest {
  private static final int DIM = 16;
  private static final int N = 4000;

  private static final List<Filter> FILTERS = List.of(
      Filter.eq("bucket", 7),                                            // 1%: exact path
      Filter.lt("bucket", 3),                                            // 3%
      Filter.lt("bucket", 30),                                           // 30%: graph walk
      Filter.and(Filter.eq("parity", "even"), Filter.gte("bucket", 50)), // 25%
      Filter.or(Filter.eq("bucket", 1), Filter.in("tenant", List.of("t2", "t3"))),
      Filter.not(Filter.eq("parity", "odd")),
      Filter.and(Filter.lt("bucket", 20), Filter.eq("unindexed", "u1")),  // bitmap bounds, records checked
      Filter.eq("missing", "x"));                                        // no record has the key

  @Test
  void bitmapsGiveTheSameHitsAsReadingTheMetadata(@TempDir Path folder) {
    float[][] vectors = TestRecords.clustered(N + 500, DIM, 31);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      records.add(record(i, vectors[i]));
    }
    // One build thread: both stores get the same graph, so even the walk must agree hit for hit.
    IndexOptions hnsw = HnswOptions.builder().buildThreads(1).build();
    try (EmbeddedVectorStore withBitmaps = EmbeddedVectorStore.builder(DIM).index(hnsw).folder(folder)
            .metadataIndexing(MetadataIndexing.keys("bucket", "parity", "tenant", "missing")).build();
        EmbeddedVectorStore without = EmbeddedVectorStore.builder(DIM).index(hnsw)
            .metadataIndexing(MetadataIndexing.none()).build()) {
      for (EmbeddedVectorStore store : List.of(withBitmaps, without)) {
        store.upsert(records);
        // Replace 500 records (new vectors), delete every 4th: tombstones pass a quarter of the ordinals, so the
        // table is compacted and the bitmaps rebuilt.
        List<VectorRecord> replaced = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          replaced.add(record(i * 3, vectors[N + i]));
        }
        store.upsert(replaced);
        List<String> gone = new ArrayList<>();
        for (int i = 1; i < N; i += 4) {
          gone.add("r" + i);
        }
        store.delete(gone);
        store.deleteWhere(Filter.eq("bucket", 42));
      }
      assertSameHits(withBitmaps, without, vectors);
    }
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(DIM).index(hnsw).folder(folder)
            .metadataIndexing(MetadataIndexing.allKeys()).build();
        EmbeddedVectorStore reference = EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact())
            .metadataIndexing(MetadataIndexing.none()).build()) {
      reference.upsert(reopened.get(allIds()));
      assertThat(reopened.count()).isEqualTo(reference.count());
      for (Filter filter : FILTERS) {
        for (int q = 0; q < 20; q++) {
          SearchRequest request = SearchRequest.builder(vectors[q * 37]).maxResults(500).filter(filter).build();
          assertThat(ids(reopened.search(request, dev.quarry.api.store.SearchOptions.exactSearch())))
              .as("reopened, exact, %s", filter).isEqualTo(ids(reference.search(request)));
        }
      }
    }
  }

  private static void assertSameHits(EmbeddedVectorStore a, EmbeddedVectorStore b, float[][] vectors) {
    for (Filter filter : FILTERS) {
      for (int q = 0; q < 40; q++) {
        SearchRequest request = SearchRequest.builder(vectors[q * 101]).maxResults(10).filter(filter).build();
        assertThat(ids(a.search(request))).as("%s, query %d", filter, q).isEqualTo(ids(b.search(request)));
      }
    }
  }

  private static VectorRecord record(int i, float[] vector) {
    return TestRecords.record("r" + i, Map.of("bucket", (i * 7 + vector.length) % 100, "parity",
        i % 2 == 0 ? "even" : "odd", "tenant", "t" + (i % 5), "unindexed", "u" + (i % 3)), vector);
  }

  private static List<String> allIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      ids.add("r" + i);
    }
    return ids;
  }

  private static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).toList();
  }
}
