package dev.quarry.api.embedding;

import java.util.List;

/**
 * Turns text into dense vectors.
 *
 * <p>Documents and queries are embedded by separate methods because asymmetric models (bge, e5) expect a
 * different prefix on queries; symmetric models treat both the same. Every returned array is freshly
 * allocated and owned by the caller.
 *
 * <p>Implementations must be thread-safe: one instance is meant to be shared by all threads of an application.
 */
public interface EmbeddingModel {

  /** The length of every vector this model returns. */
  int dimension();

  /**
   * Embeds passages for indexing, in order: element {@code i} of the result belongs to {@code texts.get(i)}.
   *
   * @throws IllegalArgumentException if {@code texts} is null or holds a null or blank string
   */
  List<float[]> embedDocuments(List<String> texts);

  /**
   * Embeds a search query.
   *
   * @throws IllegalArgumentException if {@code query} is null or blank
   */
  float[] embedQuery(String query);
}
