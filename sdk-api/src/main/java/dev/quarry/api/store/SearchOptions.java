package dev.quarry.api.store;

/**
 * Per-query search effort, overriding a store's index defaults: {@code efSearch} for HNSW graphs, {@code nprobe}
 * for IVF lists (0 keeps the index's default), or {@code exact} to score every (matching) vector whatever the
 * index. A store takes them when it is a {@link TunableVectorStore}; options that do not apply to its index are
 * ignored. Retrievers carry them on the {@link dev.quarry.api.retrieval.Query}.
 *
 * <pre>{@code
 * store.search(request, SearchOptions.efSearch(200));                        // a store that is tunable
 * retriever.retrieve(Query.of("key rotation").withSearchOptions(SearchOptions.exactSearch()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param efSearch HNSW candidate list size, or 0 for the index default
 * @param nprobe IVF clusters to scan, or 0 for the index default
 * @param exact score every (matching) vector instead of using the index
 */
public record SearchOptions(int efSearch, int nprobe, boolean exact) {
  private static final SearchOptions DEFAULTS = new SearchOptions(0, 0, false);

  public SearchOptions {
    if (efSearch < 0) {
      throw new IllegalArgumentException("efSearch must be >= 0 (0: the index default), was " + efSearch);
    }
    if (nprobe < 0) {
      throw new IllegalArgumentException("nprobe must be >= 0 (0: the index default), was " + nprobe);
    }
  }

  /** The index defaults. */
  public static SearchOptions defaults() {
    return DEFAULTS;
  }

  /** HNSW with this candidate list size. */
  public static SearchOptions efSearch(int efSearch) {
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch must be >= 1, was " + efSearch);
    }
    return new SearchOptions(efSearch, 0, false);
  }

  /** IVF scanning this many clusters. */
  public static SearchOptions nprobe(int nprobe) {
    if (nprobe < 1) {
      throw new IllegalArgumentException("nprobe must be >= 1, was " + nprobe);
    }
    return new SearchOptions(0, nprobe, false);
  }

  /** Exact search, bypassing the index. */
  public static SearchOptions exactSearch() {
    return new SearchOptions(0, 0, true);
  }
}
