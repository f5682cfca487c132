package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Metric;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A store's records and its index in one file; since version 3 the vectors are in a sibling {@link VectorFile},
 * whose checksum the header records. Written to a temporary file, forced to disk and renamed over the old one, so
 * a crash leaves either the old or the new snapshot, never half of one.
 *
 * <p>Layout (big-endian):
 *
 * <ol>
 *   <li>magic {@code "QRYS"} (int), format version (int), generation (long), dimension (int), metric ordinal
 *       (int), index kind ({@link Strings}: "exact", "hnsw", "ivf"), record count (int); since version 3 the
 *       checksum of the vector file (long);
 *   <li>per record: the chunk ({@link ChunkCodec}); in version 2 followed by the vector ({@code dimension}
 *       floats);
 *   <li>the index section, written by the caller's {@link SectionWriter} and read back by its {@link
 *       SectionReader}, which must consume exactly what was written;
 *   <li>CRC32C of everything above (long).
 * </ol>
 *
 * <p>Internal, not API. Stateless and thread-safe; concurrent writes of one file must be excluded by the caller.
 */
public final class SnapshotFile {
  static final int MAGIC = 0x51525953; // "QRYS"
  /** The version written; versions 2 (vectors inline) and 3 (no metadata index) are still read. */
  public static final int VERSION = 4;
  static final int INLINE_VECTORS = 2;
  /** The first version whose index section ends with the metadata index. */
  public static final int METADATA_INDEX = 4;
  private static final int BUFFER = 1 << 20;

  private SnapshotFile() {}

  /**
   * The fixed part of a snapshot, written before the records. {@code vectorChecksum} is the checksum of the vector
   * file written with it (since version 3); a version 2 snapshot holds its vectors itself (and 0 here).
   */
  public record Header(int version, long generation, int dimension, Metric metric, String indexKind, int count,
      long vectorChecksum) {
    /** A header of the version written today. */
    public Header(long generation, int dimension, Metric metric, String indexKind, int count, long vectorChecksum) {
      this(VERSION, generation, dimension, metric, indexKind, count, vectorChecksum);
    }

    public Header {
      if (dimension <= 0) {
        throw new IllegalArgumentException("dimension must be positive, was " + dimension);
      }
      if (metric == null) {
        throw new IllegalArgumentException("metric must not be null");
      }
      if (indexKind == null || indexKind.isBlank()) {
        throw new IllegalArgumentException("index kind must not be null or blank");
      }
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative, was " + count);
      }
    }

