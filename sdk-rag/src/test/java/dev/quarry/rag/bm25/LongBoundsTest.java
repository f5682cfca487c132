package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongBoundsTest {

  /** Checks the answer against its definition: it passes, and its neighbour on the outside does not. */
  private static void checkLowest(double bound, boolean inclusive) {
    Long lowest = LongBounds.lowest(bound, inclusive);
    if (lowest == null) {
      assertThat(passesLower(Long.MAX_VALUE, bound, inclusive)).as("none above %s", bound).isFalse();
      return;
    }
    assertThat(passesLower(lowest, bound, inclusive)).as("%s passes %s", lowest, bound).isTrue();
    if (lowest != Long.MIN_VALUE) {
      assertThat(passesLower(lowest - 1, bound, inclusive)).as("%s fails %s", lowest - 1, bound).isFalse();
    }
  }

  private static void checkHighest(double bound, boolean inclusive) {
    Long highest = LongBounds.highest(bound, inclusive);
    if (highest == null) {
      assertThat(passesUpper(Long.MIN_VALUE, bound, inclusive)).as("none below %s", bound).isFalse();
      return;
    }
    assertThat(passesUpper(highest, bound, inclusive)).as("%s passes %s", highest, bound).isTrue();
    if (highest != Long.MAX_VALUE) {
      assertThat(passesUpper(highest + 1, bound, inclusive)).as("%s fails %s", highest + 1, bound).isFalse();
    }
  }

  private static boolean passesLower(long value, double bound, boolean inclusive) {
    return inclusive ? (double) value >= bound : (double) value > bound;
  }

  private static boolean passesUpper(long value, double bound, boolean inclusive) {
    return inclusive ? (double) value <= bound : (double) value < bound;
  }

  @Test
  void boundsAreExactAtTheEdgesOfDoublePrecision() {
    List<Double> bounds = List.of(0.0, -0.0, 0.5, -0.5, 3.0, 0x1p52, 0x1p53, 0x1p53 + 2, 0x1p62, 0x1p63, -0x1p63,
        Math.nextDown(0x1p63), Math.nextUp(-0x1p63), Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE);
    for (double bound : bounds) {
      for (boolean inclusive : new boolean[] {true, false}) {
        checkLowest(bound, inclusive);
        checkHighest(bound, inclusive);
      }
    }
  }

  @Test
  void boundsAreExactForRandomDoubles() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      double bound = switch (i % 3) {
        case 0 -> random.nextGaussian() * 1e3;
        case 1 -> (double) random.nextLong();
        default -> Math.scalb(random.nextDouble() - 0.5, random.nextInt(70));
      };
      checkLowest(bound, random.nextBoolean());
      checkHighest(bound, random.nextBoolean());
    }
  }

  @Test
  void wholeNumberBoundsGiveThemselves() {
    assertThat(LongBounds.lowest(3.0, true)).isEqualTo(3L);
    assertThat(LongBounds.lowest(3.0, false)).isEqualTo(4L);
    assertThat(LongBounds.highest(-2.5, true)).isEqualTo(-3L);
    assertThat(LongBounds.lowest(Double.POSITIVE_INFINITY, true)).isNull();
    assertThat(LongBounds.highest(Double.NEGATIVE_INFINITY, true)).isNull();
    assertThat(LongBounds.highest(Double.POSITIVE_INFINITY, false)).isEqualTo(Long.MAX_VALUE);
  }
}
