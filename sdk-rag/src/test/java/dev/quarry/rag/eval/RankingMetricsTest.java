package dev.quarry.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  // Retrieved d3, d1, d2; judged d1 (grade 2), d2 and d4 (grade 1), d5 (grade 0: judged, not relevant).
  private static final List<String> RANKED = List.of("d3", "d1", "d2");
  private static final Map<String, Integer> GRADES = Map.of("d1", 2, "d2", 1, "d4", 1, "d5", 0);

  @Test
  void ndcgUsesGradesAsGainsAgainstTheIdealOrder() {
    // DCG = 0 + 2/log2(3) + 1/log2(4); IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4).
    double dcg = 2 / log2(3) + 1 / log2(4);
    double idcg = 2 + 1 / log2(3) + 1 / log2(4);
    assertThat(RankingMetrics.ndcg(RANKED, GRADES, 3)).isCloseTo(dcg / idcg, within(1e-12));
    assertThat(RankingMetrics.ndcg(RANKED, GRADES, 3)).isCloseTo(0.562727, within(1e-6));
    // At k = 1 only d3 (not relevant) counts.
    assertThat(RankingMetrics.ndcg(RANKED, GRADES, 1)).isZero();
    assertThat(RankingMetrics.ndcg(List.of("d1", "d2", "d4"), GRADES, 3)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void recallCountsRelevantDocumentsFoundWithinK() {
    assertThat(RankingMetrics.recall(RANKED, GRADES, 2)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(RankingMetrics.recall(RANKED, GRADES, 10)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void reciprocalRankAndAveragePrecision() {
    assertThat(RankingMetrics.reciprocalRank(RANKED, GRADES, 10)).isEqualTo(0.5);
    assertThat(RankingMetrics.reciprocalRank(RANKED, GRADES, 1)).isZero();
    // Precision 1/2 at d1, 2/3 at d2; d4 never found; divided by 3 relevant.
    assertThat(RankingMetrics.averagePrecision(RANKED, GRADES, 10)).isCloseTo((0.5 + 2.0 / 3) / 3, within(1e-12));
  }

  @Test
  void aQueryWithNoRelevantDocumentScoresZeroEverywhere() {
    Map<String, Integer> none = Map.of("d1", 0);
    assertThat(RankingMetrics.ndcg(RANKED, none, 10)).isZero();
    assertThat(RankingMetrics.recall(RANKED, none, 10)).isZero();
    assertThat(RankingMetrics.averagePrecision(RANKED, none, 10)).isZero();
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
