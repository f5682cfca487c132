package dev.quarry.bench.ann;

import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recall and speed of filtered search on the Quarry HNSW store: every base vector {@code i} carries the metadata
 * {@code bucket = i % 100}, and queries ask for the 10 nearest with {@code bucket < 50} (50% of the records
 * match), {@code bucket < 10} (10%) and {@code bucket < 1} (1%, below the store's 5% threshold, so answered by
 * exact search over the matching records). The truth for each query is the store's own exact filtered search
 * ({@link SearchOptions#exactSearch()}); recall@10 compares the default search (efSearch 64) with it.
 */
final class FilteredSearch {
  static final int[] BUCKETS_BELOW = {50, 10, 1};

  private FilteredSearch() {}

  static Metadata metadata(int i) {
    return Metadata.of(Map.of("bucket", i % 100));
  }

  /** One filter's figures. */
  record Row(String filter, double selectivity, double recall, double qps, int hitsShort) {}

  static List<Row> measure(EmbeddedVectorStore store, float[][] queries, int k) {
    List<Row> rows = new ArrayList<>();
    for (int below : BUCKETS_BELOW) {
      Filter filter = Filter.lt("bucket", below);
      double recall = 0;
      int hitsShort = 0;
      for (float[] q : queries) {
        SearchRequest request = SearchRequest.builder(q).maxResults(k).filter(filter).build();
        Set<String> truth = new HashSet<>();
        for (SearchHit hit : store.search(request, SearchOptions.exactSearch())) {
          truth.add(hit.id());
        }
        List<SearchHit> found = store.search(request);
        if (found.size() < k) {
          hitsShort++;
        }
        recall += found.stream().filter(h -> truth.contains(h.id())).count() / (double) truth.size();
      }
      long start = System.nanoTime();
      int done = 0;
      while (System.nanoTime() - start < 1_000_000_000L || done < queries.length) {
        for (float[] q : queries) {
          store.search(SearchRequest.builder(q).maxResults(k).filter(filter).build());
        }
        done += queries.length;
      }
      double qps = done / ((System.nanoTime() - start) / 1e9);
      rows.add(new Row("bucket < " + below, below / 100.0, recall / queries.length, qps, hitsShort));
    }
    return rows;
  }

  static void print(List<Row> rows) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-22s %11s %10s %10s %12s%n", "filtered quarry-hnsw", "selectivity",
        "recall@10", "QPS 1t", "short pages");
    for (Row row : rows) {
      System.out.printf(Locale.ROOT, "%-22s %10.0f%% %10.4f %10.1f %12d%n", row.filter(), row.selectivity() * 100,
          row.recall(), row.qps(), row.hitsShort());
    }
  }
}
