package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import dev.quarry.api.StoreFailedException;
import dev.quarry.vectorstore.FsyncPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * An append-only log of the changes made since the last snapshot, so an acknowledged write survives a crash.
 *
 * <p>Layout (big-endian):
 *
 * <ol>
 *   <li>header: magic {@code "QRYW"} (int), format version (int), generation (long), dimension (int), CRC32C of
 *       those 20 bytes (int);
 *   <li>records, each: payload length (int), CRC32C of the payload (int), from version 2 a CRC32C of those two
 *       fields (int), then the payload (see {@link LogEntry} and {@code LogEntryCodec}).
 * </ol>
 *
 * <p>New logs are version 2; a version-1 log (an older Quarry's) is replayed and appended to in its own layout.
 *
 * <p>Lifecycle: {@link #create} a new log, or {@link #replay} an existing one and then {@link #openForAppend} it.
 * A crash can leave the last record half-written; replay cuts such a torn tail off and carries on. Damage before
 * the end of the file is an {@link IndexCorruptedException} naming the byte offset: Quarry does not skip records
 * it cannot read, nor cut records it could read, unless the caller asks for the log to be truncated at the damage.
 *
 * <p>I/O failures are {@link StorageException}s naming the file. If a write or a force fails, that call and every
 * later append throw {@link StoreFailedException}: a record after a half-written one would be lost on replay, and
 * after a failed {@code fsync} the operating system may have dropped the pages it could not write, so what the
 * file holds is unknown; the store must be reopened. Note that interrupting a thread in {@link #append} closes the
 * underlying channel and so fails the log too.
 *
 * <p>Internal, not API. Thread-safe: appends are serialised.
 */
public final class WriteAheadLog implements Closeable {
  static final int MAGIC = 0x51525957; // "QRYW"
  /** The version new logs are written in. */
  static final int VERSION = 2;
  /** Length of the header, which is all an empty log holds. */
  public static final int HEADER_BYTES = 24;

  private final Path file;
  private final FileChannel channel;
  private final FsyncPolicy policy;
  private final int version;
  private final long generation;
  private final int dimension;
  private long size;
  /** The write or force that failed, after which the log refuses appends; null while it is sound. */
  private Throwable failure;
  private boolean closed;

  private WriteAheadLog(Path file, FileChannel channel, FsyncPolicy policy, Header header, long size) {
    this.file = file;
    this.channel = channel;
    this.policy = policy;
    this.version = header.version();
    this.generation = header.generation();
    this.dimension = header.dimension();
    this.size = size;
  }

  /**
   * What {@link #replay} found.
   *
   * @param entries the entries fed to the sink
   * @param validLength the length kept: the end of the last good record, where anything after it was cut
   * @param bytesCut the bytes cut off after {@code validLength} (0 if none)
   * @param damaged whether what was cut was damage (only when the caller asked for that) rather than a torn tail
   */
  public record Replay(int entries, long validLength, long bytesCut, boolean damaged) {}

  /**
   * Creates a new, empty log; fails if {@code file} exists. The header is forced to disk and the directory
   * synced before this returns.
   *
   * @throws StorageException if the file exists or cannot be written
   */
  public static WriteAheadLog create(Path file, long generation, int dimension, FsyncPolicy policy) {
    return create(file, generation, dimension, policy, VERSION);
  }

  /** {@link #create} in the layout of {@code version} (tests write version-1 logs as an older Quarry did). */
  static WriteAheadLog create(Path file, long generation, int dimension, FsyncPolicy policy, int version) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, was " + dimension);
    }
    if (policy == null) {
      throw new IllegalArgumentException("fsync policy must not be null");
    }
    FileChannel channel;
    try {
      channel = FileChannels.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StorageException(file, "cannot create write-ahead log " + file + ": " + e, e);
    }
    try {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      header.putInt(MAGIC).putInt(version).putLong(generation).putInt(dimension);
      CRC32C crc = new CRC32C();
      crc.update(header.array(), 0, HEADER_BYTES - 4);
      header.putInt((int) crc.getValue()).flip();
      writeFully(channel, header);
      channel.force(true);
      Directories.sync(file.toAbsolutePath().getParent());
      return new WriteAheadLog(file, channel, policy, new Header(version, generation, dimension), HEADER_BYTES);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel, e);
      try {
        Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException(file, "cannot create write-ahead log " + file + ": " + e, e);
    }
  }

  /**
   * Opens a log that has been {@link #replay}ed (so its tail is sound) for appending at its end.
   *
   * @throws IndexCorruptedException if the header is damaged
   * @throws StorageException if the file cannot be opened
   */
  public static WriteAheadLog openForAppend(Path file, FsyncPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("fsync policy must not be null");
    }
    FileChannel channel;
    try {
      channel = FileChannels.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StorageException(file, "cannot open write-ahead log " + file + ": " + e, e);
    }
    try {
      long size = channel.size();
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
        // positional reads until the header is full or the file ends
      }
      Header checked = checkHeader(file, header.flip(), size);
      channel.position(size);
      return new WriteAheadLog(file, channel, policy, checked, size);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel, e);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException(file, "cannot open write-ahead log " + file + ": " + e, e);
    }
  }

  /** {@link #replay(Path, long, int, boolean, Consumer)} that refuses damage (never truncates at it). */
  public static Replay replay(Path file, long expectedGeneration, int expectedDimension, Consumer<LogEntry> sink) {
    return replay(file, expectedGeneration, expectedDimension, false, sink);
  }

  /**
   * Feeds every entry of the log to {@code sink}, in order, then cuts off a torn tail: what a crash mid-append
   * leaves, which can only be at the end of the file. A torn tail is a record header cut short; a record whose
   * length runs past the end of the file (version 2 checks the length against its own checksum; for version 1,
   * no prefix of what follows may pass the record's checksum, or its length field was damaged); or a record that
   * fails its checksum, or a header of zero bytes, with nothing but zero bytes after it. The file is truncated to
   * the end of the last good record, with a warning.
   *
   * <p>Anything else is damage: a record header that fails its checksum, an impossible length, a checksum failure
   * followed by non-zero bytes, a payload that does not decode. It throws, leaving the file as it is, unless
   * {@code truncateDamage} is set: then the log is cut at the damaged record, with a warning naming the offset
   * and the bytes dropped, and the result says {@link Replay#damaged()}.
   *
   * <p>If this throws, the sink may already have seen earlier entries; whatever it built must be discarded.
   *
   * @throws IndexCorruptedException if the header is damaged or does not match (whatever {@code truncateDamage}
   *     says), or a record before the end of the file is damaged and {@code truncateDamage} is not set
   * @throws StorageException if the file cannot be read or truncated
   */
  public static Replay replay(Path file, long expectedGeneration, int expectedDimension, boolean truncateDamage,
      Consumer<LogEntry> sink) {
    return LogReplay.run(file, expectedGeneration, expectedDimension, truncateDamage, sink);
  }

  /**
   * Appends one entry. With {@link FsyncPolicy#ALWAYS} it is on disk when this returns.
   *
   * @throws IllegalArgumentException if an upserted vector does not have the log's dimension, or the entry would
   *     take more than 2 GiB; nothing is written then
   * @throws IllegalStateException if the log is closed
   * @throws StoreFailedException if the write or its force fails (the log is then failed), or failed earlier
   */
  public synchronized void append(LogEntry entry) {
    checkUsable();
    // Encoded twice, piece by piece: once for the header's length and checksum, once as it is written. A batch
    // is then never one array on the heap (a 100,000-vector batch would be 150 MB, grown by doubling).
    ByteBuffer piece = LogEntryCodec.newPiece(); // allocated before anything is written
    LogEntryCodec.Summary payload = LogEntryCodec.summarise(entry, dimension, piece);
    ByteBuffer header = LogEntryCodec.header(payload, version);
    String operation = "append to";
    try {
      writeFully(channel, header);
      LogEntryCodec.writePayload(entry, dimension, piece, bytes -> writeFully(channel, bytes));
      if (policy == FsyncPolicy.ALWAYS) {
        operation = "force (fsync)";
        channel.force(false);
      }
      size += header.capacity() + payload.length();
    } catch (IOException | RuntimeException e) {
      throw fail("cannot " + operation + " write-ahead log " + file, e);
    } catch (Error e) {
      failure = e; // part of a record may be on disk: no append may follow it
      throw e;
    }
  }

  /**
   * Forces every appended entry to disk.
   *
   * @throws IllegalStateException if the log is closed
   * @throws StoreFailedException if the force fails (the log is then failed), or failed earlier
   */
  public synchronized void sync() {
    checkUsable();
    try {
      channel.force(false);
    } catch (IOException | RuntimeException e) {
      throw fail("cannot force (fsync) write-ahead log " + file, e);
    }
  }

  /** Latches the log as failed by {@code e} and says so. */
  private StoreFailedException fail(String what, Exception e) {
    failure = e;
    return new StoreFailedException(file, what + " (" + e + "); it takes no more writes, as what it holds on disk"
        + " is no longer known: close the store and open it again", e);
  }

  /** The length of the log in bytes, header included. */
  public synchronized long size() {
    return size;
  }

  /** The log's file. */
  public Path file() {
    return file;
  }

  /** The generation written in the log's header. */
  public long generation() {
    return generation;
  }

  /** The dimension of the vectors the log holds. */
  public int dimension() {
    return dimension;
  }

  /**
   * Forces the log to disk (unless it failed) and closes it; a second call does nothing.
   *
   * @throws StoreFailedException if the force fails: writes appended since the last force may be lost
   * @throws StorageException if closing the file fails
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (failure == null) {
      try {
        channel.force(false);
      } catch (IOException | RuntimeException e) {
        failure = e;
        closeQuietly(channel, e);
        throw new StoreFailedException(file, "cannot force (fsync) write-ahead log " + file + " on close (" + e
            + "): the writes appended since the last force may be lost", e);
      }
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new StorageException(file, "cannot close write-ahead log " + file + ": " + e, e);
    }
  }

  /** Closes the log without forcing it: for a log a forced snapshot has made redundant, or one that failed. */
  public synchronized void discard() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      throw new StorageException(file, "cannot close write-ahead log " + file + ": " + e, e);
    }
  }

  private void checkUsable() {
    if (failure != null) {
      throw new StoreFailedException(file, "write-ahead log " + file + " failed earlier (" + failure + ") and takes"
          + " no more writes; close the store and open it again", failure);
    }
    if (closed) {
      throw new IllegalStateException("write-ahead log " + file + " is closed");
    }
  }

  /** The format version of the log, which fixes the layout of its records. */
  int version() {
    return version;
  }

  record Header(int version, long generation, int dimension) {}

  /** Checks magic, version and checksum of the (up to 24) header bytes of a file of {@code fileSize} bytes. */
  static Header checkHeader(Path file, ByteBuffer header, long fileSize) {
    if (header.remaining() < 4) {
      throw new IndexCorruptedException(file, "header is truncated (the file has " + fileSize + " bytes)");
    }
    if (header.getInt(0) != MAGIC) {
      throw new IndexCorruptedException(file, "not a Quarry write-ahead log (bad magic number)");
    }
    if (header.remaining() < 8) {
      throw new IndexCorruptedException(file, "header is truncated (the file has " + fileSize + " bytes)");
    }
    int version = header.getInt(4);
    if (version < 1 || version > VERSION) {
      throw new IndexCorruptedException(
          file, "write-ahead log format version " + version + " is not supported (this Quarry reads 1 to "
              + VERSION + ")");
    }
    if (header.remaining() < HEADER_BYTES) {
      throw new IndexCorruptedException(file, "header is truncated (the file has " + fileSize + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, HEADER_BYTES - 4);
    if ((int) crc.getValue() != header.getInt(HEADER_BYTES - 4)) {
      throw new IndexCorruptedException(file, "header checksum mismatch: the file is damaged");
    }
    int dimension = header.getInt(16);
    if (dimension <= 0) {
      throw new IndexCorruptedException(file, "bad dimension " + dimension + " in the header");
    }
    return new Header(version, header.getLong(8), dimension);
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static void closeQuietly(FileChannel channel, Exception failure) {
    try {
      channel.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
