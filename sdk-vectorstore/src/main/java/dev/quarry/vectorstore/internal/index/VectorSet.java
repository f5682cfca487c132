package dev.quarry.vectorstore.internal.index;

import dev.quarry.vectorstore.internal.storage.MappedRows;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Stored vectors by ordinal (0, 1, 2, ... in insertion order), as prepared for the metric. Indexes read vectors
 * from here; ordinals are only renumbered by compaction, which builds a new set.
 *
 * <p>The vectors of the last snapshot are memory-mapped from its vector file ({@link MappedRows}), off the heap;
 * those appended since are arrays on the heap, until the next checkpoint moves them off it ({@link
 * #moveOffHeap}). Hot paths read a vector with {@link #get(int, float[])}, which copies a mapped vector into the
 * caller's scratch array and returns a heap one as it is.
 *
 * <p>Internal, not API. One writer at a time appends; any number of threads may read ordinals whose append
 * happened-before the read (the store publishes a batch under its lock), also while further vectors are appended
 * or moved off the heap: both parts sit in one volatile holder, replaced whole when the heap part grows or moves.
 */
public final class VectorSet {
  /** Ordinals below {@code mapped.count()} are mapped, the others at {@code heap[ord - mapped.count()]}. */
  private record Parts(MappedRows mapped, int mappedCount, float[][] heap) {}

  private final int dimension;
  private volatile Parts parts;
  private int size;

  public VectorSet(int dimension, int initialCapacity) {
    this(dimension, MappedRows.EMPTY, Math.max(16, initialCapacity));
  }

  private VectorSet(int dimension, MappedRows mapped, int heapCapacity) {
    if (mapped.count() > 0 && mapped.rowBytes() != dimension * Float.BYTES) {
      throw new IllegalArgumentException("mapped rows of " + mapped.rowBytes() + " bytes are not " + dimension
          + "-d vectors");
    }
    this.dimension = dimension;
    this.parts = new Parts(mapped, mapped.count(), new float[heapCapacity][]);
    this.size = mapped.count();
  }

  /** A set whose first vectors are {@code mapped} (rows of {@code dimension} little-endian floats). */
  public static VectorSet mapped(int dimension, MappedRows mapped) {
    return new VectorSet(dimension, mapped, 16);
  }

  public int dimension() {
    return dimension;
  }

  public int size() {
    return size;
  }

  /** How many vectors are on the heap (appended since the set was mapped). */
  public int heapCount() {
    return size - parts.mappedCount();
  }

  /** Appends a vector (kept, not copied) and returns its ordinal. */
  public int add(float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions, expected " + dimension);
    }
    Parts current = parts;
    int at = size - current.mappedCount();
    if (at == current.heap().length) {
      float[][] grown = Arrays.copyOf(current.heap(), Math.max(16, at + (at >> 1)));
      grown[at] = vector;
      parts = new Parts(current.mapped(), current.mappedCount(), grown);
    } else {
      current.heap()[at] = vector;
    }
    return size++;
  }

  /**
   * The vector at {@code ordinal}: a heap vector as stored, a mapped one copied into {@code scratch} (of {@link
   * #dimension} floats). Either way the caller must not modify it, and a scratch result is only valid until the
   * scratch is reused.
   */
  public float[] get(int ordinal, float[] scratch) {
    Parts current = parts;
    int mapped = current.mappedCount();
    return ordinal < mapped ? current.mapped().floats(ordinal, scratch) : current.heap()[ordinal - mapped];
  }

  /** The vector at {@code ordinal}; a mapped one in a new array. Not for hot paths: see {@link #get(int, float[])}. */
  public float[] get(int ordinal) {
    Parts current = parts;
    int mapped = current.mappedCount();
    return ordinal < mapped ? current.mapped().floats(ordinal, new float[dimension])
        : current.heap()[ordinal - mapped];
  }

  /** Reads one value per cache line of a vector, so that loads of several vectors are in flight together. */
  float touch(int ordinal) {
    Parts current = parts;
    int mapped = current.mappedCount();
    float sum = 0;
    if (ordinal < mapped) {
      int bytes = dimension * Float.BYTES;
      for (int i = 0; i < bytes; i += 64) {
        sum += current.mapped().byteAt(ordinal, i);
      }
    } else {
      float[] v = current.heap()[ordinal - mapped];
      for (int i = 0; i < v.length; i += 16) {
        sum += v[i];
      }
    }
    return sum;
  }

  /** Puts the vector at {@code ordinal} into {@code into} as little-endian floats, for a vector file. */
  public void writeRow(int ordinal, ByteBuffer into) {
    Parts current = parts;
    int mapped = current.mappedCount();
    if (ordinal < mapped) {
      current.mapped().copyTo(ordinal, into);
    } else {
      into.asFloatBuffer().put(current.heap()[ordinal - mapped]);
      into.position(into.position() + dimension * Float.BYTES);
    }
  }

  /**
   * Replaces the first {@code rows.count()} vectors, which must hold the same values (a vector file just written
   * from this set), by {@code rows}, taking them off the heap. Searches may run meanwhile; appends may not.
   */
  public void moveOffHeap(MappedRows rows) {
    Parts current = parts;
    if (rows.count() > size || rows.count() < current.mappedCount()
        || rows.rowBytes() != dimension * Float.BYTES && rows.count() > 0) {
      throw new IllegalArgumentException("cannot map " + rows.count() + " rows of " + rows.rowBytes()
          + " bytes over " + size + " " + dimension + "-d vectors");
    }
    int remaining = size - rows.count();
    float[][] heap = new float[Math.max(16, remaining)][];
    System.arraycopy(current.heap(), rows.count() - current.mappedCount(), heap, 0, remaining);
    parts = new Parts(rows, rows.count(), heap);
  }

  /**
   * A uniform sample (seeded, without replacement) of {@code n} of the vectors below {@code size}: a partial
   * Fisher-Yates shuffle of the ordinals. Heap arrays are the stored ones, mapped vectors copies.
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
      sample[i] = get(ordinals[i]);
    }
    return sample;
  }
}
