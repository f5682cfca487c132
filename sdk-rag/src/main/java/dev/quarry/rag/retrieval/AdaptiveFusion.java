package dev.quarry.rag.retrieval;

import dev.quarry.api.store.SearchHit;
import java.util.List;

/**
 * {@link Fusion#adaptive()}: convex fusion of a dense list and a keyword list under z-scores, whose dense weight is
 * set for each query from how sharply each list picks out its top hit. No judgments are needed: the weight is read
 * from the two lists the query brought back.
 *
 * <p>The signal is {@code x = ln(k₁ / k₁₀) − ln((1 − c₁₀) / (1 − c₁))}, where {@code k₁} and {@code k₁₀} are the
 * keyword list's first and tenth scores (BM25), and {@code c₁} and {@code c₁₀} the dense list's (cosine
 * similarities). The first term is large when a few documents share the query's rare terms and the rest do not,
 * which is when BM25 knows what it found. It is small when many documents match the terms about equally, which is
 * when it cannot tell them apart. The second term is the same ratio for the dense list's cosine distances. The dense
 * weight is {@code α = σ(BIAS − SLOPE · x)}: a logistic, so it stays strictly between 0 and 1. Both constants were
 * chosen once, on SciFact's train judgments with two encoders (MiniLM and bge-small), and never on a test set. The
 * idea is that of query-performance predictors read off score distributions (Zhou and Croft's WIG, SIGIR 2007;
 * Shtok et al.'s NQC, TOIS 2012), used to weigh the fusion per query. How it was chosen, and what it gives on each
 * collection, is in {@code docs/evaluation.md}.
 *
 * <p>When the signal cannot be read, the weight is {@code σ(BIAS)}, the weight for two equally sharp lists. That
 * happens when either list has fewer than {@value #RANK} hits, a keyword score is not above 0, or a dense score is
 * not a cosine similarity, which lies in [-1, 1].
 *
 * <p>Immutable and thread-safe.
 */
final class AdaptiveFusion implements Fusion {
  /** The weight's logit for two equally sharp lists: σ(1.0) ≈ 0.73 on the dense list. */
  static final double BIAS = 1.0;
  /** How far the weight moves per unit of the signal. */
  static final double SLOPE = 3.0;
  /** The rank whose score the first is compared with. */
  static final int RANK = 10;
  /** The smallest cosine distance counted, so that a dense hit identical to the query does not divide by zero. */
  private static final double MIN_DISTANCE = 1e-6;

  static final AdaptiveFusion INSTANCE = new AdaptiveFusion();

  private AdaptiveFusion() {}

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException also if {@code rankings} does not hold exactly two lists, dense first
   */
  @Override
  public List<SearchHit> fuse(List<? extends List<SearchHit>> rankings) {
    List<List<SearchHit>> lists = RankedLists.distinct(rankings);
    if (lists.size() != 2) {
      throw new IllegalArgumentException("adaptive fusion weighs two lists, a dense one then a keyword one, but got "
          + lists.size());
    }
    double alpha = denseWeight(lists.get(0), lists.get(1));
    return ConvexFusion.of(Normalization.Z_SCORE, alpha, 1 - alpha).fuseDistinct(lists);
  }

  /** The dense list's weight for this query. */
  static double denseWeight(List<SearchHit> dense, List<SearchHit> keyword) {
    return 1 / (1 + Math.exp(-(BIAS - SLOPE * signal(dense, keyword))));
  }

  /** How much more sharply the keyword list picks out its top hit than the dense list does; 0 if unreadable. */
  static double signal(List<SearchHit> dense, List<SearchHit> keyword) {
    if (dense.size() < RANK || keyword.size() < RANK) {
      return 0;
    }
    double k1 = keyword.get(0).score();
    double k10 = keyword.get(RANK - 1).score();
    double c1 = dense.get(0).score();
    double c10 = dense.get(RANK - 1).score();
    if (!(k10 > 0 && k1 >= k10 && Double.isFinite(k1)) || !isCosine(c1) || !isCosine(c10) || c1 < c10) {
      return 0;
    }
    double keywordSharpness = Math.log(k1 / k10);
    double denseSharpness = Math.log((1 - c10) / Math.max(MIN_DISTANCE, 1 - c1));
    return keywordSharpness - denseSharpness;
  }

  private static boolean isCosine(double score) {
    return score >= -1 && score <= 1;
  }

  @Override
  public String toString() {
    return "Fusion.adaptive()";
  }
}
