package dev.quarry.vectorstore;

/**
 * Which index an {@link EmbeddedVectorStore} searches with, and its parameters.
 *
 * <ul>
 *   <li>{@link #exact()}: every stored vector is scored; recall 1.0, time linear in the store size. Best below a
 *       few tens of thousands of vectors, or when exact results are a requirement.
 *   <li>{@link #hnsw()}: a navigable small-world graph ({@link HnswOptions}); the default. Sub-linear search with
 *       high recall, incremental inserts, a graph kept in the snapshot so reopening does not rebuild it.
 *   <li>{@link #ivf()}: an inverted file of k-means clusters ({@link IvfOptions}), optionally with int8 scalar
 *       quantization and exact re-ranking; cheap to build, compact, and fast on large stores.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface IndexOptions permits IndexOptions.Exact, HnswOptions, IvfOptions {

  /** Brute force: every vector is scored for every query. */
  static Exact exact() {
    return Exact.INSTANCE;
  }

  /** HNSW with default parameters ({@link HnswOptions#builder()} to change them). */
  static HnswOptions hnsw() {
    return HnswOptions.builder().build();
  }

  /** IVF with default parameters ({@link IvfOptions#builder()} to change them). */
  static IvfOptions ivf() {
    return IvfOptions.builder().build();
  }

  /** The exact (flat) index; it has no parameters. */
  enum Exact implements IndexOptions {
    INSTANCE;

    @Override
    public String toString() {
      return "exact";
    }
  }
}
