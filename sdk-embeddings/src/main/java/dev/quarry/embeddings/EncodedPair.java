package dev.quarry.embeddings;

import java.util.Arrays;

/**
 * One (query, passage) pair as a cross-encoder reads it: token ids and token types, special tokens included,
 * already truncated to the model's limit. Immutable by convention: the arrays are never handed out.
 */
record EncodedPair(long[] ids, long[] types) {

  int length() {
    return ids.length;
  }

  /** Positions of {@code pairs} from the fewest tokens to the most, so a batch's pairs have similar lengths. */
  static int[] lengthOrder(EncodedPair[] pairs) {
    return java.util.stream.IntStream.range(0, pairs.length)
        .boxed()
        .sorted(java.util.Comparator.comparingInt(i -> pairs[i].length()))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * Pads the pairs at {@code order[from..to)} to the longest of them. Padding is id 0 and type 0 under an
   * attention mask of 0, so the model ignores it whatever the padding token's id is.
   */
  static Batch pad(EncodedPair[] pairs, int[] order, int from, int to) {
    int size = to - from;
    int length = 0;
    for (int i = from; i < to; i++) {
      length = Math.max(length, pairs[order[i]].length());
    }
    int[] positions = new int[size];
    long[] ids = new long[size * length];
    long[] mask = new long[size * length];
    long[] types = new long[size * length];
    for (int row = 0; row < size; row++) {
      positions[row] = order[from + row];
      EncodedPair pair = pairs[positions[row]];
      int offset = row * length;
      System.arraycopy(pair.ids, 0, ids, offset, pair.length());
      System.arraycopy(pair.types, 0, types, offset, pair.length());
      Arrays.fill(mask, offset, offset + pair.length(), 1L);
    }
    return new Batch(positions, length, ids, mask, types);
  }
}
