package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.vectorstore.FsyncPolicy;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of the changes made since the last snapshot, so an acknowledged write survives a crash.
 *
 * <p>Layout (big-endian):
 *
 * <ol>
 *   <li>header: magic {@code "QRYW"} (int), format version (int), generation (long), dimension (int), CRC32C of
 *       those 20 bytes (int);
 *   <li>records, each: payload length (int), CRC32C of the payload (int), payload (see {@link LogEntry} and
 *       {@code LogEntryCodec}).
 * </ol>
 *
 * <p>Lifecycle: {@link #create} a new log, or {@link #replay} an existing one and then {@link #openForAppend} it.
 * A crash can leave the last record half-written; replay cuts such a torn tail off and carries on. A damaged
 * record followed by more data is an {@link IndexCorruptedException}: Quarry does not skip records it cannot read.
 *
 * <p>Internal, not API. Thread-safe: appends are serialised. If a write or a force fails, the log refuses every
 * later append, because a record after a half-written one would be lost on replay; the store must be reopened.
 * Note that interrupting a thread in {@link #append} closes the underlying channel and so fails the log too.
 */
public final class WriteAheadLog implements Closeable {
  static final int MAGIC = 0x51525957; // "QRYW"
  static final int VERSION = 1;
  /** Length of the header, which is all an empty log holds. */
  public static final int HEADER_BYTES = 24;
  private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);

  private final Path file;
  private final FileChannel channel;
  private final FsyncPolicy policy;
  private final long generation;
  private final int dimension;
  private long size;
  private boolean failed;
  private boolean closed;

  private WriteAheadLog(Path file, FileChannel channel, FsyncPolicy policy, Header header, long size) {
    this.file = file;
    this.channel = channel;
    this.policy = policy;
    this.generation = header.generation();
    this.dimension = header.dimension();
    this.size = size;
  }

  /** What {@link #replay} found: entries fed to the sink, the length kept, and the torn tail cut off (0 if none). */
  public record Replay(int entries, long validLength, long bytesCut) {}

  /**
   * Creates a new, empty log; fails if {@code file} exists. The header is forced to disk and the directory
   * synced before this returns.
   *
   * @throws UncheckedIOException if the file exists or cannot be written
   */
  public static WriteAheadLog create(Path file, long generation, int dimension, FsyncPolicy policy) {
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
      header.putInt(MAGIC).putInt(VERSION).putLong(generation).putInt(dimension);
      CRC32C crc = new CRC32C();
      crc.update(header.array(), 0, HEADER_BYTES - 4);
      header.putInt((int) crc.getValue()).flip();
      writeFully(channel, header);
      channel.force(true);
      Directories.sync(file.toAbsolutePath().getParent());
      return new WriteAheadLog(file, channel, policy, new Header(generation, dimension), HEADER_BYTES);
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

  /**
   * Feeds every entry of the log to {@code sink}, in order, then cuts off a torn tail: what a crash mid-append
   * leaves. A record is a torn tail if its length header is incomplete, its length is below 1 or runs past the end
   * of the file, or it fails its checksum with nothing but zero bytes (or nothing) after it. The file is
   * truncated to the end of the last good record, with a warning. (A damaged length field cannot be told from a
   * torn tail, so it, too, cuts the log there; a damaged payload followed by more data is corruption.)
   *
   * <p>If this throws, the sink may already have seen earlier entries; whatever it built must be discarded.
   *
   * @throws IndexCorruptedException if the header does not match, or a record before the tail is damaged
   * @throws UncheckedIOException if the file cannot be read or truncated
   */
  public static Replay replay(Path file, long expectedGeneration, int expectedDimension, Consumer<LogEntry> sink) {
    long validLength;
    long fileSize;
    int entries = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      fileSize = channel.size();
      InputStream raw = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
      DataInputStream in = new DataInputStream(raw);
      byte[] headerBytes = new byte[(int) Math.min(HEADER_BYTES, fileSize)];
      in.readFully(headerBytes);
      Header header = checkHeader(file, ByteBuffer.wrap(headerBytes), fileSize);
      if (header.generation() != expectedGeneration) {
        throw new IndexCorruptedException(
            file, "log is generation " + header.generation() + ", the store expects " + expectedGeneration);
      }
      if (header.dimension() != expectedDimension) {
        throw new IndexCorruptedException(
            file,
            "log holds " + header.dimension() + "-d vectors, the store has " + expectedDimension + "-d");
      }
      long position = HEADER_BYTES;
      CRC32C crc = new CRC32C();
      while (true) {
        long remaining = fileSize - position;
        if (remaining < LogEntryCodec.FRAME_HEADER) {
          break; // clean end, or a length header cut short
        }
        int length = in.readInt();
        int checksum = in.readInt();
        if (length < 1 || length > remaining - LogEntryCodec.FRAME_HEADER) {
          break; // a length no complete record can have: the tail is torn
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        crc.reset();
        crc.update(payload);
        long end = position + LogEntryCodec.FRAME_HEADER + length;
        if ((int) crc.getValue() != checksum) {
          if (end == fileSize || zeros(channel, end, fileSize)) {
            break; // the last record never finished writing
          }
          throw new IndexCorruptedException(
              file, "record " + (entries + 1) + " at byte offset " + position + " fails its checksum");
        }
        LogEntry entry;
        try {
          entry = LogEntryCodec.decode(payload, header.dimension());
        } catch (IOException e) {
          throw new IndexCorruptedException(
              file,
              "record " + (entries + 1) + " at byte offset " + position + " cannot be decoded: " + e.getMessage(),
              e);
        }
        sink.accept(entry);
        entries++;
        position = end;
      }
      validLength = position;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read write-ahead log " + file, e);
    }
    long cut = fileSize - validLength;
    if (cut > 0) {
      truncate(file, validLength);
      LOG.warn(
          "{}: cut {} bytes of a torn tail (a record a crash left half-written) after {} good entries",
          file, cut, entries);
    }
    return new Replay(entries, validLength, cut);
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
    ByteBuffer frame = LogEntryCodec.encode(entry, dimension);
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

  private record Header(long generation, int dimension) {}

  /** Checks magic, version and checksum of the (up to 24) header bytes of a file of {@code fileSize} bytes. */
  private static Header checkHeader(Path file, ByteBuffer header, long fileSize) {
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
    if (version != VERSION) {
      throw new IndexCorruptedException(
          file, "write-ahead log format version " + version + " is not supported (this Quarry reads "
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
    return new Header(header.getLong(8), dimension);
  }

  /** Whether bytes {@code from} to {@code to} of the file are all zero. */
  private static boolean zeros(FileChannel channel, long from, long to) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    long position = from;
    while (position < to) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), to - position));
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new EOFException("file shrank while being read");
      }
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) != 0) {
          return false;
        }
      }
      position += n;
    }
    return true;
  }

  private static void truncate(Path file, long length) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(length);
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot cut the torn tail off write-ahead log " + file, e);
    }
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
