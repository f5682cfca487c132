package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.store.VectorRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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

  /** The whole record (header and payload) in the layout of {@code version}, ready for one write. */
  static ByteBuffer encode(LogEntry entry, int dimension, int version) {
    int header = frameHeader(version);
    Buffer bytes = new Buffer();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[header]); // filled in below
      switch (entry) {
        case LogEntry.Upsert upsert -> {
          out.writeByte(UPSERT);
          out.writeInt(upsert.records().size());
          for (VectorRecord record : upsert.records()) {
            if (record.dimension() != dimension) {
              throw new IllegalArgumentException(
                  "record '" + record.id() + "' has a " + record.dimension() + "-d vector, the log holds "
                      + dimension + "-d");
            }
            ChunkCodec.write(out, record.chunk());
            ChunkCodec.writeFloats(out, record.vector());
          }
        }
        case LogEntry.Delete delete -> {
          out.writeByte(DELETE);
          out.writeInt(delete.ids().size());
          for (String id : delete.ids()) {
            Strings.write(out, id);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to a byte array cannot fail", e);
    }
    int payload = bytes.size() - header;
    CRC32C crc = new CRC32C();
    crc.update(bytes.array(), header, payload);
    ByteBuffer frame = ByteBuffer.wrap(bytes.array(), 0, bytes.size());
    frame.putInt(0, payload).putInt(4, (int) crc.getValue());
    if (header == 12) {
      crc.reset();
      crc.update(bytes.array(), 0, 8);
      frame.putInt(8, (int) crc.getValue());
    }
    return frame;
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
