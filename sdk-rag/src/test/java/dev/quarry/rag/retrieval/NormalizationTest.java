package dev.quarry.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalizationTest {
  private static final double EPS = 1e-12;

  @Test
  void minMaxMapsTheBestToOneAndTheWorstToZero() {
    double[] scores = {3, 1, 2};

    assertThat(Normalization.MIN_MAX.normalize(scores)).containsExactly(new double[] {1, 0, 0.5}, within(EPS));
    assertThat(scores).containsExactly(3, 1, 2);
    assertThat(Normalization.MIN_MAX.floor(new double[] {1, 0.5})).isZero();
  }

  @Test
  void zScoreUsesThePopulationDeviation() {
    double[] z = Normalization.Z_SCORE.normalize(new double[] {1, 2, 3}); // mean 2, sd sqrt(2/3)

    assertThat(z).containsExactly(new double[] {-Math.sqrt(1.5), 0, Math.sqrt(1.5)}, within(EPS));
    assertThat(Normalization.Z_SCORE.floor(z)).isCloseTo(-Math.sqrt(1.5), within(EPS));
  }

  @Test
  void listsWithoutSpreadGetFixedValuesInsteadOfDividingByZero() {
    double[] flat = {0.7, 0.7, 0.7};

    assertThat(Normalization.MIN_MAX.normalize(flat)).containsOnly(1.0);
    assertThat(Normalization.Z_SCORE.normalize(flat)).containsOnly(0.0);
    assertThat(Normalization.Z_SCORE.normalize(new double[] {42})).containsExactly(0.0);
    assertThat(Normalization.Z_SCORE.floor(new double[] {0, 0})).isEqualTo(Normalization.FLAT_Z_SCORE_FLOOR);
  }

  @Test
  void emptyListsNormaliseToNothingWithAZeroFloor() {
    for (Normalization n : Normalization.values()) {
      assertThat(n.normalize(new double[0])).isEmpty();
      assertThat(n.floor(new double[0])).isZero();
    }
  }
}
