package dev.quarry.vectorstore.internal.index;

import java.util.Arrays;

/**
 * Stored vectors by ordinal (0, 1, 2, ... in insertion order), as prepared for the metric. Indexes read vectors
 * from here; ordinals are only renumbered by compaction, which builds a new set.
 *
 * <p>Internal, not API. Not thread-safe: the store appends under its write lock; any number of threads may read
 * ordinals below {@link #size()} once the append that added them happened-before the read.
 */
public final class VectorSet {
  private final int dimension;
  private float[][] vectors;
  private int size;

  public VectorSet(int dimension, int initialCapacity) {
    this.dimension = dimension;
    this.vectors = new float[Math.max(16, initialCapacity)][];
  }

  public int dimension() {
    return dimension;
  }

  public int size() {
    return size;
  }

  /** Appends a vector (kept, not copied) and returns its ordinal. */
  public int add(float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions, expected " + dimension);
    }
    if (size == vectors.length) {
      vectors = Arrays.copyOf(vectors, Math.max(16, size + (size >> 1)));
    }
    vectors[size] = vector;
    return size++;
  }

  public float[] get(int ordinal) {
    return vectors[ordinal];
  }
}
