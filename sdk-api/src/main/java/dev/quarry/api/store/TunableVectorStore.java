package dev.quarry.api.store;

import java.util.List;

/**
 * A {@link VectorStore} whose searches take a per-query effort: how wide an HNSW walk is, how many IVF lists are
 * scanned, or an exact search past the index. A capability, not a default: a store that cannot honour {@link
 * SearchOptions} does not implement this interface, and a retriever given options for such a store refuses them
 * when it is built or asked.
 *
 * <p>Implementations must be thread-safe, as {@link VectorStore} requires.
 */
public interface TunableVectorStore extends VectorStore {

  /**
   * The best hits for {@code request}, best first, searched with {@code options} instead of the index defaults.
   * {@code search(request, SearchOptions.defaults())} is {@link #search(SearchRequest) search(request)}.
   */
  List<SearchHit> search(SearchRequest request, SearchOptions options);
}
