package dev.quarry.vectorstore;

import dev.quarry.api.store.Metric;
import dev.quarry.vectorstore.internal.filter.MetadataIndex;
import dev.quarry.vectorstore.internal.index.ExactIndex;
import dev.quarry.vectorstore.internal.index.HnswIndex;
import dev.quarry.vectorstore.internal.index.IvfIndex;
import dev.quarry.vectorstore.internal.index.Similarity;
import dev.quarry.vectorstore.internal.index.VectorIndex;
import dev.quarry.vectorstore.internal.index.VectorSet;
import dev.quarry.vectorstore.internal.storage.MappedRows;
import java.io.DataInput;
import java.io.IOException;

/**
 * Creates the indexes of a table: the vector index an {@link IndexOptions} describes (or reads one back from a
 * snapshot; a stored index built with other options than the requested ones is reported as {@code null} so the
 * store rebuilds it), and the metadata index {@link MetadataIndexing} describes ({@code metadata} null: the one a
 * snapshot saved, else {@link MetadataIndexing#allKeys()}).
 */
record IndexFactory(IndexOptions options, Metric metric, MetadataIndexing metadata) {

  /** Vector index options with the metadata indexing a snapshot saved, else the default. */
  IndexFactory(IndexOptions options, Metric metric) {
    this(options, metric, null);
  }

  /** An empty metadata index of the requested keys, else of every key. */
  MetadataIndex createMetadataIndex() {
    return (metadata == null ? MetadataIndexing.allKeys() : metadata).newIndex();
  }

  /** Whether a metadata index read from a snapshot may be used: none was requested, or the same keys. */
  boolean accepts(MetadataIndex stored) {
    return metadata == null || metadata.describes(stored);
  }

  VectorIndex create(VectorSet vectors) {
    return switch (options) {
      case IndexOptions.Exact exact -> new ExactIndex(vectors, Similarity.of(metric));
      case HnswOptions hnsw -> new HnswIndex(vectors, Similarity.of(metric), hnsw);
      case IvfOptions ivf -> new IvfIndex(vectors, metric, ivf);
    };
  }

  /** The kind name written in snapshots. */
  String kind() {
    return switch (options) {
      case IndexOptions.Exact exact -> "exact";
      case HnswOptions hnsw -> "hnsw";
      case IvfOptions ivf -> "ivf";
    };
  }

  /**
   * Reads a stored index of {@code storedKind} over {@code vectors} and its int8 {@code codes} (empty when it has
   * none, or when they are to be encoded again), consuming its bytes whatever happens, and returns it when it
   * matches the requested options, else {@code null}.
   */
  VectorIndex read(String storedKind, DataInput in, VectorSet vectors, MappedRows codes) throws IOException {
    Similarity similarity = Similarity.of(metric);
    VectorIndex stored = switch (storedKind) {
      case "exact" -> {
        ExactIndex exact = new ExactIndex(vectors, similarity);
        exact.addUpTo(vectors.size());
        yield exact;
      }
      case "hnsw" -> HnswIndex.read(in, vectors, similarity,
          options instanceof HnswOptions hnsw ? hnsw : HnswOptions.builder().build(), codes);
      case "ivf" -> IvfIndex.read(in, vectors, metric,
          options instanceof IvfOptions ivf ? ivf : IvfOptions.builder().build(), codes);
      default -> throw new IOException("unknown index kind '" + storedKind + "'");
    };
    boolean matches = switch (options) {
      case IndexOptions.Exact exact -> stored instanceof ExactIndex;
      case HnswOptions hnsw -> stored instanceof HnswIndex graph
          && graph.options().m() == hnsw.m() && graph.options().efConstruction() == hnsw.efConstruction();
      case IvfOptions ivf -> stored instanceof IvfIndex lists
          && lists.quantized() == (ivf.quantization() == Quantization.INT8)
          && (ivf.nlist() == 0 || lists.nlist() == 0 || lists.nlist() == Math.min(ivf.nlist(), vectors.size()));
    };
    return matches ? stored : null;
  }
}
