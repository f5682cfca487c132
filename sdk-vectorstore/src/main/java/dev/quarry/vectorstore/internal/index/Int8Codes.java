package dev.quarry.vectorstore.internal.index;

import dev.quarry.vectorstore.internal.storage.MappedRows;
import dev.quarry.vectorstore.internal.storage.ScratchRows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The int8 codes of a {@link VectorSet}'s vectors (see {@link Int8Quantizer}) with, per vector, the correction
 * that turns a code dot product into a ranking estimate of the {@link Similarity}: the dot product up to a
 * per-query constant, or for Euclidean {@code 2·x·y − |x|²}, which is {@code −|x − y|²} up to one.
 *
 * <p>Codes are kept where their {@link VectorSet} keeps its vectors: on the heap for an in-memory store; for a
 * persistent one, those of the last snapshot memory-mapped from its vector file and those encoded since in scratch
 * files ({@link ScratchRows}) until the next checkpoint maps them ({@link #moveOffHeap}). {@link #estimate}
 * copies a code off the heap into the caller's scratch array.
 *
 * <p>Internal, not API. One writer at a time calls {@link #encodeUpTo}; searches may {@link #estimate} codes
 * below the count their index published meanwhile (both parts sit in one volatile holder, replaced whole when the
 * heap part grows or moves, so a new holder holds the old codes).
 */
final class Int8Codes implements CodeRows {
  private static final int PARALLEL_ENCODE = 4096;

  /** Reads the correction stored in the last four bytes of a code. */
  private static final VarHandle FLOAT_AT =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Codes below {@code mappedCount} are mapped, the others at {@code ord - mappedCount} of {@code heap} or {@code
   * scratch}; exactly one of the two is set.
   */
  private record Parts(MappedRows mapped, int mappedCount, byte[][] heap, ScratchRows scratch) {}

  private final Int8Quantizer quantizer;
  private final boolean euclidean;
  private final int codeBytes;
  /**
   * Per vector its code followed by the four bytes of its correction, so one memory access brings both; queries
   * are encoded with four zero bytes at the same place, so the byte dot product ignores the correction.
   */
  private volatile Parts parts;
  private int size;

  /** Codes over {@code mapped}; later ones in scratch files in {@code scratchFolder}, or on the heap if null. */
  private Int8Codes(Int8Quantizer quantizer, boolean euclidean, int dimension, MappedRows mapped,
      Path scratchFolder) {
    this.quantizer = quantizer;
    this.euclidean = euclidean;
    this.codeBytes = dimension + Float.BYTES;
    this.parts = scratchFolder == null ? new Parts(mapped, mapped.count(), new byte[0][], null)
        : new Parts(mapped, mapped.count(), null, new ScratchRows(scratchFolder, codeBytes));
    this.size = mapped.count();
  }

  /** Trains a quantizer on up to {@code sampleSize} of the first {@code size} vectors (a seeded sample). */
  static Int8Codes train(VectorSet vectors, int size, int sampleSize, long seed, Similarity similarity) {
    float[][] sample = vectors.sample(size, sampleSize, seed);
    return new Int8Codes(Int8Quantizer.train(sample), similarity == Similarity.NEGATIVE_SQUARED_DISTANCE,
        vectors.dimension(), MappedRows.EMPTY, vectors.scratchFolder());
  }

  /** Encodes every vector of the set below {@code newSize} not yet encoded. */
  void encodeUpTo(VectorSet vectors, int newSize) {
    if (newSize <= size) {
      return;
    }
    Parts current = parts;
    int mapped = current.mappedCount();
    if (current.scratch() != null) {
      current.scratch().ensureCapacity(newSize - mapped);
    } else if (current.heap().length < newSize - mapped) {
      int length = current.heap().length;
      current = new Parts(current.mapped(), mapped,
          Arrays.copyOf(current.heap(), Math.max(newSize - mapped, length + (length >> 1))), null);
      parts = current;
    }
    byte[][] heap = current.heap();
    ScratchRows scratch = current.scratch();
    IntStream range = IntStream.range(size, newSize);
    (newSize - size >= PARALLEL_ENCODE ? range.parallel() : range).forEach(ord -> {
      float[] vector = vectors.get(ord);
      byte[] code = quantizer.encode(vector, Float.BYTES);
      float correction = quantizer.correction(code, vector.length);
      FLOAT_AT.set(code, vector.length,
          euclidean ? 2 * correction - Similarity.DOT.score(vector, vector) : correction);
      if (heap != null) {
        heap[ord - mapped] = code;
      } else {
        scratch.put(ord - mapped, code);
      }
    });
    size = newSize;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int unmappedCount() {
    return size - parts.mappedCount();
  }

  @Override
  public int heapCount() {
    Parts current = parts;
    return current.heap() == null ? 0 : size - current.mappedCount();
  }

  /** Bytes per code: the dimension plus four for the correction. */
  @Override
  public int codeBytes() {
    return codeBytes;
  }

  byte[] encodeQuery(float[] query) {
    return quantizer.encode(query, Float.BYTES);
  }

  /** A scratch array for {@link #estimate}: one per thread. */
  byte[] scratch() {
    return new byte[codeBytes];
  }

  /**
   * The ranking estimate of stored vector {@code ord} against an encoded query; higher is closer. A mapped code is
   * copied into {@code scratch} (from {@link #scratch()}) first.
   */
  float estimate(byte[] queryCode, int ord, byte[] scratch) {
    Parts current = parts;
    int mapped = current.mappedCount();
    byte[] code = ord < mapped ? current.mapped().bytes(ord, scratch)
        : current.heap() != null ? current.heap()[ord - mapped] : current.scratch().bytes(ord - mapped, scratch);
    float dot = quantizer.scaledDot(queryCode, code);
    return (euclidean ? 2 * dot : dot) + (float) FLOAT_AT.get(code, code.length - Float.BYTES);
  }

  /** Reads one byte per cache line of a code, so the loads of a whole neighbour list are in flight together. */
  int touch(int ord) {
    Parts current = parts;
    int mapped = current.mappedCount();
    int sum = 0;
    if (ord < mapped) {
      for (int i = 0; i < codeBytes; i += 64) {
        sum += current.mapped().byteAt(ord, i);
      }
    } else if (current.heap() == null) {
      for (int i = 0; i < codeBytes; i += 64) {
        sum += current.scratch().byteAt(ord - mapped, i);
      }
    } else {
      byte[] code = current.heap()[ord - mapped];
      for (int i = 0; i < code.length; i += 64) {
        sum += code[i];
      }
    }
    return sum;
  }

  /** Puts code {@code ord} into {@code into}, for a vector file. */
  @Override
  public void writeRow(int ord, ByteBuffer into) {
    Parts current = parts;
    int mapped = current.mappedCount();
    if (ord < mapped) {
      current.mapped().copyTo(ord, into);
    } else if (current.heap() == null) {
      current.scratch().copyTo(ord - mapped, into);
    } else {
      into.put(current.heap()[ord - mapped]);
    }
  }

  /**
   * Replaces the first {@code rows.count()} codes, which must hold the same bytes (a vector file just written from
   * these codes), by {@code rows}; the others, and later codes, go to scratch files in {@code folder}. Searches may
   * run meanwhile; encoding may not.
   */
  @Override
  public void moveOffHeap(MappedRows rows, Path folder) {
    Parts current = parts;
    if (rows.count() > size || rows.count() < current.mappedCount()
        || rows.count() > 0 && rows.rowBytes() != codeBytes) {
      throw new IllegalArgumentException("cannot map " + rows.count() + " rows of " + rows.rowBytes()
          + " bytes over " + size + " codes of " + codeBytes + " bytes");
    }
    ScratchRows rest = new ScratchRows(folder, codeBytes);
    rest.ensureCapacity(size - rows.count());
    byte[] scratch = scratch();
    for (int ord = rows.count(); ord < size; ord++) {
      int mapped = current.mappedCount();
      rest.put(ord - rows.count(), current.heap() != null ? current.heap()[ord - mapped]
          : current.scratch().bytes(ord - mapped, scratch));
    }
    parts = new Parts(rows, rows.count(), null, rest);
  }

  /** Writes the quantizer; the codes go to the vector file ({@link #writeRow}). */
  void write(DataOutput out) throws IOException {
    quantizer.write(out);
  }

  /**
   * Reads the quantizer back, over the codes {@code mapped} holds when they are codes of these vectors (as many
   * rows as {@code size}, of this code length), else encoding the first {@code size} vectors again.
   */
  static Int8Codes read(DataInput in, VectorSet vectors, int size, Similarity similarity, MappedRows mapped)
      throws IOException {
    int dimension = vectors.dimension();
    boolean usable = mapped.count() == size && (size == 0 || mapped.rowBytes() == dimension + Float.BYTES);
    Int8Codes codes = new Int8Codes(Int8Quantizer.read(in, dimension),
        similarity == Similarity.NEGATIVE_SQUARED_DISTANCE, dimension, usable ? mapped : MappedRows.EMPTY,
        vectors.scratchFolder());
    codes.encodeUpTo(vectors, size);
    return codes;
  }
}
