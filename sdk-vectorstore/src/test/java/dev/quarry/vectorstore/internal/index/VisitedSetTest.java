package dev.quarry.vectorstore.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VisitedSetTest {
  @Test
  void marksReportWhetherANodeWasSeenInThisSearch() {
    VisitedSet set = VisitedSet.forThread(1000);
    assertThat(set.mark(5)).isZero();
    assertThat(set.mark(5)).isOne();
    assertThat(set.visit(63)).isTrue();
    assertThat(set.visit(64)).isTrue();
    assertThat(set.visit(63)).isFalse();
    assertThat(set.mark(999)).isZero();
    assertThat(set.mark(999)).isOne();
  }

  @Test
  void theNextSearchStartsEmptyEvenWhenEveryWordWasTouched() {
    VisitedSet set = VisitedSet.forThread(640);
    for (int node = 0; node < 640; node++) {
      assertThat(set.mark(node)).isZero();
    }
    VisitedSet next = VisitedSet.forThread(640);
    for (int node = 0; node < 640; node++) {
      assertThat(next.mark(node)).as("node %d", node).isZero();
    }
  }

  @Test
  void agreesWithABitSetOnRandomSearches() {
    SplittableRandom random = new SplittableRandom(7);
    for (int search = 0; search < 50; search++) {
      int capacity = 1 + random.nextInt(5000);
      VisitedSet set = VisitedSet.forThread(capacity);
      BitSet expected = new BitSet(capacity);
      for (int i = 0; i < 3000; i++) {
        int node = random.nextInt(capacity);
        assertThat(set.mark(node)).isEqualTo(expected.get(node) ? 1 : 0);
        expected.set(node);
      }
    }
  }
}
