package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.vectorstore.FsyncPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p>Internal, not API. Thread-safe: appends are serialised. If a write or a force fails, the log refuses every
 * later append, because a record after a half-written one would be lost on replay; the store must be reopened.
 * Note that interrupting a thread in {@link #append} closes the underlying channel and so fails the log too.
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
  private boolean failed;
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
   * @throws UncheckedIOException if the file exists or cannot be written
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
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create write-ahead log " + file, e);
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
      throw new UncheckedIOException("cannot create write-ahead log " + file, (IOException) e);
    }
  }

  /**
   * Opens a log that has been {@link #replay}ed (so its tail is sound) for appending at its end.
   *
   * @throws IndexCorruptedException if the header is damaged
   * @throws UncheckedIOException if the file cannot be opened
   */
  public static WriteAheadLog openForAppend(Path file, FsyncPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("fsync policy must not be null");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open write-ahead log " + file, e);
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
      throw new UncheckedIOException("cannot open write-ahead log " + file, (IOException) e);
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
   * @throws UncheckedIOException if the file cannot be read or truncated
   */
  public static Replay replay(Path file, long expectedGeneration, int expectedDimension, boolean truncateDamage,
      Consumer<LogEntry> sink) {
    return LogReplay.run(file, expectedGeneration, expectedDimension, truncateDamage, sink);
  }

  /**
   * Appends one entry. With {@link FsyncPolicy#ALWAYS} it is on disk when this returns.
   *
   * @throws IllegalArgumentException if an upserted vector does not have the log's dimension
   * @throws IllegalStateException if the log is closed or failed earlier
   * @throws UncheckedIOException if the write fails (the log is then failed)
   */
  public synchronized void append(LogEntry entry) {
    checkUsable();
    ByteBuffer frame = LogEntryCodec.encode(entry, dimension, version);
    boolean done = false;
    try {
      writeFully(channel, frame);
      if (policy == FsyncPolicy.ALWAYS) {
        channel.force(false);
      }
      size += frame.limit();
      done = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to write-ahead log " + file, e);
    } finally {
      failed = !done;
    }
  }

  /** Forces every appended entry to disk. */
  public synchronized void sync() {
    checkUsable();
    boolean done = false;
    try {
      channel.force(false);
      done = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync write-ahead log " + file, e);
    } finally {
      failed = !done;
    }
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

  /** Forces the log to disk (unless it failed) and closes it; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      if (!failed) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close write-ahead log " + file, e);
    }
  }

  private void checkUsable() {
    if (failed) {
      throw new IllegalStateException("write-ahead log " + file + " failed earlier; reopen the store");
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
