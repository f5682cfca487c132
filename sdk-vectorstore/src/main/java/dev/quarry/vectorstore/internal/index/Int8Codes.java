package dev.quarry.vectorstore.internal.index;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The int8 codes of a {@link VectorSet}'s vectors (see {@link Int8Quantizer}) with, per vector, the correction
 * that turns a code dot product into a ranking estimate of the {@link Similarity}: the dot product up to a
 * per-query constant, or for Euclidean {@code 2·x·y − |x|²}, which is {@code −|x − y|²} up to one.
 *
 * <p>Internal, not API. One writer at a time calls {@link #encodeUpTo}; searches may {@link #estimate} codes
 * below the count their index published meanwhile (the array is volatile, so a grown one holds the old codes).
 */
final class Int8Codes {
  private static final int PARALLEL_ENCODE = 4096;

  /** Reads the correction stored in the last four bytes of a code. */
  private static final VarHandle FLOAT_AT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private final Int8Quantizer quantizer;
  private final boolean euclidean;
  /**
   * Per vector its code followed by the four bytes of its correction, so one memory access brings both; queries
   * are encoded with four zero bytes at the same place, so the byte dot product ignores the correction.
   */
  private volatile byte[][] codes = new byte[0][];
  private int size;

  private Int8Codes(Int8Quantizer quantizer, boolean euclidean) {
    this.quantizer = quantizer;
    this.euclidean = euclidean;
  }

  /** Trains a quantizer on up to {@code sampleSize} of the first {@code size} vectors (a seeded sample). */
  static Int8Codes train(VectorSet vectors, int size, int sampleSize, long seed, Similarity similarity) {
    float[][] sample = vectors.sample(size, sampleSize, seed);
    return new Int8Codes(Int8Quantizer.train(sample), similarity == Similarity.NEGATIVE_SQUARED_DISTANCE);
  }

  /** Encodes every vector of the set below {@code newSize} not yet encoded. */
  void encodeUpTo(VectorSet vectors, int newSize) {
    if (newSize <= size) {
      return;
    }
    if (codes.length < newSize) {
      codes = Arrays.copyOf(codes, Math.max(newSize, codes.length + (codes.length >> 1)));
    }
    byte[][] into = codes;
    IntStream range = IntStream.range(size, newSize);
    (newSize - size >= PARALLEL_ENCODE ? range.parallel() : range).forEach(ord -> {
      float[] vector = vectors.get(ord);
      byte[] code = quantizer.encode(vector, Float.BYTES);
      float correction = quantizer.correction(code, vector.length);
      FLOAT_AT.set(code, vector.length,
          euclidean ? 2 * correction - Similarity.DOT.score(vector, vector) : correction);
      into[ord] = code;
    });
    size = newSize;
  }

  int size() {
    return size;
  }

  byte[] encodeQuery(float[] query) {
    return quantizer.encode(query, Float.BYTES);
  }

  /** The ranking estimate of stored vector {@code ord} against an encoded query; higher is closer. */
  float estimate(byte[] queryCode, int ord) {
    byte[] code = codes[ord];
    float dot = quantizer.scaledDot(queryCode, code);
    return (euclidean ? 2 * dot : dot) + (float) FLOAT_AT.get(code, code.length - Float.BYTES);
  }

  /** Reads one byte per cache line of a code, so the loads of a whole neighbour list are in flight together. */
  int touch(int ord) {
    byte[] code = codes[ord];
    int sum = 0;
    for (int i = 0; i < code.length; i += 64) {
      sum += code[i];
    }
    return sum;
  }

  /** Writes the quantizer; the codes are recomputed from the vectors on {@link #read}. */
  void write(DataOutput out) throws IOException {
    quantizer.write(out);
  }

  static Int8Codes read(DataInput in, VectorSet vectors, int size, Similarity similarity) throws IOException {
    Int8Codes codes = new Int8Codes(Int8Quantizer.read(in, vectors.dimension()),
        similarity == Similarity.NEGATIVE_SQUARED_DISTANCE);
    codes.encodeUpTo(vectors, size);
    return codes;
  }
}
