package dev.quarry.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;

/**
 * One padded batch: the token ids, attention mask and token types of several texts, as flat row-major arrays of
 * {@code size x length}, plus where each row goes in the caller's list.
 */
record Batch(int[] positions, int length, long[] ids, long[] mask, long[] types) {

  int size() {
    return positions.length;
  }

  /** Positions of {@code encodings} from the fewest tokens to the most, so a batch's texts have similar lengths. */
  static int[] lengthOrder(Encoding[] encodings) {
    return java.util.stream.IntStream.range(0, encodings.length)
        .boxed()
        .sorted(java.util.Comparator.comparingInt(i -> encodings[i].getIds().length))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * Pads the encodings at {@code order[from..to)} to the longest of them (at most {@code maxLength}). A longer
   * encoding keeps its first {@code maxLength - 1} tokens and its last (the closing special token).
   */
  static Batch pad(Encoding[] encodings, int[] order, int from, int to, int maxLength) {
    int size = to - from;
    int length = 0;
    for (int i = from; i < to; i++) {
      length = Math.max(length, Math.min(encodings[order[i]].getIds().length, maxLength));
    }
    int[] positions = new int[size];
    long[] ids = new long[size * length];
    long[] mask = new long[size * length];
    long[] types = new long[size * length];
    for (int row = 0; row < size; row++) {
      int position = order[from + row];
      positions[row] = position;
      Encoding encoding = encodings[position];
      long[] source = encoding.getIds();
      long[] sourceTypes = encoding.getTypeIds();
      int n = Math.min(source.length, maxLength);
      int offset = row * length;
      System.arraycopy(source, 0, ids, offset, n);
      System.arraycopy(sourceTypes, 0, types, offset, n);
      if (source.length > maxLength) {
        ids[offset + n - 1] = source[source.length - 1];
        types[offset + n - 1] = sourceTypes[source.length - 1];
      }
      java.util.Arrays.fill(mask, offset, offset + n, 1L);
    }
    return new Batch(positions, length, ids, mask, types);
  }
}
