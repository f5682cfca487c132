package dev.quarry.cache;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The key of one cache entry: the 32 bytes of a SHA-256 digest (see {@link CacheKeys}), held as four longs so that
 * equality and hashing are cheap and an entry costs no array.
 *
 * <p>Immutable.
 */
record CacheKey(long h0, long h1, long h2, long h3) {
  /** Length of a key in bytes, in a digest and in a file record. */
  static final int BYTES = 32;

  /** The key of a 32-byte digest. */
  static CacheKey of(byte[] digest) {
    if (digest.length != BYTES) {
      throw new IllegalArgumentException("digest must be " + BYTES + " bytes, was " + digest.length);
    }
    return read(ByteBuffer.wrap(digest));
  }

  /** Reads a key at the buffer's position, advancing it by {@value #BYTES} bytes. */
  static CacheKey read(ByteBuffer buffer) {
    return new CacheKey(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
  }

  /** Writes this key at the buffer's position, advancing it by {@value #BYTES} bytes. */
  void write(ByteBuffer buffer) {
    buffer.putLong(h0).putLong(h1).putLong(h2).putLong(h3);
  }

  /** The key as 64 hexadecimal digits. */
  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(h0) + hex.toHexDigits(h1) + hex.toHexDigits(h2) + hex.toHexDigits(h3);
  }
}
