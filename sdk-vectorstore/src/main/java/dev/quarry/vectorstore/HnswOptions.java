package dev.quarry.vectorstore;

/**
 * Parameters of the HNSW graph index (Malkov and Yashunin, 2016).
 *
 * <p>{@code m} is the number of neighbours a node links to on the upper layers (twice that on the bottom layer);
 * {@code efConstruction} the candidate list size while inserting; {@code efSearch} the default candidate list
 * size while searching (a query may override it through {@link dev.quarry.api.store.SearchOptions}; it is raised to {@code k} when
 * smaller). Node levels are drawn from a generator seeded with {@code seed} and the node's insertion number, so
 * they never depend on timing; with {@code buildThreads(1)} the whole graph is reproducible bit for bit, with
 * more threads the links depend on which insert finishes first and recall is equivalent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param m links per node on the upper layers, 2..512 (default 16)
 * @param efConstruction candidates considered per insert, at least {@code m} (default 100)
 * @param efSearch default candidates considered per query (default 64)
 * @param seed seed of the level generator (default 42)
 * @param buildThreads threads that link a large batch into the graph (default: available processors)
 * @param quantization what searches walk the graph on (default {@link Quantization#INT8}: int8 codes, trained on
 *     a sample once the graph has 1,024 nodes, with the best candidates re-scored on the floats, so hits carry
 *     exact scores, for {@code dimension + 4} more bytes per vector; {@link Quantization#NONE} walks on the float
 *     vectors; the graph itself is always built on the floats)
 */
public record HnswOptions(
    int m, int efConstruction, int efSearch, long seed, int buildThreads, Quantization quantization)
    implements IndexOptions {
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  public static final int DEFAULT_EF_SEARCH = 64;
  public static final long DEFAULT_SEED = 42;

  public HnswOptions {
    if (m < 2 || m > 512) {
      throw new IllegalArgumentException("m must be in 2..512, was " + m);
    }
    if (efConstruction < m) {
      throw new IllegalArgumentException("efConstruction must be >= m (" + m + "), was " + efConstruction);
    }
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch must be >= 1, was " + efSearch);
    }
    if (buildThreads < 1) {
      throw new IllegalArgumentException("buildThreads must be >= 1, was " + buildThreads);
    }
    if (quantization == null) {
      throw new IllegalArgumentException("quantization must not be null");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "hnsw(m=" + m + ", efConstruction=" + efConstruction + ", efSearch=" + efSearch + ", seed=" + seed
        + ", buildThreads=" + buildThreads + ", " + quantization + ")";
  }

  /** Builds {@link HnswOptions}; values are checked by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int m = DEFAULT_M;
    private int efConstruction = DEFAULT_EF_CONSTRUCTION;
    private int efSearch = DEFAULT_EF_SEARCH;
    private long seed = DEFAULT_SEED;
    private int buildThreads = Runtime.getRuntime().availableProcessors();
    private Quantization quantization = Quantization.INT8;

    private Builder() {}

    public Builder m(int m) {
      this.m = m;
      return this;
    }

    public Builder efConstruction(int efConstruction) {
      this.efConstruction = efConstruction;
      return this;
    }

    public Builder efSearch(int efSearch) {
      this.efSearch = efSearch;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder buildThreads(int buildThreads) {
      this.buildThreads = buildThreads;
      return this;
    }

    public Builder quantization(Quantization quantization) {
      this.quantization = quantization;
      return this;
    }

    public HnswOptions build() {
      return new HnswOptions(m, efConstruction, efSearch, seed, buildThreads, quantization);
    }
  }
}
