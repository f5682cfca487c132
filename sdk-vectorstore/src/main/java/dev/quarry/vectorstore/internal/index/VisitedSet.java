package dev.quarry.vectorstore.internal.index;

import java.util.Arrays;

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
  private int[] touched = new int[64];
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
    }
  }

  /** Marks the node; returns false when it was already marked in this search. */
  boolean visit(int node) {
    int word = node >>> 6;
    long mask = 1L << node;
    long value = bits[word];
    if ((value & mask) != 0) {
      return false;
    }
    if (value == 0) {
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touchedCount * 2);
      }
      touched[touchedCount++] = word;
    }
    bits[word] = value | mask;
    return true;
  }
}
