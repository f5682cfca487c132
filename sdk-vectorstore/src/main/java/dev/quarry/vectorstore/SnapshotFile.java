package dev.quarry.vectorstore;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.internal.storage.MetadataCodec;
import dev.quarry.vectorstore.internal.storage.Strings;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * A whole store in one file, written to a temporary file, forced to disk and renamed over the old one, so a
 * crash leaves either the old or the new snapshot, never half of one.
 *
 * <p>Layout (big-endian):
 *
 * <ol>
 *   <li>magic {@code "QRYS"} (int), format version (int), dimension (int), metric ordinal (int), count (int);
 *   <li>per record: chunk id, document id, text (each an int byte length + UTF-8), metadata (see {@code
 *       MetadataCodec}), start and end offset (ints), the vector ({@code dimension} floats);
 *   <li>CRC32C of everything above (long).
 * </ol>
 */
final class SnapshotFile {
  static final int MAGIC = 0x51525953; // "QRYS"
  static final int VERSION = 1;

  private SnapshotFile() {}

  /** What a snapshot holds. */
  record Contents(int dimension, Metric metric, List<VectorRecord> records) {}

  static void write(Path file, int dimension, Metric metric, Iterable<VectorRecord> records, int count)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      writeTo(tmp, dimension, metric, records, count);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
  }

  private static void writeTo(Path tmp, int dimension, Metric metric, Iterable<VectorRecord> records, int count)
      throws IOException {
    CRC32C crc = new CRC32C();
    try (OutputStream raw = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(dimension);
      out.writeInt(metric.ordinal());
      out.writeInt(count);
      for (VectorRecord record : records) {
        Chunk chunk = record.chunk();
        Strings.write(out, chunk.id());
        Strings.write(out, chunk.documentId());
        Strings.write(out, chunk.text());
        MetadataCodec.write(out, chunk.metadata());
        out.writeInt(chunk.startOffset());
        out.writeInt(chunk.endOffset());
        for (float x : record.vector()) {
          out.writeFloat(x);
        }
      }
      out.flush();
      new DataOutputStream(raw).writeLong(crc.getValue());
    }
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Makes the rename durable; not every platform can open a directory, and then there is nothing to do. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Directories cannot be opened for sync on some platforms (Windows); the rename itself is atomic.
    }
  }

  static Contents read(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    CRC32C crc = new CRC32C();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc))) {
      if (in.readInt() != MAGIC) {
        throw new IndexCorruptedException(file, "not a Quarry store snapshot (bad magic number)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IndexCorruptedException(
            file, "snapshot format version " + version + " is not supported (this Quarry reads " + VERSION + ")");
      }
      int dimension = in.readInt();
      int metricOrdinal = in.readInt();
      int count = in.readInt();
      if (dimension <= 0 || count < 0 || metricOrdinal < 0 || metricOrdinal >= Metric.values().length) {
        throw new IndexCorruptedException(file, "bad header (dimension " + dimension + ", count " + count + ")");
      }
      if ((long) count * dimension * Float.BYTES > size) {
        throw new IndexCorruptedException(file, "header claims " + count + " records, more than the file can hold");
      }
      List<VectorRecord> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String id = Strings.read(in, size);
        String documentId = Strings.read(in, size);
        String text = Strings.read(in, size);
        var metadata = MetadataCodec.read(in, size);
        int start = in.readInt();
        int end = in.readInt();
        float[] vector = new float[dimension];
        for (int d = 0; d < dimension; d++) {
          vector[d] = in.readFloat();
        }
        records.add(new VectorRecord(new Chunk(id, documentId, text, metadata, start, end), vector));
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(raw).readLong();
      if (stored != expected || raw.read() != -1) {
        throw new IndexCorruptedException(file, "checksum mismatch: the file is damaged");
      }
      return new Contents(dimension, Metric.values()[metricOrdinal], records);
    } catch (EOFException e) {
      throw new IndexCorruptedException(file, "file is truncated", e);
    } catch (Strings.FormatException | IllegalArgumentException e) {
      throw new IndexCorruptedException(file, "bad content: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
