package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the records of a {@link WriteAheadLog} for {@link WriteAheadLog#replay} and decides how the log ends: cleanly,
 * with a torn tail (what a crash during an append leaves: cut, with a warning), or with damage (refused, or cut
 * when the caller asked for that). A torn tail can only be the end of the file, so the rules look at what follows
 * a bad record: a partial record, or zero bytes, is a tail; anything a complete record could have left is damage.
 *
 * <p>Internal, not API. One instance reads one file once, on one thread.
 */
final class LogReplay {
  private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);

  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private final int version;
  private final int frameHeader;
  private final int dimension;
  private int entries;

  /** Where the good records end and why: {@code problem} is null at a clean end. */
  private record End(long position, boolean damaged, String problem) {}

  private LogReplay(Path file, FileChannel channel, long fileSize, WriteAheadLog.Header header) {
    this.file = file;
    this.channel = channel;
    this.fileSize = fileSize;
    this.version = header.version();
    this.frameHeader = LogEntryCodec.frameHeader(version);
    this.dimension = header.dimension();
  }

  static WriteAheadLog.Replay run(Path file, long expectedGeneration, int expectedDimension, boolean truncateDamage,
      Consumer<LogEntry> sink) {
    End end;
    long fileSize;
    int entries;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      fileSize = channel.size();
      DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      byte[] headerBytes = new byte[(int) Math.min(WriteAheadLog.HEADER_BYTES, fileSize)];
      in.readFully(headerBytes);
      WriteAheadLog.Header header = WriteAheadLog.checkHeader(file, ByteBuffer.wrap(headerBytes), fileSize);
      if (header.generation() != expectedGeneration) {
        throw new IndexCorruptedException(
            file, "log is generation " + header.generation() + ", the store expects " + expectedGeneration);
      }
      if (header.dimension() != expectedDimension) {
        throw new IndexCorruptedException(
            file, "log holds " + header.dimension() + "-d vectors, the store has " + expectedDimension + "-d");
      }
      LogReplay replay = new LogReplay(file, channel, fileSize, header);
      end = replay.read(in, sink);
      entries = replay.entries;
    } catch (IOException e) {
      throw new StorageException(file, "cannot read write-ahead log " + file + ": " + e, e);
    }
    long cut = fileSize - end.position();
    if (end.damaged() && !truncateDamage) {
      throw new IndexCorruptedException(file, end.problem() + ", with " + cut + " bytes from there to the end of"
          + " the file: damage, not a crash's torn tail. The file was left as it is; restore it, or open the store"
          + " with EmbeddedVectorStore.Builder.truncateCorruptLog(true) to keep the " + entries
          + " records before the damage and drop everything from it on");
    }
    if (cut > 0) {
      truncate(file, end.position());
      if (end.damaged()) {
        LOG.warn("{}: truncating a corrupt log as asked: cut {} bytes at byte offset {} ({}); kept the {} entries"
            + " before it, dropped everything after", file, cut, end.position(), end.problem(), entries);
      } else {
        LOG.warn("{}: cut {} bytes of a torn tail ({}, what a crash during a write leaves) at byte offset {}, after"
            + " {} good entries", file, cut, end.problem(), end.position(), entries);
      }
    }
    return new WriteAheadLog.Replay(entries, end.position(), cut, end.damaged());
  }

  private End read(DataInputStream in, Consumer<LogEntry> sink) throws IOException {
    long position = WriteAheadLog.HEADER_BYTES;
    CRC32C crc = new CRC32C();
    byte[] frame = new byte[frameHeader];
    while (true) {
      long remaining = fileSize - position;
      if (remaining == 0) {
        return new End(position, false, null);
      }
      if (remaining < frameHeader) {
        return torn(position, "a record header cut short");
      }
      in.readFully(frame);
      int length = ByteBuffer.wrap(frame).getInt(0);
      int checksum = ByteBuffer.wrap(frame).getInt(4);
      String where = "record " + (entries + 1) + " at byte offset " + position;
      if (version >= 2 && !LogEntryCodec.headerVerifies(frame)) {
        return zeros(position) ? torn(position, "zero bytes")
            : damaged(position, where + " has a damaged header (its length and checksum fail their own checksum)");
      }
      if (length < 1) {
        return zeros(position) ? torn(position, "zero bytes")
            : damaged(position, where + " has an impossible length " + length);
      }
      if (length > remaining - frameHeader) {
        long complete = version == 1 ? completeLength(position + frameHeader, checksum) : 0;
        return complete == 0 ? torn(position, "a last record that runs past the end of the file")
            : damaged(position, where + " has a damaged length field: it says " + length + " bytes, past the end"
                + " of the file, but the record's first " + complete + " bytes pass its checksum");
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      crc.reset();
      crc.update(payload);
      long end = position + frameHeader + length;
      if ((int) crc.getValue() != checksum) {
        return zeros(end) ? torn(position, "a last record that fails its checksum")
            : damaged(position, where + " fails its checksum");
      }
      LogEntry entry;
      try {
        entry = LogEntryCodec.decode(payload, dimension);
      } catch (IOException e) {
        return damaged(position, where + " cannot be decoded: " + e.getMessage());
      }
      sink.accept(entry);
      entries++;
      position = end;
    }
  }

  private static End torn(long position, String what) {
    return new End(position, false, what);
  }

  private static End damaged(long position, String problem) {
    return new End(position, true, problem);
  }

  /**
   * For a version-1 record whose length runs past the end of the file: the length of the shortest prefix of the
   * bytes from {@code from} that passes {@code checksum}, or 0 if none does. A prefix that passes shows the record
   * was complete and its length field is what broke; a half-written record has none (but by a 2^-32 chance).
   */
  private long completeLength(long from, int checksum) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    long position = from;
    while (position < fileSize) {
      int n = readAt(buffer, position);
      for (int i = 0; i < n; i++) {
        crc.update(buffer.get(i));
        if ((int) crc.getValue() == checksum) {
          return position - from + i + 1;
        }
      }
      position += n;
    }
    return 0;
  }

  /** Whether the bytes from {@code from} to the end of the file are all zero (true when there are none). */
  private boolean zeros(long from) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    long position = from;
    while (position < fileSize) {
      int n = readAt(buffer, position);
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) != 0) {
          return false;
        }
      }
      position += n;
    }
    return true;
  }

  /** Reads up to a buffer's worth at {@code position} (not past the end of the file); returns the count. */
  private int readAt(ByteBuffer buffer, long position) throws IOException {
    buffer.clear().limit((int) Math.min(buffer.capacity(), fileSize - position));
    int n = channel.read(buffer, position);
    if (n < 0) {
      throw new EOFException("file shrank while being read");
    }
    return n;
  }

  private static void truncate(Path file, long length) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(length);
      channel.force(true);
    } catch (IOException e) {
      throw new StorageException(
          file, "cannot cut write-ahead log " + file + " at byte offset " + length + ": " + e, e);
    }
  }
}
