package dev.quarry.rag.eval;

import java.util.List;
import java.util.Map;

/**
 * The ranking metrics of one query, as trec_eval and BEIR define them: {@code ranked} is the retrieved document
 * ids best first (no duplicates), {@code grades} the judged ones (grade above zero = relevant).
 */
final class RankingMetrics {
  private RankingMetrics() {}

  /** nDCG@k with the grade as gain and a log2(rank + 1) discount; 0 when nothing judged is relevant. */
  static double ndcg(List<String> ranked, Map<String, Integer> grades, int k) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      dcg += grades.getOrDefault(ranked.get(i), 0) / log2(i + 2);
    }
    int[] ideal = grades.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).mapToInt(Integer::intValue)
        .toArray();
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.length); i++) {
      idcg += ideal[i] / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  /** Share of the relevant documents found in the top k. */
  static double recall(List<String> ranked, Map<String, Integer> grades, int k) {
    long relevant = relevantCount(grades);
    if (relevant == 0) {
      return 0;
    }
    long found = ranked.stream().limit(k).filter(id -> grades.getOrDefault(id, 0) > 0).count();
    return (double) found / relevant;
  }

  /** 1 / rank of the first relevant document in the top k, 0 if none. */
  static double reciprocalRank(List<String> ranked, Map<String, Integer> grades, int k) {
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (grades.getOrDefault(ranked.get(i), 0) > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  /** Average precision over the top k: the mean, over all relevant documents, of precision at each one's rank. */
  static double averagePrecision(List<String> ranked, Map<String, Integer> grades, int k) {
    long relevant = relevantCount(grades);
    if (relevant == 0) {
      return 0;
    }
    double sum = 0;
    int found = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (grades.getOrDefault(ranked.get(i), 0) > 0) {
        found++;
        sum += (double) found / (i + 1);
      }
    }
    return sum / relevant;
  }

  private static long relevantCount(Map<String, Integer> grades) {
    return grades.values().stream().filter(g -> g > 0).count();
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
