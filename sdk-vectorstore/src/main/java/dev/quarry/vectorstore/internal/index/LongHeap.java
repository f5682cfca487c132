package dev.quarry.vectorstore.internal.index;

import java.util.Arrays;

/**
 * A binary min-heap of (score, node) pairs packed into longs: the high 32 bits hold the score as a sortable int,
 * the low 32 bits the node, so comparing longs compares scores (ties by node). {@link #max(int)} makes a heap whose
 * top is the highest score (it stores negated scores). Optionally bounded: {@link #offer} then keeps the best
 * {@code capacity} entries. The array grows with what is pushed: the initial capacity is only a hint, capped at
 * {@link #MAX_INITIAL_CAPACITY}, so a huge bound (a search for {@code k = Integer.MAX_VALUE}) costs memory for the
 * entries actually held, not for the bound.
 *
 * <p>Internal, not API. Not thread-safe; reused per search.
 */
public final class LongHeap {
  /** The most entries allocated up front, whatever capacity is asked for. */
  static final int MAX_INITIAL_CAPACITY = 1024;

  private final boolean maxHeap;
  private long[] heap;
  private int size;

  private LongHeap(boolean maxHeap, int initialCapacity) {
    this.maxHeap = maxHeap;
    this.heap = new long[Math.clamp(initialCapacity, 8, MAX_INITIAL_CAPACITY) + 1];
  }

  /** Top = lowest score. */
  public static LongHeap min(int initialCapacity) {
    return new LongHeap(false, initialCapacity);
  }

  /** Top = highest score. */
  public static LongHeap max(int initialCapacity) {
    return new LongHeap(true, initialCapacity);
  }

  static long encode(float score, int node) {
    int bits = Float.floatToIntBits(score);
    int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
    return ((long) sortable << 32) | (node & 0xffffffffL);
  }

  static float decodeScore(long encoded) {
    int sortable = (int) (encoded >> 32);
    return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
  }

  public void clear() {
    size = 0;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Entries the array holds before it grows (for tests). */
  int allocated() {
    return heap.length - 1;
  }

  public void push(float score, int node) {
    long value = encode(maxHeap ? -score : score, node);
    if (++size == heap.length) {
      heap = Arrays.copyOf(heap, heap.length * 2);
    }
    int i = size;
    while (i > 1) {
      int parent = i >>> 1;
      if (heap[parent] <= value) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = value;
  }

  /**
   * Adds the pair while fewer than {@code capacity} are held, else replaces the top when the pair beats it (a
   * min-heap then keeps the {@code capacity} highest scores). Returns whether it was added.
   */
  public boolean offer(float score, int node, int capacity) {
    if (size < capacity) {
      push(score, node);
      return true;
    }
    long value = encode(maxHeap ? -score : score, node);
    if (value <= heap[1]) {
      return false;
    }
    heap[1] = value;
    siftDown(1);
    return true;
  }

  public int topNode() {
    return (int) heap[1];
  }

  public float topScore() {
    float s = decodeScore(heap[1]);
    return maxHeap ? -s : s;
  }

  /** Removes the top and returns its node. */
  public int pop() {
    int node = (int) heap[1];
    heap[1] = heap[size--];
    if (size > 1) {
      siftDown(1);
    }
    return node;
  }

  private void siftDown(int i) {
    long value = heap[i];
    int half = size >>> 1;
    while (i <= half) {
      int child = i << 1;
      if (child < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= value) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = value;
  }

  /** Drains the heap into a result ordered best (highest score) first. */
  public Neighbors drainBestFirst() {
    int n = size;
    int[] nodes = new int[n];
    float[] scores = new float[n];
    for (int i = maxHeap ? 0 : n - 1; maxHeap ? i < n : i >= 0; i += maxHeap ? 1 : -1) {
      scores[i] = topScore();
      nodes[i] = pop();
    }
    return new Neighbors(nodes, scores);
  }
}
