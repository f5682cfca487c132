package dev.quarry.cache;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The append-only file of a persistent cache, {@value #NAME}: a {@link CacheFileHeader} followed by fixed-length
 * records (see {@link RecordCodec}). A new file is written under a temporary name and renamed into place, so the
 * file either does not exist or starts with a whole header.
 *
 * <p>Lifecycle: {@link #open} (which creates the file if needed and checks its header), {@link #scan} once, then
 * {@link #read} and {@link #append}, and {@link #close}. Thread-safe: reads are positional and may run alongside
 * each other and an append; appends are serialised. A record is readable once {@code append} has returned.
 */
final class CacheFile implements Closeable {
  /** The file's name in the cache folder. */
  static final String NAME = "embeddings.qcache";
  /** Bytes read or written per I/O call when scanning or appending many records, roughly. */
  private static final int IO_CHUNK_BYTES = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final int dimension;
  private final int headerBytes;
  private final int recordBytes;
  private long end; // guarded by this

  private CacheFile(Path file, FileChannel channel, CacheFileHeader header) {
    this.file = file;
    this.channel = channel;
    this.dimension = header.dimension();
    this.headerBytes = header.length();
    this.recordBytes = RecordCodec.recordBytes(dimension);
  }

  /**
   * Opens the cache file in {@code folder} for {@code expected}'s model, creating it if it does not exist. The
   * caller must hold the folder's lock.
   *
   * @throws IllegalArgumentException if the file holds the vectors of another model identity or dimension
   * @throws IndexCorruptedException if the file is not a cache file, is of a newer format or its header is damaged
   * @throws StorageException if the file cannot be created or read
   */
  static CacheFile open(Path folder, CacheFileHeader expected) {
    Path file = folder.resolve(NAME);
    FileChannel channel = null;
    try {
      if (!Files.exists(file)) {
        create(folder, file, expected);
      }
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      CacheFileHeader found = CacheFileHeader.read(file, channel);
      if (!found.equals(expected)) {
        throw new IllegalArgumentException(file + " caches the " + found.dimension() + "-d vectors of model '"
            + found.modelIdentity() + "', but this cache is for the " + expected.dimension() + "-d vectors of model '"
            + expected.modelIdentity() + "': vectors of two models are never mixed; give this cache its own folder");
      }
      CacheFile opened = new CacheFile(file, channel, found);
      channel = null;
      return opened;
    } catch (IOException e) {
      throw new StorageException(file, "cannot open embedding cache file " + file + ": " + e, e);
    } finally {
      closeQuietly(channel);
    }
  }

  private static void create(Path folder, Path file, CacheFileHeader header) throws IOException {
    Path temporary = folder.resolve(NAME + ".tmp");
    Files.deleteIfExists(temporary); // left by a crash during an earlier create
    try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = header.encode();
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(folder);
  }

  /**
   * Reads every record, passing each one that passes its checksum to {@code sink} with its byte offset, in file
   * order, and cuts off a torn tail; see {@link CacheFileScan}. Call once, before any append.
   *
   * @throws StorageException if the file cannot be read or cut
   */
  synchronized CacheFileScan.Result scan(BiConsumer<CacheKey, Long> sink) {
    try {
      CacheFileScan.Result result = new CacheFileScan(file, channel, headerBytes, recordBytes, IO_CHUNK_BYTES)
          .run(sink);
      end = result.validEnd();
      return result;
    } catch (IOException e) {
      throw new StorageException(file, "cannot read embedding cache file " + file + ": " + e, e);
    }
  }

  /**
   * Reads the vector of {@code key} from the record at {@code offset}; null if that record fails its checksum or
   * holds another key.
   */
  float[] read(CacheKey key, long offset) throws IOException {
    ByteBuffer record = ByteBuffer.allocate(recordBytes);
    FileReads.readExactly(channel, record, offset);
    if (!RecordCodec.verifies(record, 0, recordBytes) || !RecordCodec.key(record, 0).equals(key)) {
      return null;
    }
    return RecordCodec.vector(record, 0, dimension);
  }

  /**
   * Appends a record for each key and vector (same order and count), in as few writes as the batch allows; returns
   * the offset of each record. The records are in the operating system's hands, not necessarily on the disk; see
   * {@link #force}.
   */
  synchronized long[] append(List<CacheKey> keys, List<float[]> vectors) throws IOException {
    long[] offsets = new long[keys.size()];
    int perWrite = Math.max(1, IO_CHUNK_BYTES / recordBytes);
    ByteBuffer buffer = ByteBuffer.allocate(Math.min(keys.size(), perWrite) * recordBytes);
    long position = end;
    for (int i = 0; i < keys.size(); i++) {
      offsets[i] = position + buffer.position();
      RecordCodec.encode(buffer, keys.get(i), vectors.get(i));
      if (!buffer.hasRemaining() || i == keys.size() - 1) {
        buffer.flip();
        position += writeFully(buffer, position);
        buffer.clear();
      }
    }
    end = position;
    return offsets;
  }

  /** Forces what was appended to the disk. */
  void force() throws IOException {
    channel.force(false);
  }

  /** The file's path. */
  Path path() {
    return file;
  }

  /** Forces the file to the disk and closes it. */
  @Override
  public void close() throws IOException {
    try {
      if (channel.isOpen()) {
        channel.force(false);
      }
    } finally {
      channel.close();
    }
  }

  private int writeFully(ByteBuffer buffer, long position) throws IOException {
    int written = 0;
    while (buffer.hasRemaining()) {
      written += channel.write(buffer, position + written);
    }
    return written;
  }

  private static void syncDirectory(Path folder) {
    try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory; there the rename is durable without it.
    }
  }

  static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }
}
