package dev.quarry.examples.cli;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.Fusion;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.rag.retrieval.Normalization;

/** The retrievers the CLI offers, by short name, and how each is built over a store's two indexes. */
enum RetrieverChoice {
  DENSE("dense"),
  BM25("bm25"),
  HYBRID("hybrid");

  /**
   * How the hybrid retriever merges the dense and BM25 lists, for search, ask and eval alike: equal weights on
   * z-score normalised scores (the dense leg is first). {@code bench/run retrieval} chose it on the SciFact train
   * judgments, over RRF and convex fusions with other weights (docs/benchmarks.md).
   */
  static final Fusion HYBRID_FUSION = Fusion.convex(0.5, Normalization.Z_SCORE);

  final String label;

  RetrieverChoice(String label) {
    this.label = label;
  }

  /** Whether this retriever reads the keyword index. */
  boolean needsKeywords() {
    return this != DENSE;
  }

  /**
   * The retriever over {@code vectors} (filled by {@code model}) and {@code keywords}.
   *
   * @param keywords the BM25 index, or null for a dense retriever
   */
  Retriever over(EmbeddingModel model, VectorStore vectors, Bm25Index keywords) {
    if (needsKeywords() && keywords == null) {
      throw new IllegalStateException(label + " retrieval needs a keyword index");
    }
    return switch (this) {
      case DENSE -> DenseRetriever.builder(model, vectors).build();
      case BM25 -> Bm25Retriever.builder(keywords).build();
      case HYBRID -> HybridRetriever.builder(
              DenseRetriever.builder(model, vectors).build(), Bm25Retriever.builder(keywords).build())
          .fusion(HYBRID_FUSION)
          .build();
    };
  }

  /** A short description for settings lines, e.g. {@code hybrid (dense + bm25, Fusion.rrf(60))}. */
  String describe() {
    return this == HYBRID ? label + " (dense + bm25, " + HYBRID_FUSION + ")" : label;
  }

  @Override
  public String toString() {
    return label;
  }

  /** Parses the short name given on the command line. */
  static final class Converter implements picocli.CommandLine.ITypeConverter<RetrieverChoice> {
    @Override
    public RetrieverChoice convert(String value) {
      for (RetrieverChoice choice : values()) {
        if (choice.label.equalsIgnoreCase(value)) {
          return choice;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "unknown retriever '" + value + "'; choose dense, bm25 or hybrid");
    }
  }
}