    /** Whether the records carry their vectors (version 2) rather than a vector file holding them. */
    public boolean inlineVectors() {
      return version == INLINE_VECTORS;
    }
  }

  /**
   * One stored record. The vector is used as is, neither copied nor checked: it is already in the form the store
   * keeps (normalised for cosine), and the store owns the array. It is null where the vector file holds it (the
   * records of a version 3 snapshot, and those written).
   */
  public record Stored(Chunk chunk, float[] vector) {}

  /** What a snapshot holds; {@code index} is what the {@link SectionReader} returned. */
  public record Contents<T>(Header header, List<Stored> records, T index) {
    public Contents {
      records = List.copyOf(records);
    }
  }

  /** Writes the index section of a snapshot. */
  @FunctionalInterface
  public interface SectionWriter {
    void write(DataOutput out) throws IOException;
  }

  /**
   * Reads the index section of a snapshot, which must be consumed exactly. The bytes are not yet verified when it
   * runs: it should check counts against the {@link Header} and throw {@link Strings.FormatException} on nonsense
   * rather than allocate what a damaged count asks for. Any other exception it throws is checked against the
   * file's checksum: on a damaged file it becomes an {@link IndexCorruptedException}, on a sound one it is
   * passed on. Its result is returned only once the checksum verifies.
   */
  @FunctionalInterface
  public interface SectionReader<T> {
    T read(DataInput in, Header header) throws IOException;
  }

  /**
   * Atomically replaces {@code file} with a snapshot (of the current version, whose vectors are in a vector file)
   * of {@code records} (exactly {@code header.count()} of them; their vectors are not written) and the index
   * section {@code index} writes. On any failure the old file is left as it was and the temporary file is deleted.
   *
   * @throws IllegalStateException if {@code records} does not yield {@code header.count()} records
   * @throws IllegalArgumentException if the header is not of the current version
   * @throws StorageException if the file cannot be written, its {@code fsync} included (the old file is then
   *     left as it was, so writing it again may be tried)
   */
  public static void write(Path file, Header header, Iterable<Stored> records, SectionWriter index) {
    if (header.version() != VERSION) {
      throw new IllegalArgumentException("only version " + VERSION + " snapshots are written");
    }
    Path dir = file.toAbsolutePath().getParent();
    Path tmp;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new StorageException(file, "cannot write snapshot " + file + ": " + e, e);
    }
    boolean moved = false;
    try {
      writeTo(tmp, header, records, index);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      Directories.sync(dir);
    } catch (IOException e) {
      throw new StorageException(file, "cannot write snapshot " + file + ": " + e, e);
    } finally {
      if (!moved) {
        deleteQuietly(tmp);
      }
    }
  }

  private static void writeTo(Path tmp, Header header, Iterable<Stored> records, SectionWriter index)
      throws IOException {
    CRC32C crc = new CRC32C();
    try (FileChannel channel = FileChannels.open(tmp, StandardOpenOption.WRITE)) {
      OutputStream raw = Channels.newOutputStream(channel);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), BUFFER));
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(header.generation());
      out.writeInt(header.dimension());
      out.writeInt(header.metric().ordinal());
      Strings.write(out, header.indexKind());
      out.writeInt(header.count());
      out.writeLong(header.vectorChecksum());
      int written = 0;
      for (Stored record : records) {
        if (++written > header.count()) {
          throw new IllegalStateException("the records hold more than the " + header.count() + " the header says");
        }
        ChunkCodec.write(out, record.chunk());
      }
      if (written != header.count()) {
        throw new IllegalStateException("the records hold " + written + ", the header says " + header.count());
      }
      index.write(out);
      out.flush();
      new DataOutputStream(raw).writeLong(crc.getValue());
      channel.force(true);
    }
  }

  /**
   * Reads a whole snapshot, verifying its checksum before returning anything.
   *
   * @throws IndexCorruptedException if the file is not a snapshot this Quarry reads, or is damaged or truncated
   * @throws StorageException if the file cannot be read
   */
  public static <T> Contents<T> read(Path file, SectionReader<T> index) {
    CRC32C crc = new CRC32C();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      InputStream buffered = new BufferedInputStream(Channels.newInputStream(channel), bufferSize(size));
      DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
      Header header = readHeader(file, in, size);
      List<Stored> records = new ArrayList<>(header.count());
      for (int i = 0; i < header.count(); i++) {
        Chunk chunk = ChunkCodec.read(in, size);
        records.add(new Stored(chunk, header.inlineVectors() ? ChunkCodec.readFloats(in, header.dimension()) : null));
      }
      T section;
      try {
        section = index.read(in, header);
      } catch (EOFException | Strings.FormatException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        // The reader refused the bytes in its own words: damage if the checksum says so, else its own problem.
        if (!checksumMatches(file)) {
          throw new IndexCorruptedException(file, "checksum mismatch: the file is damaged", e);
        }
        throw e;
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(buffered).readLong();
      if (stored != expected) {
        throw new IndexCorruptedException(file, "checksum mismatch: the file is damaged");
      }
      if (buffered.read() != -1) {
        throw new IndexCorruptedException(file, "unexpected bytes after the checksum");
      }
      return new Contents<>(header, records, section);
    } catch (EOFException e) {
      throw new IndexCorruptedException(file, "file is truncated", e);
    } catch (Strings.FormatException e) {
      throw new IndexCorruptedException(file, "bad content: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StorageException(file, "cannot read snapshot " + file + ": " + e, e);
    }
  }

  /**
   * Reads only the header, without verifying the checksum: a cheap look, for instance to pick the newest
   * snapshot. {@link #read} still decides whether the file is sound.
   *
   * @throws IndexCorruptedException if the file is not a snapshot this Quarry reads
   * @throws StorageException if the file cannot be read
   */
  public static Header readHeader(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      return readHeader(file, new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel))), size);
    } catch (EOFException e) {
      throw new IndexCorruptedException(file, "file is truncated", e);
    } catch (Strings.FormatException e) {
      throw new IndexCorruptedException(file, "bad content: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StorageException(file, "cannot read snapshot " + file + ": " + e, e);
    }
  }

  private static Header readHeader(Path file, DataInputStream in, long size) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IndexCorruptedException(file, "not a Quarry store snapshot (bad magic number)");
    }
    int version = in.readInt();
    if (version < INLINE_VECTORS || version > VERSION) {
      throw new IndexCorruptedException(
          file, "snapshot format version " + version + " is not supported (this Quarry reads versions "
              + INLINE_VECTORS + " to " + VERSION + "; a newer Quarry wrote it?)");
    }
    long generation = in.readLong();
    int dimension = in.readInt();
    int metric = in.readInt();
    String indexKind = Strings.read(in, size);
    int count = in.readInt();
    long vectorChecksum = version == INLINE_VECTORS ? 0 : in.readLong();
    if (dimension <= 0 || count < 0 || metric < 0 || metric >= Metric.values().length || indexKind.isBlank()) {
      throw new IndexCorruptedException(
          file, "bad header (dimension " + dimension + ", metric " + metric + ", index '" + indexKind + "', count "
              + count + ")");
    }
    long bytesPerRecord = version == INLINE_VECTORS ? (long) dimension * Float.BYTES : 1;
    if (count * bytesPerRecord > size) {
      throw new IndexCorruptedException(file, "header claims " + count + " records, more than the file can hold");
    }
    return new Header(version, generation, dimension, Metric.values()[metric], indexKind, count, vectorChecksum);
  }

  /** Whether the file's trailing checksum matches its content; a second pass, taken only after a failure. */
  private static boolean checksumMatches(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < Long.BYTES) {
        return false;
      }
      CRC32C crc = new CRC32C();
      ByteBuffer buffer = ByteBuffer.allocate(bufferSize(size));
      long position = 0;
      long end = size - Long.BYTES;
      while (position < end) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          return false;
        }
        buffer.flip();
        crc.update(buffer);
        position += n;
      }
      ByteBuffer trailer = ByteBuffer.allocate(Long.BYTES);
      while (trailer.hasRemaining() && channel.read(trailer, end + trailer.position()) >= 0) {
        // positional reads until the trailer is full
      }
      return !trailer.hasRemaining() && trailer.getLong(0) == crc.getValue();
    }
  }

  /** A read buffer of 1 MiB, or less for a small file. */
  private static int bufferSize(long fileSize) {
    return Math.clamp(fileSize, 8192, BUFFER);
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // a stale temporary file does no harm: readers never look at *.tmp
    }
  }
}
