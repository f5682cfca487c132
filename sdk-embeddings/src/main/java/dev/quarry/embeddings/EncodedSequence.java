package dev.quarry.embeddings;

import java.util.Arrays;

/**
 * One token sequence as a model reads it: a (query, passage) pair for a cross-encoder, or one window of a text for
 * a classifier. Token ids and token types, special tokens included, already cut to the model's limit. Immutable by
 * convention: the arrays are never handed out.
 */
record EncodedSequence(long[] ids, long[] types) {

  int length() {
    return ids.length;
  }

  /** Positions of {@code sequences} from the fewest tokens to the most, so a batch's sequences have similar lengths. */
  static int[] lengthOrder(EncodedSequence[] sequences) {
    return java.util.stream.IntStream.range(0, sequences.length)
        .boxed()
        .sorted(java.util.Comparator.comparingInt(i -> sequences[i].length()))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * Pads the sequences at {@code order[from..to)} to the longest of them. Padding is id 0 and type 0 under an
   * attention mask of 0, so the model ignores it whatever the padding token's id is.
   */
  static Batch pad(EncodedSequence[] sequences, int[] order, int from, int to) {
    int size = to - from;
    int length = 0;
    for (int i = from; i < to; i++) {
      length = Math.max(length, sequences[order[i]].length());
    }
    int[] positions = new int[size];
    long[] ids = new long[size * length];
    long[] mask = new long[size * length];
    long[] types = new long[size * length];
    for (int row = 0; row < size; row++) {
      positions[row] = order[from + row];
      EncodedSequence sequence = sequences[positions[row]];
      int offset = row * length;
      System.arraycopy(sequence.ids, 0, ids, offset, sequence.length());
      System.arraycopy(sequence.types, 0, types, offset, sequence.length());
      Arrays.fill(mask, offset, offset + sequence.length(), 1L);
    }
    return new Batch(positions, length, ids, mask, types);
  }
}
