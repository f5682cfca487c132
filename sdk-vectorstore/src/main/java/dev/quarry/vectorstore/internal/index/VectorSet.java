package dev.quarry.vectorstore.internal.index;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Stored vectors by ordinal (0, 1, 2, ... in insertion order), as prepared for the metric. Indexes read vectors
 * from here; ordinals are only renumbered by compaction, which builds a new set.
 *
 * <p>Internal, not API. One writer at a time appends; any number of threads may read ordinals whose append
 * happened-before the read (the store publishes a batch under its lock), also while further vectors are appended:
 * the array is volatile, so a grown one holds every vector appended before it grew.
 */
public final class VectorSet {
  private final int dimension;
  private volatile float[][] vectors;
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
    float[][] into = vectors;
    if (size == into.length) {
      into = Arrays.copyOf(into, Math.max(16, size + (size >> 1)));
      into[size] = vector;
      vectors = into;
    } else {
      into[size] = vector;
    }
    return size++;
  }

  public float[] get(int ordinal) {
    return vectors[ordinal];
  }

  /**
   * A uniform sample (seeded, without replacement) of {@code n} of the vectors below {@code size}: a partial
   * Fisher-Yates shuffle of the ordinals. The arrays are the stored ones, not copies.
   */
  float[][] sample(int size, int n, long seed) {
    int count = Math.min(size, n);
    int[] ordinals = IntStream.range(0, size).toArray();
    SplittableRandom random = new SplittableRandom(seed);
    float[][] sample = new float[count][];
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(size - i);
      int t = ordinals[i];
      ordinals[i] = ordinals[j];
      ordinals[j] = t;
      sample[i] = vectors[ordinals[i]];
    }
    return sample;
  }
}
