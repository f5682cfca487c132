package dev.quarry.rag.retrieval;

import static dev.quarry.rag.retrieval.Hits.hit;
import static dev.quarry.rag.retrieval.Hits.ids;
import static dev.quarry.rag.retrieval.Hits.scores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dense weight of {@link Fusion#adaptive()}, read from the two lists of each query. */
class AdaptiveFusionTest {
  private static final double EPS = 1e-9;

  /** Ten hits {@code prefix0..9}: the first scores {@code first}, the second to tenth {@code tenth}. */
  private static List<SearchHit> list(String prefix, double first, double tenth) {
    List<SearchHit> hits = new ArrayList<>();
    hits.add(hit(prefix + 0, first));
    for (int i = 1; i < 10; i++) {
      hits.add(hit(prefix + i, first - (first - tenth) * i / 9));
    }
    return hits;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void equallySharpListsGetTheBiasWeight() {
    // BM25 20 -> 10 halves; the dense distance 0.2 -> 0.4 doubles: both ratios are 2, so the signal is 0
    double alpha = AdaptiveFusion.denseWeight(list("d", 0.8, 0.6), list("k", 20, 10));

    assertThat(alpha).isCloseTo(sigmoid(AdaptiveFusion.BIAS), within(EPS));
  }

  @Test
  void aSharperKeywordListPullsTheWeightTowardsItAndAFlatOneTowardsTheDenseList() {
    List<SearchHit> dense = list("d", 0.8, 0.6);

    double sharpKeyword = AdaptiveFusion.denseWeight(dense, list("k", 40, 10));
    double flatKeyword = AdaptiveFusion.denseWeight(dense, list("k", 11, 10));

    assertThat(sharpKeyword).isCloseTo(sigmoid(AdaptiveFusion.BIAS - AdaptiveFusion.SLOPE * Math.log(2)), within(EPS))
        .isLessThan(0.5);
    assertThat(flatKeyword).isGreaterThan(0.9);
  }

  @Test
  void anUnreadableSignalFallsBackToTheBiasWeight() {
    double bias = sigmoid(AdaptiveFusion.BIAS);
    List<SearchHit> dense = list("d", 0.8, 0.6);
    List<SearchHit> keyword = list("k", 20, 10);

    assertThat(AdaptiveFusion.denseWeight(dense.subList(0, 9), keyword)).isEqualTo(bias);
    assertThat(AdaptiveFusion.denseWeight(dense, keyword.subList(0, 9))).isEqualTo(bias);
    assertThat(AdaptiveFusion.denseWeight(dense, list("k", 5, 0))).isEqualTo(bias); // a keyword score of 0
    assertThat(AdaptiveFusion.denseWeight(list("d", 3.5, 1.2), keyword)).isEqualTo(bias); // dot products, not cosines
    assertThat(AdaptiveFusion.denseWeight(list("d", -0.5, -2), keyword)).isEqualTo(bias); // negated distances
  }

  @Test
  void aDenseHitIdenticalToTheQueryDoesNotDivideByZero() {
    double alpha = AdaptiveFusion.denseWeight(list("d", 1.0, 0.6), list("k", 20, 10));

    assertThat(alpha).isGreaterThan(0.99).isLessThanOrEqualTo(1);
  }

  @Test
  void fusesAsConvexFusionUnderZScoresWithThatWeight() {
    List<SearchHit> dense = list("d", 0.8, 0.6);
    List<SearchHit> keyword = new ArrayList<>(list("k", 40, 10));
    keyword.set(5, hit("d3", 25)); // a chunk both lists found
    double alpha = AdaptiveFusion.denseWeight(dense, keyword);

    List<SearchHit> fused = Fusion.adaptive().fuse(List.of(dense, keyword));
    List<SearchHit> convex = Fusion.convex(alpha, Normalization.Z_SCORE).fuse(List.of(dense, keyword));

    assertThat(ids(fused)).isEqualTo(ids(convex));
    assertThat(scores(fused)).isEqualTo(scores(convex));
    assertThat(ids(fused)).first().isEqualTo("k0"); // the keyword list was the sharper one
    assertThat(fused).hasSize(19);
  }

  @Test
  void needsExactlyTwoListsDenseFirst() {
    List<SearchHit> one = list("d", 0.8, 0.6);

    assertThatThrownBy(() -> Fusion.adaptive().fuse(List.of(one)))
        .hasMessage("adaptive fusion weighs two lists, a dense one then a keyword one, but got 1");
    assertThatThrownBy(() -> Fusion.adaptive().fuse(List.of(one, one, one))).hasMessageContaining("but got 3");
    assertThat(Fusion.adaptive().fuse(List.of(List.of(), List.of()))).isEmpty();
    assertThat(Fusion.adaptive()).hasToString("Fusion.adaptive()").isSameAs(Fusion.adaptive());
  }
}
