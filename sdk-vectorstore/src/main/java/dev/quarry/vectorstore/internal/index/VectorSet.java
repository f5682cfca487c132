package dev.quarry.vectorstore.internal.index;

import dev.quarry.vectorstore.internal.storage.MappedRows;
import dev.quarry.vectorstore.internal.storage.ScratchRows;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Stored vectors by ordinal (0, 1, 2, ... in insertion order), as prepared for the metric. Indexes read vectors
 * from here; ordinals are only renumbered by compaction, which builds a new set ({@link #emptyLike}).
 *
 * <p>Where the vectors are: an in-memory store keeps them as arrays on the heap. A persistent store keeps none on
 * the heap: the vectors of its last snapshot are memory-mapped from its vector file ({@link MappedRows}), and
 * those appended since are in mapped scratch files ({@link ScratchRows}) until the next checkpoint maps them
 * ({@link #moveOffHeap}, which also turns an in-memory set into one of these). Hot paths read a vector with {@link
 * #get(int, float[])}, which returns a heap array as it is and copies any other into the caller's scratch array.
 *
 * <p>Internal, not API. One writer at a time appends; any number of threads may read ordinals whose append
 * happened-before the read (the store publishes a batch under its lock), also while further vectors are appended
 * or moved: the parts sit in one volatile holder, replaced whole when the heap part grows or the parts move.
 */
public final class VectorSet {
  /**
   * Ordinals below {@code mappedCount} are mapped, the others at {@code ord - mappedCount} of {@code heap} (an
   * in-memory set) or {@code scratch} (a persistent one); exactly one of the two is set.
   */
  private record Parts(MappedRows mapped, int mappedCount, float[][] heap, ScratchRows scratch) {}

  private final int dimension;
  /** Where a persistent set's scratch files go; null for an in-memory set. Read and set by the writer only. */
  private Path scratchFolder;
  private volatile Parts parts;
  private int size;

  /** An in-memory set: vectors on the heap. */
  public VectorSet(int dimension, int initialCapacity) {
    this.dimension = dimension;
    this.scratchFolder = null;
    this.parts = new Parts(MappedRows.EMPTY, 0, new float[Math.max(16, initialCapacity)][], null);
  }

  private VectorSet(int dimension, MappedRows mapped, Path scratchFolder) {
    if (mapped.count() > 0 && mapped.rowBytes() != dimension * Float.BYTES) {
      throw new IllegalArgumentException("mapped rows of " + mapped.rowBytes() + " bytes are not " + dimension
          + "-d vectors");
    }
    this.dimension = dimension;
    this.scratchFolder = scratchFolder;
    this.parts = new Parts(mapped, mapped.count(), null, new ScratchRows(scratchFolder, dimension * Float.BYTES));
    this.size = mapped.count();
  }

  /**
   * A persistent store's set: {@code mapped} first (rows of little-endian floats), then appends in scratch files
   * in {@code scratchFolder}.
   */
  public static VectorSet mapped(int dimension, MappedRows mapped, Path scratchFolder) {
    return new VectorSet(dimension, mapped, scratchFolder);
  }

  /** An empty set that keeps its vectors where this one keeps its appended ones (for a compaction). */
  public VectorSet emptyLike(int initialCapacity) {
    return scratchFolder == null ? new VectorSet(dimension, initialCapacity)
        : new VectorSet(dimension, MappedRows.EMPTY, scratchFolder);
  }

  /** Where appended vectors (and codes over them) go off the heap; null for an in-memory set. */
  Path scratchFolder() {
    return scratchFolder;
  }

  public int dimension() {
    return dimension;
  }

  public int size() {
    return size;
  }

  /** How many vectors are on the heap (appended to an in-memory set). */
  public int heapCount() {
    Parts current = parts;
    return current.heap() == null ? 0 : size - current.mappedCount();
  }

  /** How many vectors are not in a mapped vector file (on the heap, or in scratch files). */
  public int unmappedCount() {
    return size - parts.mappedCount();
  }

  /**
   * Makes room for {@code size} vectors in all: for a persistent set, creates the scratch files they need now, so a
   * full disk refuses a batch before anything of it is stored.
   *
   * @throws dev.quarry.api.StorageException if a scratch file cannot be created
   */
  public void reserve(int size) {
    Parts current = parts;
    if (current.scratch() != null) {
      current.scratch().ensureCapacity(size - current.mappedCount());
    }
  }

  /**
   * Whether {@link #add} copies the vector it is given (into a scratch file), so the caller may reuse its array;
   * else the set keeps the array itself.
   */
  public boolean copiesOnAdd() {
    return parts.scratch() != null;
  }

  /** Appends a vector and returns its ordinal. A heap set keeps the array itself; the others copy it. */
  public int add(float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions, expected " + dimension);
    }
    Parts current = parts;
    int at = size - current.mappedCount();
    if (current.scratch() != null) {
      current.scratch().ensureCapacity(at + 1);
      current.scratch().put(at, vector);
    } else if (at == current.heap().length) {
      float[][] grown = Arrays.copyOf(current.heap(), Math.max(16, at + (at >> 1)));
      grown[at] = vector;
      parts = new Parts(current.mapped(), current.mappedCount(), grown, null);
    } else {
      current.heap()[at] = vector;
    }
    return size++;
  }

  /**
   * The vector at {@code ordinal}: a heap vector as stored, any other copied into {@code scratch} (of {@link
   * #dimension} floats). Either way the caller must not modify it, and a scratch result is only valid until the
   * scratch is reused.
   */
  public float[] get(int ordinal, float[] scratch) {
    Parts current = parts;
    int mapped = current.mappedCount();
    if (ordinal < mapped) {
      return current.mapped().floats(ordinal, scratch);
    }
    float[][] heap = current.heap();
    return heap != null ? heap[ordinal - mapped] : current.scratch().floats(ordinal - mapped, scratch);
  }

  /**
   * The vector at {@code ordinal}; one off the heap in a new array. Not for hot paths: see {@link #get(int,
   * float[])}.
   */
  public float[] get(int ordinal) {
    Parts current = parts;
    int mapped = current.mappedCount();
    return current.heap() != null && ordinal >= mapped ? current.heap()[ordinal - mapped]
        : get(ordinal, new float[dimension]);
  }

  /** Reads one value per cache line of a vector, so that loads of several vectors are in flight together. */
  float touch(int ordinal) {
    Parts current = parts;
    int mapped = current.mappedCount();
    float sum = 0;
    if (current.heap() != null && ordinal >= mapped) {
      float[] v = current.heap()[ordinal - mapped];
      for (int i = 0; i < v.length; i += 16) {
        sum += v[i];
      }
      return sum;
    }
    int bytes = dimension * Float.BYTES;
    for (int i = 0; i < bytes; i += 64) {
      sum += ordinal < mapped ? current.mapped().byteAt(ordinal, i) : current.scratch().byteAt(ordinal - mapped, i);
    }
    return sum;
  }

  /** Puts the vector at {@code ordinal} into {@code into} as little-endian floats, for a vector file. */
  public void writeRow(int ordinal, ByteBuffer into) {
    Parts current = parts;
    int mapped = current.mappedCount();
    if (ordinal < mapped) {
      current.mapped().copyTo(ordinal, into);
    } else if (current.heap() == null) {
      current.scratch().copyTo(ordinal - mapped, into);
    } else {
      into.asFloatBuffer().put(current.heap()[ordinal - mapped]);
      into.position(into.position() + dimension * Float.BYTES);
    }
  }

  /**
   * Replaces the first {@code rows.count()} vectors, which must hold the same values (a vector file just written
   * from this set), by {@code rows}; the others, and later appends, go to scratch files in {@code folder}.
   * Searches may run meanwhile; appends may not.
   */
  public void moveOffHeap(MappedRows rows, Path folder) {
    Parts current = parts;
    if (rows.count() > size || rows.count() < current.mappedCount()
        || rows.rowBytes() != dimension * Float.BYTES && rows.count() > 0) {
      throw new IllegalArgumentException("cannot map " + rows.count() + " rows of " + rows.rowBytes()
          + " bytes over " + size + " " + dimension + "-d vectors");
    }
    ScratchRows rest = new ScratchRows(folder, dimension * Float.BYTES);
    rest.ensureCapacity(size - rows.count());
    float[] scratch = new float[dimension];
    for (int ord = rows.count(); ord < size; ord++) {
      rest.put(ord - rows.count(), get(ord, scratch));
    }
    parts = new Parts(rows, rows.count(), null, rest);
    scratchFolder = folder;
  }

  /**
   * A uniform sample (seeded, without replacement) of {@code n} of the vectors below {@code size}: a partial
   * Fisher-Yates shuffle of the ordinals. Heap arrays are the stored ones, other vectors copies.
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
