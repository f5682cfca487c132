package dev.quarry.cache;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Encodes the records of a cache file. Every record has the same length for a given dimension: the
 * {@value CacheKey#BYTES}-byte key, the vector's components as big-endian IEEE 754 floats, and a CRC32C of those
 * bytes (int). Fixed-length records keep a damaged record from shifting those after it.
 *
 * <p>Stateless; thread-safe.
 */
final class RecordCodec {
  private RecordCodec() {}

  /** The largest dimension whose records fit the {@code int} lengths used here. */
  static final int MAX_DIMENSION = (Integer.MAX_VALUE - CacheKey.BYTES - Integer.BYTES) / Float.BYTES;

  /** The length of a record of a {@code dimension}-component vector. */
  static int recordBytes(int dimension) {
    return CacheKey.BYTES + dimension * Float.BYTES + Integer.BYTES;
  }

  /** Appends the record of {@code key} and {@code vector} at the buffer's position. */
  static void encode(ByteBuffer buffer, CacheKey key, float[] vector) {
    int start = buffer.position();
    key.write(buffer);
    for (float component : vector) {
      buffer.putFloat(component);
    }
    buffer.putInt(crc(buffer, start, buffer.position() - start));
  }

  /** Whether the record of {@code recordBytes} bytes at absolute index {@code start} passes its checksum. */
  static boolean verifies(ByteBuffer buffer, int start, int recordBytes) {
    int body = recordBytes - Integer.BYTES;
    return crc(buffer, start, body) == buffer.getInt(start + body);
  }

  /** The key of the record at absolute index {@code start}. */
  static CacheKey key(ByteBuffer buffer, int start) {
    return CacheKey.read(buffer.duplicate().position(start));
  }

  /** The vector of the record at absolute index {@code start}. */
  static float[] vector(ByteBuffer buffer, int start, int dimension) {
    float[] vector = new float[dimension];
    buffer.duplicate().position(start + CacheKey.BYTES).asFloatBuffer().get(vector);
    return vector;
  }

  private static int crc(ByteBuffer buffer, int start, int length) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate().position(start).limit(start + length));
    return (int) crc.getValue();
  }
}
