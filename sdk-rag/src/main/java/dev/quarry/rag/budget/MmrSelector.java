package dev.quarry.rag.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maximal marginal relevance: reorders candidates so that each next one is relevant but unlike those chosen
 * before it, and sets aside those too close to a chosen one.
 *
 * <p>Steps: (1) scale scores to {@code [0, 1]} over the candidates (all equal scores count as 1); (2) repeatedly
 * take the candidate maximising {@code lambda * relevance - (1 - lambda) * maxSimilarityToChosen}, ties to the
 * more relevant; (3) if that candidate's similarity to a chosen one reaches the threshold, mark it redundant
 * instead of choosing it. Immutable and thread-safe.
 */
final class MmrSelector {
  private final double lambda;
  private final double threshold;
  private final PassageSimilarity similarity;

  MmrSelector(double lambda, double threshold, PassageSimilarity similarity) {
    this.lambda = lambda;
    this.threshold = threshold;
    this.similarity = similarity;
  }

  /** The chosen candidates in selection order; the others are marked {@link HitStatus#REDUNDANT}. */
  List<Candidate> select(List<Candidate> byRelevance) {
    int n = byRelevance.size();
    if (n <= 1) {
      return byRelevance;
    }
    double[][] sim = similarity.pairwise(byRelevance.stream().map(Candidate::text).toList());
    double[] relevance = scaled(byRelevance);
    double[] maxSim = new double[n];
    int[] closest = new int[n];
    boolean[] done = new boolean[n];
    List<Candidate> chosen = new ArrayList<>();
    for (int round = 0; round < n; round++) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double value = lambda * relevance[i] - (1 - lambda) * maxSim[i];
        if (!done[i] && value > bestValue) {
          best = i;
          bestValue = value;
        }
      }
      done[best] = true;
      Candidate candidate = byRelevance.get(best);
      if (!chosen.isEmpty() && maxSim[best] >= threshold) {
        candidate.dropAsRedundant(
            byRelevance.get(closest[best]),
            String.format(Locale.ROOT, "similarity %.3f to a chosen passage reaches the threshold %.3f",
                maxSim[best], threshold));
        continue;
      }
      chosen.add(candidate);
      for (int i = 0; i < n; i++) {
        if (!done[i] && sim[best][i] > maxSim[i]) {
          maxSim[i] = sim[best][i];
          closest[i] = best;
        }
      }
    }
    return chosen;
  }

  private static double[] scaled(List<Candidate> candidates) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Candidate c : candidates) {
      min = Math.min(min, c.score());
      max = Math.max(max, c.score());
    }
    double[] scaled = new double[candidates.size()];
    for (int i = 0; i < scaled.length; i++) {
      double s = candidates.get(i).score();
      scaled[i] = max > min && Double.isFinite(max - min) ? (s - min) / (max - min) : 1;
    }
    return scaled;
  }
}
