package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The vectors of a snapshot, and the int8 codes of its index, as fixed-size rows that are memory-mapped on open
 * ({@link MappedRows}) instead of read onto the heap. A sibling of the snapshot, written (temporary file, fsync,
 * atomic rename, directory fsync) before it; the snapshot records this file's checksum, so a snapshot is only
 * ever paired with the vector file written for it.
 *
 * <p>Layout: a 64-byte header (big-endian: magic {@code "QRYV"}, version, generation (long), dimension, row count,
 * code bytes per row (0: no codes), zeros); the vectors ({@code count × dimension} little-endian floats, in
 * ordinal order); the codes ({@code count × codeBytes} bytes); CRC32C of everything before it (long, big-endian).
 *
 * <p>Internal, not API. Stateless and thread-safe.
 */
public final class VectorFile {
  static final int MAGIC = 0x51525956; // "QRYV"
  static final int VERSION = 1;
  static final int HEADER_BYTES = 64;
  private static final int BUFFER = 1 << 20;

  private VectorFile() {}

  /** Puts one row's bytes into a buffer at its position (little-endian), advancing it. */
  @FunctionalInterface
  public interface RowWriter {
    void write(int row, ByteBuffer into);
  }

  /** A mapped vector file: its vectors, its codes ({@link MappedRows#EMPTY} if it has none) and its checksum. */
  public record Mapped(MappedRows vectors, MappedRows codes, long checksum) {}

