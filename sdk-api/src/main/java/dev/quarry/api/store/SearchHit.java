package dev.quarry.api.store;

import static dev.quarry.api.internal.Checks.requireNonNull;

import dev.quarry.api.document.Chunk;

/**
 * One result of a search or a retrieval: a chunk and its score. Higher scores are better; what a score means
 * (cosine similarity, negated distance, BM25, a fused rank score) depends on who produced it, so scores are
 * comparable only within one result list.
 *
 * <p>Immutable and thread-safe.
 */
public record SearchHit(Chunk chunk, double score) {
  public SearchHit {
    requireNonNull(chunk, "hit chunk");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("hit score must not be NaN (chunk '" + chunk.id() + "')");
    }
  }

  /** The chunk id. */
  public String id() {
    return chunk.id();
  }
}
