package dev.quarry.cache;

import dev.quarry.api.IndexCorruptedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The header of a cache file, which says whose vectors it holds. Layout (big-endian): magic {@code "QRYC"} (int),
 * format version (int), dimension (int), length of the model identity in UTF-8 bytes (int), the identity's bytes,
 * CRC32C of everything before it (int).
 *
 * @param modelIdentity the identity of the model whose vectors the file holds
 * @param dimension the length of those vectors
 */
record CacheFileHeader(String modelIdentity, int dimension) {
  static final int MAGIC = 0x51525943; // "QRYC"
  static final int VERSION = 1;
  /** The longest model identity a header holds, in UTF-8 bytes. */
  static final int MAX_IDENTITY_BYTES = 4096;
  private static final int FIXED_BYTES = 4 * Integer.BYTES;

  /** The header's length in bytes: where the first record starts. */
  int length() {
    return FIXED_BYTES + identityBytes().length + Integer.BYTES;
  }

  /** The header's bytes, ready to write. */
  ByteBuffer encode() {
    byte[] identity = identityBytes();
    ByteBuffer buffer = ByteBuffer.allocate(length());
    buffer.putInt(MAGIC).putInt(VERSION).putInt(dimension).putInt(identity.length).put(identity);
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), 0, buffer.position());
    return buffer.putInt((int) crc.getValue()).flip();
  }

  /**
   * Reads and checks the header at the start of {@code channel}.
   *
   * @throws IndexCorruptedException if the file is not a cache file, is of a newer format, or its header is
   *     damaged or cut short
   */
  static CacheFileHeader read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer fixed = ByteBuffer.allocate(FIXED_BYTES);
    if (!FileReads.readFully(channel, fixed, 0)) {
      throw damaged(file, "the header is cut short (the file has " + size + " bytes)");
    }
    if (fixed.getInt(0) != MAGIC) {
      throw new IndexCorruptedException(file, "not a Quarry embedding cache (bad magic number)");
    }
    int version = fixed.getInt(4);
    if (version != VERSION) {
      throw new IndexCorruptedException(file, "embedding cache format version " + version
          + " is not supported (this Quarry reads version " + VERSION + "); give the cache another folder");
    }
    int dimension = fixed.getInt(8);
    int identityLength = fixed.getInt(12);
    if (identityLength < 1 || identityLength > MAX_IDENTITY_BYTES) {
      throw damaged(file, "the header gives an impossible model identity length " + identityLength);
    }
    ByteBuffer rest = ByteBuffer.allocate(identityLength + Integer.BYTES);
    if (!FileReads.readFully(channel, rest, FIXED_BYTES)) {
      throw damaged(file, "the header is cut short (the file has " + size + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(fixed.array());
    crc.update(rest.array(), 0, identityLength);
    if ((int) crc.getValue() != rest.getInt(identityLength)) {
      throw damaged(file, "the header fails its checksum");
    }
    if (dimension < 1) {
      throw damaged(file, "the header gives an impossible dimension " + dimension);
    }
    try {
      String identity = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(rest.array(), 0, identityLength))
          .toString();
      return new CacheFileHeader(identity, dimension);
    } catch (CharacterCodingException e) {
      throw damaged(file, "the model identity in the header is not UTF-8");
    }
  }

  private byte[] identityBytes() {
    return modelIdentity.getBytes(StandardCharsets.UTF_8);
  }

  private static IndexCorruptedException damaged(Path file, String problem) {
    return new IndexCorruptedException(file, problem + ". The file is only a cache: delete it (or give the cache"
        + " another folder) and its texts will be embedded again");
  }
}
