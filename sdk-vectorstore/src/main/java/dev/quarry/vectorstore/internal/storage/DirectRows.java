package dev.quarry.vectorstore.internal.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Fixed-size rows (vectors or codes) in direct memory, off the heap, in chunks of whole rows (at most 16 MiB
 * each), read like {@link MappedRows}: the rows a persistent store wrote since its last checkpoint, until the next
 * one maps them from its vector file. The garbage collector never copies them, and frees a chunk's memory once the rows
 * are dropped.
 *
 * <p>Internal, not API. One writer at a time {@link #ensureCapacity grows} the rows and {@link #put puts} them (its
 * threads each put other rows); readers read rows whose put happened-before the read (the store publishes a batch
 * under its lock). Reads and puts are absolute and change no buffer state. The chunk arrays are replaced whole
 * when they grow (a volatile holder), so a reader that finds the new arrays finds every chunk.
 */
public final class DirectRows {
  private static final int CHUNK_BYTES = 16 << 20;

  private record Chunks(ByteBuffer[] bytes, FloatBuffer[] floats) {}

  private final int rowBytes;
  private final int rowsPerChunk;
  /** {@code rowsPerChunk == 1 << shift}: a row's chunk and place in it take no division. */
  private final int shift;
  private final int mask;
  private volatile Chunks chunks = new Chunks(new ByteBuffer[0], new FloatBuffer[0]);

  public DirectRows(int rowBytes) {
    if (rowBytes < 1) {
      throw new IllegalArgumentException("rows must have at least one byte, not " + rowBytes);
    }
    this.rowBytes = rowBytes;
    this.rowsPerChunk = MappedRows.rowsPerChunk(CHUNK_BYTES, rowBytes);
    this.shift = Integer.numberOfTrailingZeros(rowsPerChunk);
    this.mask = rowsPerChunk - 1;
  }

  public int rowBytes() {
    return rowBytes;
  }

  /** Rows there is room for. */
  public long capacity() {
    return (long) chunks.bytes().length * rowsPerChunk;
  }

  /** Makes room for rows {@code 0 .. rows - 1}. */
  public void ensureCapacity(int rows) {
    Chunks current = chunks;
    int needed = (int) ((rows + (long) rowsPerChunk - 1) / rowsPerChunk);
    if (needed <= current.bytes().length) {
      return;
    }
    ByteBuffer[] bytes = Arrays.copyOf(current.bytes(), needed);
    FloatBuffer[] floats = Arrays.copyOf(current.floats(), needed);
    for (int c = current.bytes().length; c < needed; c++) {
      bytes[c] = ByteBuffer.allocateDirect(rowsPerChunk * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
      floats[c] = rowBytes % Float.BYTES == 0 ? bytes[c].asFloatBuffer() : null;
    }
    chunks = new Chunks(bytes, floats);
  }

  /** Writes a row of floats (little-endian); there must be room for it. */
  public void put(int row, float[] values) {
    chunks.floats()[row >>> shift].put((row & mask) * values.length, values);
  }

  /** Writes a row of bytes; there must be room for it. */
  public void put(int row, byte[] values) {
    chunks.bytes()[row >>> shift].put((row & mask) * rowBytes, values);
  }

  /** Copies row {@code row} (as floats) into {@code into}, which holds exactly one row; returns it. */
  public float[] floats(int row, float[] into) {
    chunks.floats()[row >>> shift].get((row & mask) * into.length, into);
    return into;
  }

  /** Copies row {@code row} into {@code into}, which holds exactly one row; returns it. */
  public byte[] bytes(int row, byte[] into) {
    chunks.bytes()[row >>> shift].get((row & mask) * rowBytes, into);
    return into;
  }

  /** One byte of a row. */
  public byte byteAt(int row, int offset) {
    return chunks.bytes()[row >>> shift].get((row & mask) * rowBytes + offset);
  }

  /** Puts row {@code row}'s bytes into {@code into} at its position, advancing it. */
  public void copyTo(int row, ByteBuffer into) {
    into.put(into.position(), chunks.bytes()[row >>> shift], (row & mask) * rowBytes, rowBytes);
    into.position(into.position() + rowBytes);
  }

  /** New rows holding rows {@code from .. to - 1} of these (row {@code from} becomes row 0). */
  public DirectRows copy(int from, int to) {
    DirectRows copy = new DirectRows(rowBytes);
    copy.ensureCapacity(to - from);
    byte[] row = new byte[rowBytes];
    for (int r = from; r < to; r++) {
      copy.put(r - from, bytes(r, row));
    }
    return copy;
  }
}
