package dev.quarry.vectorstore.internal.index;

/**
 * Which nodes one graph search has seen: a stamp per node compared with the search's generation, so starting a
 * new search is O(1) instead of clearing a bit set. One per thread (see {@link #forThread}).
 *
 * <p>Internal, not API. Not thread-safe.
 */
final class VisitedSet {
  private static final ThreadLocal<VisitedSet> PER_THREAD = ThreadLocal.withInitial(VisitedSet::new);

  private int[] stamps = new int[0];
  private int generation;

  /** This thread's set, reset for a search over {@code capacity} nodes. */
  static VisitedSet forThread(int capacity) {
    VisitedSet set = PER_THREAD.get();
    set.reset(capacity);
    return set;
  }

  private void reset(int capacity) {
    if (stamps.length < capacity) {
      stamps = new int[Math.max(capacity, stamps.length + (stamps.length >> 1))];
      generation = 0;
    }
    if (++generation == Integer.MAX_VALUE) {
      java.util.Arrays.fill(stamps, 0);
      generation = 1;
    }
  }

  /** Marks the node; returns false when it was already marked in this search. */
  boolean visit(int node) {
    if (stamps[node] == generation) {
      return false;
    }
    stamps[node] = generation;
    return true;
  }
}
