package dev.quarry.api.retrieval;

import dev.quarry.api.store.SearchHit;
import java.util.List;

/**
 * Finds the chunks most relevant to a query. Dense, BM25, hybrid, multi-query and HyDE retrievers all implement
 * this one method, so they wrap and combine each other.
 *
 * <p>Every implementation promises (the testkit's {@code RetrieverContract} checks it):
 *
 * <ul>
 *   <li>at most {@code query.maxResults()} hits, best first (no hit scores above the one before it), each chunk
 *       at most once;
 *   <li>every hit matches the query's filter, if it has one;
 *   <li>no hits is an empty list, never null: for an empty index, for a filter no chunk matches;
 *   <li>the list is unmodifiable;
 *   <li>asking again, with nothing written in between, gives the same hits, unless the retriever asks a language
 *       model (a query rewriter, HyDE) whose answers vary;
 *   <li>a null query is refused with an {@link IllegalArgumentException}.
 * </ul>
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Retriever {

  /**
   * At most {@code query.maxResults()} hits, best first, each matching the query's filter.
   *
   * @throws IllegalArgumentException if {@code query} is null
   */
  List<SearchHit> retrieve(Query query);
}
