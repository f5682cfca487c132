package dev.quarry.rag.retrieval;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.SearchHit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Fusion#convex} and {@link Fusion#weighted}: a chunk scores {@code Σ weight[i] × norm_i(chunk)}, where
 * {@code norm_i} is list {@code i}'s normalised score, or that list's {@linkplain Normalization floor} if the list
 * lacks the chunk. Immutable and thread-safe.
 */
final class ConvexFusion implements Fusion {
  private final Normalization normalization;
  private final double[] weights; // sum to 1

  private ConvexFusion(Normalization normalization, double[] weights) {
    this.normalization = normalization;
    this.weights = weights;
  }

  static ConvexFusion of(Normalization normalization, double... weights) {
    if (normalization == null) {
      throw new IllegalArgumentException("normalization must not be null (MIN_MAX or Z_SCORE)");
    }
    if (weights == null || weights.length < 2) {
      throw new IllegalArgumentException(
          "convex fusion needs a weight for each of at least two lists, got "
              + (weights == null ? "null" : Arrays.toString(weights)));
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "fusion weights must be finite and >= 0, got " + Arrays.toString(weights));
      }
      sum += w;
    }
    if (sum == 0) {
      throw new IllegalArgumentException("fusion weights must not all be 0");
    }
    double[] scaled = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      scaled[i] = weights[i] / sum;
    }
    return new ConvexFusion(normalization, scaled);
  }

  /** How many lists this fusion weighs. */
  int lists() {
    return weights.length;
  }

  @Override
  public List<SearchHit> fuse(List<? extends List<SearchHit>> rankings) {
    return fuseDistinct(RankedLists.distinct(rankings));
  }

  /** {@link #fuse} of lists already checked and de-duplicated by {@link RankedLists#distinct}. */
  List<SearchHit> fuseDistinct(List<List<SearchHit>> lists) {
    if (lists.size() != weights.length) {
      throw new IllegalArgumentException(
          "convex fusion weighs " + weights.length + " lists but got " + lists.size());
    }
    Map<String, Chunk> chunks = RankedLists.union(lists);
    Map<String, Double> scores = new HashMap<>();
    for (int i = 0; i < lists.size(); i++) {
      List<SearchHit> list = lists.get(i);
      double[] normalized = normalization.normalize(finiteScores(list, i));
      double floor = normalization.floor(normalized);
      Map<String, Double> byId = new HashMap<>();
      for (int j = 0; j < list.size(); j++) {
        byId.put(list.get(j).id(), normalized[j]);
      }
      double weight = weights[i];
      for (String id : chunks.keySet()) {
        scores.merge(id, weight * byId.getOrDefault(id, floor), Double::sum);
      }
    }
    return RankedLists.bestFirst(chunks, scores);
  }

  private static double[] finiteScores(List<SearchHit> list, int index) {
    double[] scores = new double[list.size()];
    for (int j = 0; j < scores.length; j++) {
      SearchHit hit = list.get(j);
      if (Double.isInfinite(hit.score())) {
        throw new IllegalArgumentException(
            "convex fusion needs finite scores, but list " + index + " scores chunk '" + hit.id() + "' "
                + hit.score());
      }
      scores[j] = hit.score();
    }
    return scores;
  }

  @Override
  public String toString() {
    return "Fusion.weighted(" + normalization + ", " + Arrays.toString(weights) + ")";
  }
}
