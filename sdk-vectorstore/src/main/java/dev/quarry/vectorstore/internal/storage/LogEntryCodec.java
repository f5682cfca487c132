package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.store.VectorRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of one {@link WriteAheadLog} record. Version 2 (written today): payload length (int), CRC32C of the
 * payload (int), CRC32C of those 8 bytes (int), payload; the third field lets replay trust a length, so a damaged
 * length field is told from a record a crash left half-written. Version 1 (still read, and appended to in a log
 * that has it): the same without the third field. The payload is a type byte, then for an upsert the record count
 * (int) and per record the chunk ({@link ChunkCodec}) and its {@code dimension} floats; for a delete the id count
 * (int) and the ids ({@link Strings}).
 */
final class LogEntryCodec {
  private static final byte UPSERT = 1;
  private static final byte DELETE = 2;
  /** The size of the pieces a payload is encoded in. */
  static final int PIECE = 1 << 20;

  private LogEntryCodec() {}

  /** Bytes before the payload in a log of {@code version}: 8 in version 1, 12 from version 2. */
  static int frameHeader(int version) {
    return version == 1 ? 8 : 12;
  }

  /** Whether the 12-byte header of a version-2 record passes its own checksum. */
  static boolean headerVerifies(byte[] frame) {
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, 8);
    return (int) crc.getValue() == ByteBuffer.wrap(frame).getInt(8);
  }

  /** Takes the pieces of a payload, in order. */
  @FunctionalInterface
  interface PieceSink {
    /** Takes the bytes from {@code piece}'s position to its limit; the buffer is reused after it returns. */
    void accept(ByteBuffer piece) throws IOException;
  }

  /** A payload's length and CRC32C, computed before any of it is written. */
  record Summary(long length, int crc) {}

  /**
   * Passes an entry's payload to {@code sink} in pieces of at most {@link #PIECE} bytes, encoded in {@code piece}
   * (from {@link #newPiece}; one larger piece for a chunk that does not fit), encoding as it goes: a batch of any
   * size is never a single array on the heap. The same entry gives the same bytes each time, so a caller can
   * {@link #summarise} it first and write it after.
   *
   * @throws IllegalArgumentException if a record's vector is not {@code dimension}-d
   */
  static void writePayload(LogEntry entry, int dimension, ByteBuffer piece, PieceSink sink) throws IOException {
    piece.clear();
    Buffer chunkBytes = new Buffer();
    DataOutputStream chunkOut = new DataOutputStream(chunkBytes);
    switch (entry) {
      case LogEntry.Upsert upsert -> {
        piece.put(UPSERT).putInt(upsert.records().size());
        for (VectorRecord record : upsert.records()) {
          if (record.dimension() != dimension) {
            throw new IllegalArgumentException(
                "record '" + record.id() + "' has a " + record.dimension() + "-d vector, the log holds "
                    + dimension + "-d");
          }
          chunkBytes.reset();
          ChunkCodec.write(chunkOut, record.chunk());
          chunkOut.flush();
          put(piece, chunkBytes.array(), chunkBytes.size(), sink);
          putFloats(piece, record.vectorView(), sink);
        }
      }
      case LogEntry.Delete delete -> {
        piece.put(DELETE).putInt(delete.ids().size());
        for (String id : delete.ids()) {
          chunkBytes.reset();
          Strings.write(chunkOut, id);
          chunkOut.flush();
          put(piece, chunkBytes.array(), chunkBytes.size(), sink);
        }
      }
    }
    flush(piece, sink);
  }

  /** A buffer for {@link #writePayload}. */
  static ByteBuffer newPiece() {
    return ByteBuffer.allocate(PIECE);
  }

  /**
   * The length and checksum of an entry's payload, from one encoding pass (in {@code piece}) that keeps nothing.
   */
  static Summary summarise(LogEntry entry, int dimension, ByteBuffer piece) {
    CRC32C crc = new CRC32C();
    long[] length = {0};
    try {
      writePayload(entry, dimension, piece, bytes -> {
        length[0] += bytes.remaining();
        crc.update(bytes);
      });
    } catch (IOException e) {
      throw new IllegalStateException("summing bytes cannot fail", e);
    }
    return new Summary(length[0], (int) crc.getValue());
  }

  /** The header of a record of {@code version} whose payload is summarised by {@code payload}. */
  static ByteBuffer header(Summary payload, int version) {
    if (payload.length() > Integer.MAX_VALUE - 12) {
      throw new IllegalArgumentException("a batch of " + payload.length() + " bytes is too large for one log"
          + " record (at most 2 GiB); upsert it in smaller batches");
    }
    ByteBuffer header = ByteBuffer.allocate(frameHeader(version));
    header.putInt(0, (int) payload.length()).putInt(4, payload.crc());
    if (version >= 2) {
      CRC32C crc = new CRC32C();
      crc.update(header.array(), 0, 8);
      header.putInt(8, (int) crc.getValue());
    }
    return header;
  }

  /** The whole record (header and payload) in one buffer: for tests and small entries. */
  static ByteBuffer encode(LogEntry entry, int dimension, int version) {
    ByteBuffer piece = newPiece();
    ByteBuffer header = header(summarise(entry, dimension, piece), version);
    Buffer bytes = new Buffer();
    bytes.write(header.array(), 0, header.capacity());
    try {
      writePayload(entry, dimension, piece,
          out -> bytes.write(out.array(), out.arrayOffset() + out.position(), out.remaining()));
    } catch (IOException e) {
      throw new IllegalStateException("writing to a byte array cannot fail", e);
    }
    return ByteBuffer.wrap(bytes.array(), 0, bytes.size());
  }

  private static void put(ByteBuffer piece, byte[] bytes, int length, PieceSink sink) throws IOException {
    if (piece.remaining() < length) {
      flush(piece, sink);
    }
    if (piece.remaining() < length) {
      sink.accept(ByteBuffer.wrap(bytes, 0, length));
    } else {
      piece.put(bytes, 0, length);
    }
  }

  /** Puts a vector's floats, big-endian, flushing as the piece fills (a vector may be larger than a piece). */
  private static void putFloats(ByteBuffer piece, FloatBuffer vector, PieceSink sink) throws IOException {
    while (vector.hasRemaining()) {
      int room = piece.remaining() / Float.BYTES;
      if (room == 0) {
        flush(piece, sink);
        continue;
      }
      int n = Math.min(room, vector.remaining());
      piece.asFloatBuffer().put(vector.slice(vector.position(), n));
      vector.position(vector.position() + n);
      piece.position(piece.position() + n * Float.BYTES);
    }
  }

  private static void flush(ByteBuffer piece, PieceSink sink) throws IOException {
    piece.flip();
    if (piece.hasRemaining()) {
      sink.accept(piece);
    }
    piece.clear();
  }

  /**
   * Decodes a payload whose checksum has been verified.
   *
   * @throws Strings.FormatException if it is not a valid entry for {@code dimension}-d vectors
   */
  static LogEntry decode(byte[] payload, int dimension) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    long limit = payload.length;
    byte type = in.readByte();
    int count = in.readInt();
    if (count < 0 || count > limit) {
      throw new Strings.FormatException("bad entry count " + count);
    }
    LogEntry entry =
        switch (type) {
          case UPSERT -> {
            List<VectorRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              var chunk = ChunkCodec.read(in, limit);
              float[] vector = ChunkCodec.readFloats(in, dimension);
              try {
                records.add(new VectorRecord(chunk, vector));
              } catch (IllegalArgumentException e) {
                throw new Strings.FormatException("bad record: " + e.getMessage(), e);
              }
            }
            yield new LogEntry.Upsert(records);
          }
          case DELETE -> {
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              ids.add(Strings.read(in, limit));
            }
            yield new LogEntry.Delete(ids);
          }
          default -> throw new Strings.FormatException("unknown entry type " + type);
        };
    if (in.available() != 0) {
      throw new Strings.FormatException(in.available() + " unexpected bytes after the entry");
    }
    return entry;
  }

  /** A byte array stream that hands over its array instead of copying it. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(256);
    }

    byte[] array() {
      return buf;
    }
  }
}
