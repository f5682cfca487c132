package dev.quarry.vectorstore.internal.index;

/**
 * Which nodes one graph search has seen: a bit per node (an eighth of a byte, so the set of a large graph stays in
 * cache), cleared after each search through the list of words it touched rather than in full. One per thread
 * (see {@link #forThread}).
 *
 * <p>Internal, not API. Not thread-safe.
 */
final class VisitedSet {
  private static final ThreadLocal<VisitedSet> PER_THREAD = ThreadLocal.withInitial(VisitedSet::new);

  private long[] bits = new long[0];
  /** The words with a bit set, for clearing; a slot per word and one spare, so it never overflows. */
  private int[] touched = new int[1];
  private int touchedCount;

  /** This thread's set, cleared, for a search over {@code capacity} nodes. */
  static VisitedSet forThread(int capacity) {
    VisitedSet set = PER_THREAD.get();
    set.reset(capacity);
    return set;
  }

  private void reset(int capacity) {
    for (int i = 0; i < touchedCount; i++) {
      bits[touched[i]] = 0;
    }
    touchedCount = 0;
    int words = (capacity + 63) >>> 6;
    if (bits.length < words) {
      bits = new long[Math.max(words, bits.length + (bits.length >> 1))];
      touched = new int[bits.length + 1];
    }
  }

  /** Marks the node; returns false when it was already marked in this search. */
  boolean visit(int node) {
    return mark(node) == 0;
  }

  /**
   * Marks the node and returns 1 when it was already marked in this search, 0 when not. Without a branch: whether
   * a neighbour was seen is close to a coin toss, so a branch on it would mispredict half the time.
   */
  int mark(int node) {
    int word = node >>> 6;
    long value = bits[word];
    // Remember the word the first time it gets a bit: (value | -value) >>> 63 is 0 only when value is 0.
    touched[touchedCount] = word;
    touchedCount += (int) (((value | -value) >>> 63) ^ 1);
    bits[word] = value | (1L << node);
    return (int) ((value >>> node) & 1);
  }
}
