package dev.quarry.api.retrieval;

import dev.quarry.api.store.SearchHit;
import java.util.List;

/**
 * Finds the chunks most relevant to a query. Dense, BM25, hybrid, multi-query and HyDE retrievers all implement
 * this one method, so they wrap and combine each other.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Retriever {

  /** At most {@code query.maxResults()} hits, best first, each matching the query's filter. */
  List<SearchHit> retrieve(Query query);
}
