package dev.quarry.vectorstore.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;

/**
 * Fixed-size rows (vectors or codes) of a file, memory-mapped read-only: the operating system's page cache holds
 * them, not the Java heap. A mapping holds at most 2 GiB, so the rows are mapped in chunks of whole rows (at most
 * 1 GiB each); a row is read with one bulk copy into a caller's array, which Lucene's kernels then score.
 *
 * <p>Internal, not API. Immutable and thread-safe: every read is absolute and changes no buffer state. The mapping
 * lives until the object is garbage collected; the file may be deleted meanwhile (on POSIX systems its space is
 * freed then).
 */
public final class MappedRows {
  static final long CHUNK_BYTES = 1L << 30;

  /** No rows. */
  public static final MappedRows EMPTY = new MappedRows(new ByteBuffer[0], new FloatBuffer[0], 1, 1, 0);

  private final ByteBuffer[] chunks;
  private final FloatBuffer[] floatChunks;
  private final int rowBytes;
  /** Rows per chunk are a power of two, {@code 1 << shift}: a row's chunk and place in it take no division. */
  private final int shift;
  private final int mask;
  private final int count;

  private MappedRows(ByteBuffer[] chunks, FloatBuffer[] floatChunks, int rowBytes, int rowsPerChunk, int count) {
    this.chunks = chunks;
    this.floatChunks = floatChunks;
    this.rowBytes = rowBytes;
    this.shift = Integer.numberOfTrailingZeros(rowsPerChunk);
    this.mask = rowsPerChunk - 1;
    this.count = count;
  }

  /** Whole rows per chunk: the largest power of two whose rows fit in {@code chunkBytes}, at least one. */
  static int rowsPerChunk(long chunkBytes, int rowBytes) {
    return Integer.highestOneBit((int) Math.max(1, Math.min(1 << 30, chunkBytes / rowBytes)));
  }

  /** Maps {@code count} rows of {@code rowBytes} each, little-endian, starting at {@code offset} of the file. */
  static MappedRows map(FileChannel channel, long offset, int count, int rowBytes) throws IOException {
    if (count == 0) {
      return EMPTY;
    }
    int rowsPerChunk = rowsPerChunk(CHUNK_BYTES, rowBytes);
    int chunkCount = (int) ((count + (long) rowsPerChunk - 1) / rowsPerChunk);
    ByteBuffer[] chunks = new ByteBuffer[chunkCount];
    FloatBuffer[] floats = new FloatBuffer[rowBytes % Float.BYTES == 0 ? chunkCount : 0];
    for (int c = 0; c < chunkCount; c++) {
      int rows = (int) Math.min(rowsPerChunk, count - (long) c * rowsPerChunk);
      long position = offset + (long) c * rowsPerChunk * rowBytes;
      chunks[c] = channel.map(FileChannel.MapMode.READ_ONLY, position, (long) rows * rowBytes)
          .order(ByteOrder.LITTLE_ENDIAN);
      if (floats.length > 0) {
        floats[c] = chunks[c].asFloatBuffer();
      }
    }
    return new MappedRows(chunks, floats, rowBytes, rowsPerChunk, count);
  }

  public int count() {
    return count;
  }

  public int rowBytes() {
    return rowBytes;
  }

  /** Copies row {@code row} (as little-endian floats) into {@code into}, which holds exactly one row; returns it. */
  public float[] floats(int row, float[] into) {
    floatChunks[row >>> shift].get((row & mask) * into.length, into);
    return into;
  }

  /** Copies row {@code row} into {@code into}, which holds exactly one row; returns it. */
  public byte[] bytes(int row, byte[] into) {
    chunks[row >>> shift].get((row & mask) * rowBytes, into);
    return into;
  }

  /** One byte of a row. */
  public byte byteAt(int row, int offset) {
    return chunks[row >>> shift].get((row & mask) * rowBytes + offset);
  }

  /** Puts row {@code row}'s bytes into {@code into} at its position, advancing it. */
  public void copyTo(int row, ByteBuffer into) {
    into.put(into.position(), chunks[row >>> shift], (row & mask) * rowBytes, rowBytes);
    into.position(into.position() + rowBytes);
  }
}
