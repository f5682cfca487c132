package dev.quarry.rag.retrieval;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.TunableVectorStore;
import dev.quarry.api.store.VectorStore;
import java.util.List;
import java.util.Optional;

/**
 * A retriever's searches of one vector store, with the search effort a query carries or the retriever's own:
 * options reach the store only when it is a {@link TunableVectorStore}, and are refused, naming the store, when it
 * is not.
 */
final class VectorSearch {
  private final VectorStore store;
  private final Optional<SearchOptions> defaults;

  /**
   * @throws IllegalArgumentException if {@code defaults} is present and the store takes no search options
   */
  VectorSearch(VectorStore store, Optional<SearchOptions> defaults) {
    this.store = store;
    this.defaults = defaults;
    defaults.ifPresent(options -> requireTunable(options));
  }

  /**
   * The store's hits for {@code request}, searched with the query's options, else the defaults, if any; an
   * unmodifiable list, as a retriever returns, whatever list the store gives.
   */
  List<SearchHit> search(SearchRequest request, Query query) {
    Optional<SearchOptions> options = query.searchOptions().or(() -> defaults);
    if (options.isEmpty()) {
      return List.copyOf(store.search(request));
    }
    return List.copyOf(requireTunable(options.get()).search(request, options.get()));
  }

  private TunableVectorStore requireTunable(SearchOptions options) {
    if (store instanceof TunableVectorStore tunable) {
      return tunable;
    }
    throw new IllegalArgumentException("the vector store " + store.getClass().getSimpleName() + " takes no search"
        + " options (" + options + "); it does not implement TunableVectorStore");
  }
}
