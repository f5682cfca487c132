package dev.quarry.vectorstore;

/**
 * Per-query search effort for an {@link EmbeddedVectorStore}, overriding the index defaults: {@code efSearch}
 * for HNSW, {@code nprobe} for IVF (0 keeps the index's default), or {@code exact} to score every vector whatever
 * the index. Options that do not apply to the store's index are ignored.
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
