package dev.quarry.api.embedding;

import java.util.List;
import java.util.Optional;

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

  /**
   * The tokenizer this model reads documents with and how many of its tokens it reads, if the model knows; empty
   * when it does not (a remote model, say). Splitters and the {@code Ingestor} use it to size chunks so that
   * nothing is cut off before it is embedded.
   */
  default Optional<TokenWindow> tokenWindow() {
    return Optional.empty();
  }
}
