package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Fixed-size rows (vectors or codes) off the heap, read like {@link MappedRows}: the rows a persistent store wrote
 * since its last checkpoint, until the next one maps them from its vector file. Each chunk of whole rows (at most
 * 16 MiB) is a scratch file in the store's folder, written full of zeros (so a full disk fails here, with a
 * {@link StorageException}, and never later as a fault on a mapped page), mapped read-write and then unlinked:
 * the operating system's page cache holds the rows and may write them out, so neither the heap nor direct memory
 * ({@code -XX:MaxDirectMemorySize}) limits how many there are, and the garbage collector never copies them. A
 * chunk's file space is freed once its mapping is garbage collected. Where an open file cannot be unlinked
 * (Windows), the store deletes leftover scratch files when it next opens.
 *
 * <p>Internal, not API. One writer at a time {@link #ensureCapacity grows} the rows and {@link #put puts} them (its
 * threads each put other rows); readers read rows whose put happened-before the read (the store publishes a batch
 * under its lock). Reads and puts are absolute and change no buffer state. The chunk arrays are replaced whole
 * when they grow (a volatile holder), so a reader that finds the new arrays finds every chunk.
 */
public final class ScratchRows {
  /** Names of scratch files: {@code scratch-<random>.qrows}. */
  public static final String PREFIX = "scratch-";
  public static final String SUFFIX = ".qrows";
  private static final int CHUNK_BYTES = 16 << 20;
  /** Zeros written to a new chunk's file; never written to itself, so shared read-only. */
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

  private record Chunks(ByteBuffer[] bytes, FloatBuffer[] floats) {}

  private final Path folder;
  private final int rowBytes;
  private final int rowsPerChunk;
  /** {@code rowsPerChunk == 1 << shift}: a row's chunk and place in it take no division. */
  private final int shift;
  private final int mask;
  private volatile Chunks chunks = new Chunks(new ByteBuffer[0], new FloatBuffer[0]);

  /** Rows of {@code rowBytes} bytes whose chunk files go in {@code folder}. */
  public ScratchRows(Path folder, int rowBytes) {
    if (rowBytes < 1) {
      throw new IllegalArgumentException("rows must have at least one byte, not " + rowBytes);
    }
    this.folder = folder;
    this.rowBytes = rowBytes;
    this.rowsPerChunk = MappedRows.rowsPerChunk(CHUNK_BYTES, rowBytes);
    this.shift = Integer.numberOfTrailingZeros(rowsPerChunk);
    this.mask = rowsPerChunk - 1;
  }

  public int rowBytes() {
    return rowBytes;
  }

  /**
   * Makes room for rows {@code 0 .. rows - 1}.
   *
   * @throws StorageException if a scratch file cannot be created or mapped
   */
  public void ensureCapacity(int rows) {
    Chunks current = chunks;
    int needed = (int) ((rows + (long) rowsPerChunk - 1) / rowsPerChunk);
    if (needed <= current.bytes().length) {
      return;
    }
    ByteBuffer[] bytes = Arrays.copyOf(current.bytes(), needed);
    FloatBuffer[] floats = Arrays.copyOf(current.floats(), needed);
    for (int c = current.bytes().length; c < needed; c++) {
      bytes[c] = newChunk((long) rowsPerChunk * rowBytes);
      floats[c] = rowBytes % Float.BYTES == 0 ? bytes[c].asFloatBuffer() : null;
    }
    chunks = new Chunks(bytes, floats);
  }

  private ByteBuffer newChunk(long size) {
    Path file = null;
    try {
      file = Files.createTempFile(folder, PREFIX, SUFFIX);
      ByteBuffer chunk;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        // Blocks are allocated now: a sparse file would meet a full disk as SIGBUS on the first write to a page.
        for (long at = 0; at < size; ) {
          ByteBuffer zeros = ZEROS.duplicate();
          zeros.limit((int) Math.min(zeros.capacity(), size - at));
          at += channel.write(zeros, at);
        }
        chunk = channel.map(FileChannel.MapMode.READ_WRITE, 0, size).order(ByteOrder.LITTLE_ENDIAN);
      }
      try {
        Files.delete(file); // the mapping stays; the space goes with it
      } catch (IOException e) {
        // an open file cannot be deleted on Windows: the store removes it when it next opens
      }
      return chunk;
    } catch (IOException e) {
      throw new StorageException(file == null ? folder : file, "cannot create a scratch file for rows in " + folder
          + ": " + e, e);
    }
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
}
