package dev.quarry.rag.pipeline;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double for {@link Retriever}, not a search: returns the same hits for every query and records the
 * queries it was given. Thread-safe.
 */
final class FixedTestRetriever implements Retriever {
  private final List<SearchHit> hits;
  private final List<Query> queries = new CopyOnWriteArrayList<>();

  FixedTestRetriever(List<SearchHit> hits) {
    this.hits = List.copyOf(hits);
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    queries.add(query);
    return hits;
  }

  List<Query> queries() {
    return List.copyOf(queries);
  }
}
