package dev.quarry.api.rerank;

import java.util.List;

/**
 * Scores how well each passage answers a query, reading both together (a cross-encoder), which ranks better than
 * comparing two separately made embeddings but costs a model call per passage. Used to re-order the few dozen
 * hits a retriever found.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Reranker {

  /**
   * One relevance score per passage, in the order given; higher is more relevant. Scores are comparable within one
   * call only.
   *
   * @throws IllegalArgumentException if {@code query} is null or blank, or {@code passages} is null or holds a null
   */
  float[] score(String query, List<String> passages);
}
