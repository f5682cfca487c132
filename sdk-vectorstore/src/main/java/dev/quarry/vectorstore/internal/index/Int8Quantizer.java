package dev.quarry.vectorstore.internal.index;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.util.VectorUtil;

/**
 * Scalar quantization to one signed byte per component: {@code x[d] ≈ center[d] + scale · code[d]}, with a
 * per-component center (the midpoint of the sample's 0.1 and 99.9 percentiles) and one scale for all components,
 * so the dot product of two vectors is, up to rounding, {@code |center|² + scale·(Σ center·code_x + Σ center·code_y)
 * + scale²·(code_x · code_y)}; the last term is Lucene's SIMD byte dot product. Query and stored vector are both
 * quantized; candidates are then re-scored on full floats, so the estimate only has to rank.
 *
 * <p>Internal, not API. Immutable and thread-safe.
 */
final class Int8Quantizer {
  private final float[] center;
  private final float scale;

  private Int8Quantizer(float[] center, float scale) {
    this.center = center;
    this.scale = scale;
  }

  static Int8Quantizer train(float[][] sample) {
    int dimension = sample[0].length;
    float[] center = new float[dimension];
    float[] column = new float[sample.length];
    float halfRange = 0;
    for (int d = 0; d < dimension; d++) {
      for (int i = 0; i < sample.length; i++) {
        column[i] = sample[i][d];
      }
      Arrays.sort(column);
      float low = column[(int) (0.001 * (sample.length - 1))];
      float high = column[(int) Math.ceil(0.999 * (sample.length - 1))];
      center[d] = (low + high) / 2;
      halfRange = Math.max(halfRange, (high - low) / 2);
    }
    return new Int8Quantizer(center, halfRange > 0 ? halfRange / 127 : 1);
  }

  /** The code, followed by {@code padding} zero bytes. */
  byte[] encode(float[] vector, int padding) {
    byte[] code = new byte[vector.length + padding];
    for (int d = 0; d < vector.length; d++) {
      float q = Math.round((vector[d] - center[d]) / scale);
      code[d] = (byte) Math.max(-127, Math.min(127, q));
    }
    return code;
  }

  /** The code-dependent part of the dot product's estimate that involves only one side: scale·Σ center·code. */
  float correction(byte[] code, int dimension) {
    float sum = 0;
    for (int d = 0; d < dimension; d++) {
      sum += center[d] * code[d];
    }
    return scale * sum;
  }

  /**
   * {@code scale² · (query · stored)} on the codes. Adding the stored vector's {@link #correction} gives its dot
   * product with the query up to {@code |center|² + correction(query)}, the same for every stored vector, so
   * ranking does not need it.
   */
  float scaledDot(byte[] query, byte[] stored) {
    return scale * scale * VectorUtil.dotProduct(query, stored);
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(center.length);
    for (float c : center) {
      out.writeFloat(c);
    }
    out.writeFloat(scale);
  }

  static Int8Quantizer read(DataInput in, int dimension) throws IOException {
    int length = in.readInt();
    if (length != dimension) {
      throw new IOException("quantizer has " + length + " components, vectors have " + dimension);
    }
    float[] center = new float[length];
    for (int d = 0; d < length; d++) {
      center[d] = in.readFloat();
    }
    float scale = in.readFloat();
    if (!(scale > 0) || Float.isInfinite(scale)) {
      throw new IOException("bad quantizer scale " + scale);
    }
    return new Int8Quantizer(center, scale);
  }
}
