package dev.quarry.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodedSequenceTest {
  private static final EncodedSequence[] PAIRS = {
    new EncodedSequence(new long[] {1, 2, 3, 4}, new long[] {0, 0, 1, 1}),
    new EncodedSequence(new long[] {5, 6}, new long[] {0, 1}),
    new EncodedSequence(new long[] {7, 8, 9}, new long[] {0, 1, 1}),
  };

  @Test
  void lengthOrderGoesFromTheShortestPairToTheLongest() {
    assertThat(EncodedSequence.lengthOrder(PAIRS)).containsExactly(1, 2, 0);
  }

  @Test
  void padFillsShorterRowsWithMaskedZerosAndRemembersPositions() {
    Batch batch = EncodedSequence.pad(PAIRS, new int[] {1, 2, 0}, 0, 2);
    assertThat(batch.positions()).containsExactly(1, 2);
    assertThat(batch.length()).isEqualTo(3);
    assertThat(batch.ids()).containsExactly(5, 6, 0, 7, 8, 9);
    assertThat(batch.types()).containsExactly(0, 1, 0, 0, 1, 1);
    assertThat(batch.mask()).containsExactly(1, 1, 0, 1, 1, 1);
  }
}
