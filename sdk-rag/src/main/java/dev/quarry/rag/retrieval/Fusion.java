package dev.quarry.rag.retrieval;

import dev.quarry.api.store.SearchHit;
import java.util.List;

/**
 * Merges several ranked hit lists (one per retriever, or one per rewritten query) into one, so that a chunk found
 * near the top of several lists beats one found by a single list.
 *
 * <ul>
 *   <li>{@link #rrf(int) Reciprocal rank fusion} uses positions only: a chunk scores {@code Σ 1 / (k + rank)} over
 *       the lists that hold it (ranks from 1). It needs no tuning and ignores how differently the lists score.
 *   <li>{@link #convex(double, Normalization) Convex fusion} uses scores: each list's scores are {@linkplain
 *       Normalization normalised}, then a chunk scores {@code Σ weight × normalised score}, where a list that
 *       lacks the chunk contributes its floor (0 under min-max). It can beat RRF once the weight is tuned on
 *       one's own data.
 *   <li>{@link #adaptive() Adaptive fusion} is convex fusion of a dense and a keyword list under z-scores, whose
 *       dense weight is set per query from how sharply each list picks out its top hit: no tuning, no judgments.
 * </ul>
 *
 * <p>The fused list holds each chunk id once (a list that names a chunk twice counts its first place), best first;
 * equal fused scores are ordered by chunk id, so the result does not depend on map iteration or thread timing. A
 * hit's score is its fused score, comparable only within one fused list.
 *
 * <p>All fusions are immutable and thread-safe.
 */
public sealed interface Fusion permits ReciprocalRankFusion, ConvexFusion, AdaptiveFusion {
  /** The RRF constant of the original paper (Cormack et al., 2009); larger values flatten the rank curve. */
  int DEFAULT_RRF_K = 60;

  /** Reciprocal rank fusion with {@code k =} {@value #DEFAULT_RRF_K}. */
  static Fusion rrf() {
    return new ReciprocalRankFusion(DEFAULT_RRF_K);
  }

  /**
   * Reciprocal rank fusion: a chunk scores {@code Σ 1 / (k + rank)}.
   *
   * @throws IllegalArgumentException if {@code k} is not positive
   */
  static Fusion rrf(int k) {
    return new ReciprocalRankFusion(k);
  }

  /**
   * Convex fusion of exactly two lists: {@code alpha × norm(first) + (1 - alpha) × norm(second)}. In a hybrid
   * retriever, pass the dense leg first: {@code alpha} is then the weight of meaning against keywords.
   *
   * @throws IllegalArgumentException if {@code alpha} is outside [0, 1] or {@code normalization} is null
   */
  static Fusion convex(double alpha, Normalization normalization) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
    }
    return ConvexFusion.of(normalization, new double[] {alpha, 1 - alpha});
  }

  /**
   * Convex fusion of as many lists as weights: {@code Σ weight[i] × norm(list i)}. Weights are scaled to sum to
   * 1, so {@code (1, 1, 2)} means {@code (0.25, 0.25, 0.5)}.
   *
   * @throws IllegalArgumentException if fewer than two weights are given, one is negative or not finite, they sum
   *     to zero, or {@code normalization} is null
   */
  static Fusion weighted(Normalization normalization, double... weights) {
    return ConvexFusion.of(normalization, weights);
  }

  /**
   * Convex fusion of a dense list (cosine similarities) and a keyword list (BM25 scores), in that order, under
   * z-scores, with the dense weight set for each query from the two lists: towards the keyword list when it picks out
   * its top hit more sharply than the dense list does (a few documents share the query's rare terms), towards the
   * dense list when it does not (many documents match the terms about equally). See {@code docs/evaluation.md} for
   * how it compares with fixed weights on five collections.
   */
  static Fusion adaptive() {
    return AdaptiveFusion.INSTANCE;
  }

  /**
   * The fused list: every chunk of every list once, best first.
   *
   * @param rankings the lists to merge, each best first; any may be empty
   * @throws IllegalArgumentException if {@code rankings} or a list in it is null or holds null, if a convex fusion
   *     gets a different number of lists than it has weights, or a convex fusion meets an infinite score
   */
  List<SearchHit> fuse(List<? extends List<SearchHit>> rankings);
}