  /**
   * Writes {@code count} vectors and, if {@code codeBytes > 0}, as many codes, atomically replacing {@code file}.
   *
   * @return the file's checksum, for the snapshot to record
   * @throws StorageException if the file cannot be written; nothing is left behind then
   */
  public static long write(Path file, long generation, int dimension, int count, RowWriter vectors, int codeBytes,
      RowWriter codes) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new StorageException(file, "cannot write vector file " + file + ": " + e, e);
    }
    boolean moved = false;
    try {
      long checksum;
      try (FileChannel channel = FileChannels.open(tmp, StandardOpenOption.WRITE)) {
        CRC32C crc = new CRC32C();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(VERSION).putLong(generation).putInt(dimension).putInt(count).putInt(codeBytes);
        header.clear();
        crc.update(header.duplicate());
        writeFully(channel, header);
        int rowBytes = dimension * Float.BYTES;
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(BUFFER, Math.max(rowBytes, codeBytes)))
            .order(ByteOrder.LITTLE_ENDIAN);
        writeRows(channel, crc, buffer, count, rowBytes, vectors);
        if (codeBytes > 0) {
          writeRows(channel, crc, buffer, count, codeBytes, codes);
        }
        checksum = crc.getValue();
        writeFully(channel, ByteBuffer.allocate(Long.BYTES).putLong(0, checksum));
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      Directories.sync(dir);
      return checksum;
    } catch (IOException e) {
      throw new StorageException(file, "cannot write vector file " + file + ": " + e, e);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // readers never look at *.tmp, and the next open deletes it
        }
      }
    }
  }

  private static void writeRows(FileChannel channel, CRC32C crc, ByteBuffer buffer, int count, int rowBytes,
      RowWriter rows) throws IOException {
    buffer.clear();
    for (int row = 0; row < count; row++) {
      if (buffer.remaining() < rowBytes) {
        flush(channel, crc, buffer);
      }
      int before = buffer.position();
      rows.write(row, buffer);
      if (buffer.position() - before != rowBytes) {
        throw new IllegalStateException("row " + row + " has " + (buffer.position() - before) + " bytes, expected "
            + rowBytes);
      }
    }
    flush(channel, crc, buffer);
  }

  private static void flush(FileChannel channel, CRC32C crc, ByteBuffer buffer) throws IOException {
    buffer.flip();
    crc.update(buffer.duplicate());
    writeFully(channel, buffer);
    buffer.clear();
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Maps a vector file after checking its header against what the snapshot expects and its checksum, over every
   * byte, against both its trailer and {@code expectedChecksum}.
   *
   * @throws IndexCorruptedException if the file is missing, is not the one the snapshot was written with, or is
   *     damaged
   * @throws StorageException if it cannot be read
   */
  public static Mapped map(Path file, long generation, int dimension, int count, long expectedChecksum) {
    return map(file, generation, dimension, count, expectedChecksum, true);
  }

  /**
   * Maps a vector file {@link #write} has just written and forced, checking its header and length but not reading
   * it all again for its checksum.
   */
  public static Mapped mapWritten(Path file, long generation, int dimension, int count, long checksum) {
    return map(file, generation, dimension, count, checksum, false);
  }

  private static Mapped map(Path file, long generation, int dimension, int count, long expectedChecksum,
      boolean verify) {
    if (!Files.exists(file)) {
      throw new IndexCorruptedException(file, "the vector file of the snapshot is missing");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES + Long.BYTES) {
        throw new IndexCorruptedException(file, "vector file is truncated (" + size + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      readFully(file, channel, header, 0);
      header.flip();
      if (header.getInt() != MAGIC) {
        throw new IndexCorruptedException(file, "not a Quarry vector file (bad magic number)");
      }
      int version = header.getInt();
      if (version != VERSION) {
        throw new IndexCorruptedException(file, "vector file format version " + version
            + " is not supported (this Quarry reads version " + VERSION + ")");
      }
      long storedGeneration = header.getLong();
      int storedDimension = header.getInt();
      int storedCount = header.getInt();
      int codeBytes = header.getInt();
      if (storedGeneration != generation || storedDimension != dimension || storedCount != count || codeBytes < 0) {
        throw new IndexCorruptedException(file, "vector file header (generation " + storedGeneration + ", dimension "
            + storedDimension + ", " + storedCount + " rows, " + codeBytes + " code bytes) does not match its"
            + " snapshot (generation " + generation + ", dimension " + dimension + ", " + count + " rows)");
      }
      long rowBytes = (long) dimension * Float.BYTES;
      long expectedSize = HEADER_BYTES + count * (rowBytes + codeBytes) + Long.BYTES;
      if (size != expectedSize) {
        throw new IndexCorruptedException(file, "vector file has " + size + " bytes, its header says "
            + expectedSize);
      }
      long checksum = verify ? checksum(channel, size - Long.BYTES) : expectedChecksum;
      ByteBuffer trailer = ByteBuffer.allocate(Long.BYTES);
      readFully(file, channel, trailer, size - Long.BYTES);
      if (trailer.getLong(0) != checksum) {
        throw new IndexCorruptedException(file, "checksum mismatch: the vector file is damaged");
      }
      if (checksum != expectedChecksum) {
        throw new IndexCorruptedException(file, "the vector file is not the one its snapshot was written with"
            + " (checksum mismatch)");
      }
      MappedRows vectors = MappedRows.map(channel, HEADER_BYTES, count, (int) rowBytes);
      MappedRows codes = codeBytes == 0 ? MappedRows.EMPTY
          : MappedRows.map(channel, HEADER_BYTES + count * rowBytes, count, codeBytes);
      return new Mapped(vectors, codes, checksum);
    } catch (IOException e) {
      throw new StorageException(file, "cannot read vector file " + file + ": " + e, e);
    }
  }

  /**
   * CRC32C of the first {@code length} bytes, read through one direct buffer (mappings would hold the file's space
   * after it is deleted, until they are garbage collected).
   */
  private static long checksum(FileChannel channel, long length) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    for (long at = 0; at < length; ) {
      buffer.clear().limit((int) Math.min(BUFFER, length - at));
      int n = channel.read(buffer, at);
      if (n < 0) {
        break;
      }
      buffer.flip();
      crc.update(buffer);
      at += n;
    }
    return crc.getValue();
  }

  private static void readFully(Path file, FileChannel channel, ByteBuffer into, long position) throws IOException {
    while (into.hasRemaining()) {
      if (channel.read(into, position + into.position()) < 0) {
        throw new IndexCorruptedException(file, "vector file is truncated");
      }
    }
  }
}
