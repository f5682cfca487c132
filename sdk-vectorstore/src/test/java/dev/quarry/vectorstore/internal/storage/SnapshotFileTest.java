package dev.quarry.vectorstore.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Metric;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  @TempDir Path dir;

  static List<SnapshotFile.Stored> records(int count, int dimension, long seed) {
    Random random = new Random(seed);
    List<SnapshotFile.Stored> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Metadata metadata =
          switch (i % 3) {
            case 0 -> Metadata.empty();
            case 1 -> Metadata.of(Map.of("i", i, "even", i % 2 == 0, "w", random.nextDouble()));
            default -> ChunkCodecTest.everyType();
          };
      String text = i % 5 == 0 ? "" : "chunk " + i + " — ünïcödé 日本 🚀";
      records.add(new SnapshotFile.Stored(new Chunk("c" + i, "doc" + i / 10, text, metadata, i, i + text.length()), null));
    }
    return records;
  }

  /** An index section: an int count, then that many ints. */
  static SnapshotFile.SectionWriter ints(int... values) {
    return out -> {
      out.writeInt(values.length);
      for (int v : values) {
        out.writeInt(v);
      }
    };
  }

  /** Reads {@link #ints}, refusing a count no index of this snapshot can have. */
  static final SnapshotFile.SectionReader<int[]> READ_INTS =
      (in, header) -> {
        int n = in.readInt();
        if (n < 0 || n > 16 * (header.count() + 1)) {
          throw new IllegalArgumentException("bad neighbour count " + n);
        }
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
          values[i] = in.readInt();
        }
        return values;
      };

  private static void assertSameRecords(List<SnapshotFile.Stored> actual, List<SnapshotFile.Stored> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).chunk()).isEqualTo(expected.get(i).chunk());
      assertThat(actual.get(i).vector()).as("vector %d (in the vector file)", i).isNull();
    }
  }

  private Path writeSmall() {
    Path file = dir.resolve("store.qrys");
    SnapshotFile.Header header = new SnapshotFile.Header(5, 4, Metric.EUCLIDEAN, "hnsw", 6, 99L);
    SnapshotFile.write(file, header, records(6, 4, 1), ints(1, 2, 3, -4, 5));
    return file;
  }

  @Test
  void manyRecordsAndTheIndexSectionRoundTrip() {
    Path file = dir.resolve("store.qrys");
    List<SnapshotFile.Stored> records = records(3000, 64, 42);
    SnapshotFile.Header header = new SnapshotFile.Header(12, 64, Metric.COSINE, "hnsw", records.size(), 99L);
    int[] index = new Random(3).ints(5000).toArray();

    SnapshotFile.write(file, header, records, ints(index));
    SnapshotFile.Contents<int[]> contents = SnapshotFile.read(file, READ_INTS);

    assertThat(contents.header()).isEqualTo(header);
    assertSameRecords(contents.records(), records);
    assertThat(contents.index()).containsExactly(index);
    assertThat(SnapshotFile.readHeader(file)).isEqualTo(header);
  }

  @Test
  void emptySnapshotWithNoIndexSectionRoundTrips() {
    Path file = dir.resolve("nested/folder/store.qrys");
    SnapshotFile.Header header = new SnapshotFile.Header(0, 1, Metric.DOT_PRODUCT, "exact", 0, 99L);

    SnapshotFile.write(file, header, List.of(), out -> {});
    SnapshotFile.Contents<String> contents = SnapshotFile.read(file, (in, h) -> "no section");

    assertThat(contents.header()).isEqualTo(header);
    assertThat(contents.records()).isEmpty();
    assertThat(contents.index()).isEqualTo("no section");
  }

  @Test
  void layoutIsAsDocumented() throws IOException {
    Path file = dir.resolve("store.qrys");
    SnapshotFile.write(
        file, new SnapshotFile.Header(0x0102030405060708L, 2, Metric.EUCLIDEAN, "ivf", 0, 99L), List.of(), out -> {});
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes);

    assertThat(in.getInt()).isEqualTo(0x51525953);
    assertThat(in.getInt()).isEqualTo(4);
    assertThat(in.getLong()).isEqualTo(0x0102030405060708L);
    assertThat(in.getInt()).isEqualTo(2);
    assertThat(in.getInt()).isEqualTo(Metric.EUCLIDEAN.ordinal());
    assertThat(in.getInt()).isEqualTo(3);
    assertThat(new byte[] {in.get(), in.get(), in.get()}).isEqualTo("ivf".getBytes());
    assertThat(in.getInt()).isZero();
    assertThat(in.getLong()).as("the vector file's checksum").isEqualTo(99L);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, in.position());
    assertThat(in.getLong()).isEqualTo(crc.getValue());
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void writeReplacesAnOlderSnapshot() {
    Path file = writeSmall();
    List<SnapshotFile.Stored> records = records(2, 4, 9);
    SnapshotFile.Header header = new SnapshotFile.Header(6, 4, Metric.EUCLIDEAN, "exact", 2, 99L);

    SnapshotFile.write(file, header, records, ints());

    SnapshotFile.Contents<int[]> contents = SnapshotFile.read(file, READ_INTS);
    assertThat(contents.header()).isEqualTo(header);
    assertSameRecords(contents.records(), records);
  }

  @Test
  void aFlippedByteAnywhereIsCorruptionNamingTheFile() throws IOException {
    Path file = writeSmall();
    byte[] good = Files.readAllBytes(file);
    assertThat(good.length).isGreaterThan(500);

    for (int offset = 0; offset < good.length; offset++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] bad = good.clone();
        bad[offset] ^= (byte) bit;
        Files.write(file, bad);

        assertThatThrownBy(() -> SnapshotFile.read(file, READ_INTS))
            .as("byte %d of %d, bit %x", offset, good.length, bit)
            .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(file))
            .hasMessageContaining(file.toString());
      }
    }
  }

  @Test
  void flippedBytesInEachPartGiveTheExpectedProblem() throws IOException {
    Path file = writeSmall();
    byte[] good = Files.readAllBytes(file);
    int sectionStart = good.length - 8 - 4 * 6;

    assertCorrupt(file, flipped(good, 1), "bad magic number");
    assertCorrupt(file, flipped(good, 7), "version 68 is not supported (this Quarry reads versions 2 to 4");
    assertCorrupt(file, flipped(good, 10), "checksum mismatch: the file is damaged"); // generation
    assertCorrupt(file, flipped(good, 200), "checksum mismatch: the file is damaged"); // inside the records
    assertCorrupt(file, flipped(good, sectionStart + 6), "checksum mismatch: the file is damaged"); // index
    assertCorrupt(file, flipped(good, good.length - 1), "checksum mismatch: the file is damaged"); // trailer
  }

  @Test
  void truncatedAtEveryLengthIsCorruption() throws IOException {
    Path file = writeSmall();
    byte[] good = Files.readAllBytes(file);

    for (int length = 0; length < good.length; length++) {
      Files.write(file, Arrays.copyOf(good, length));

      assertThatThrownBy(() -> SnapshotFile.read(file, READ_INTS))
          .as("truncated to %d of %d", length, good.length)
          .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(file));
    }
    Files.write(file, Arrays.copyOf(good, good.length - 3));
    assertCorrupt(file, Files.readAllBytes(file), "file is truncated");
  }

  @Test
  void bytesAfterTheChecksumAreCorruption() throws IOException {
    Path file = writeSmall();
    byte[] good = Files.readAllBytes(file);

    assertCorrupt(file, Arrays.copyOf(good, good.length + 1), "unexpected bytes after the checksum");
  }

  @Test
  void headerClaimingMoreRecordsThanTheFileHoldsIsCorruption() throws IOException {
    Path file = writeSmall();
    byte[] bad = Files.readAllBytes(file);
    int countOffset = 4 + 4 + 8 + 4 + 4 + 4 + "hnsw".length();
    ByteBuffer.wrap(bad).putInt(countOffset, 50_000_000);

    assertCorrupt(file, bad, "header claims 50000000 records, more than the file can hold");
  }

  @Test
  void sectionReaderFailingOnDamagedBytesIsCorruption() throws IOException {
    Path file = writeSmall();
    byte[] bad = Files.readAllBytes(file);
    int sectionStart = bad.length - 8 - 4 * 6;
    ByteBuffer.wrap(bad).putInt(sectionStart, -7); // READ_INTS throws IllegalArgumentException on this

    Files.write(file, bad);
    assertThatThrownBy(() -> SnapshotFile.read(file, READ_INTS))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("checksum mismatch")
        .hasRootCauseMessage("bad neighbour count -7");
  }

  @Test
  void sectionReaderFailingOnASoundFileIsABugNotCorruption() {
    Path file = writeSmall();

    assertThatThrownBy(
            () ->
                SnapshotFile.read(
                    file,
                    (in, header) -> {
                      throw new IllegalStateException("reader bug");
                    }))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("reader bug");
  }

  @Test
  void sectionReaderRefusingDamagedBytesWithAPlainIoExceptionIsCorruption() throws IOException {
    Path file = writeSmall();
    SnapshotFile.SectionReader<Integer> strict =
        (in, header) -> {
          int n = in.readInt();
          if (n != 5) {
            throw new IOException("bad count " + n);
          }
          return n;
        };
    byte[] good = Files.readAllBytes(file);
    int sectionStart = good.length - 8 - 4 * 6;

    Files.write(file, flipped(good, sectionStart + 3));
    assertThatThrownBy(() -> SnapshotFile.read(file, strict))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("checksum mismatch")
        .hasRootCauseMessage("bad count 69");
    Files.write(file, good);
    assertThatThrownBy(() -> SnapshotFile.read(file, (in, header) -> {
          throw new IOException("reader complaint");
        }))
        .isInstanceOf(StorageException.class)
        .hasRootCauseMessage("reader complaint");
  }

  @Test
  void sectionReaderReadingTooLittleIsCorruption() {
    Path file = writeSmall();

    assertThatThrownBy(() -> SnapshotFile.read(file, (in, header) -> in.readInt()))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void readHeaderIsACheapPeekThatSkipsTheChecksum() throws IOException {
    Path file = writeSmall();
    byte[] bad = flipped(Files.readAllBytes(file), 200);
    Files.write(file, bad);

    assertThat(SnapshotFile.readHeader(file)).isEqualTo(new SnapshotFile.Header(5, 4, Metric.EUCLIDEAN, "hnsw", 6, 99L));
    assertThatThrownBy(() -> SnapshotFile.read(file, READ_INTS)).isInstanceOf(IndexCorruptedException.class);
    Files.write(file, new byte[] {0x51, 0x52});
    assertThatThrownBy(() -> SnapshotFile.readHeader(file))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("file is truncated");
  }

  @Test
  void missingFileIsAnIoErrorNotCorruption() {
    Path file = dir.resolve("absent.qrys");

    assertThatThrownBy(() -> SnapshotFile.read(file, READ_INTS))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("cannot read snapshot " + file);
    assertThatThrownBy(() -> SnapshotFile.readHeader(file)).isInstanceOf(StorageException.class);
  }

  @Test
  void aStaleTemporaryFileDoesNotMatter() throws IOException {
    Path stale = dir.resolve("store.qrys.12345.tmp");
    Files.write(stale, new byte[] {1, 2, 3});

    Path file = writeSmall();

    assertThat(SnapshotFile.read(file, READ_INTS).records()).hasSize(6);
    assertThat(Files.readAllBytes(stale)).containsExactly(1, 2, 3);
  }

  @Test
  void aWriterThatFailsMidwayLeavesTheOldSnapshotAndNoTemporaryFile() throws IOException {
    Path file = writeSmall();
    byte[] before = Files.readAllBytes(file);
    SnapshotFile.Header header = new SnapshotFile.Header(6, 4, Metric.EUCLIDEAN, "hnsw", 3, 99L);

    assertThatThrownBy(
            () ->
                SnapshotFile.write(
                    file,
                    header,
                    records(3, 4, 2),
                    out -> {
                      out.write(new byte[3 << 20]); // past the buffer, so bytes reach the temporary file
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(StorageException.class)
        .hasRootCauseMessage("disk full");
    assertThatThrownBy(
            () ->
                SnapshotFile.write(
                    file,
                    header,
                    records(3, 4, 2),
                    out -> {
                      throw new IllegalStateException("index busy");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(SnapshotFile.read(file, READ_INTS).header().generation()).isEqualTo(5);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void recordCountMustMatchTheHeader() throws IOException {
    Path file = writeSmall();
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(
            () ->
                SnapshotFile.write(
                    file, new SnapshotFile.Header(6, 4, Metric.COSINE, "exact", 3, 99L), records(2, 4, 1), ints()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hold 2, the header says 3");
    assertThatThrownBy(
            () ->
                SnapshotFile.write(
                    file, new SnapshotFile.Header(6, 4, Metric.COSINE, "exact", 3, 99L), records(4, 4, 1), ints()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more than the 3");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void headerRejectsImpossibleValues() {
    assertThatThrownBy(() -> new SnapshotFile.Header(0, 0, Metric.COSINE, "exact", 0, 99L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SnapshotFile.Header(0, 4, null, "exact", 0, 99L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SnapshotFile.Header(0, 4, Metric.COSINE, " ", 0, 99L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SnapshotFile.Header(0, 4, Metric.COSINE, "exact", -1, 99L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertCorrupt(Path file, byte[] content, String problem) throws IOException {
    Files.write(file, content);
    assertThatThrownBy(() -> SnapshotFile.read(file, READ_INTS))
        .as(problem)
        .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining(problem);
  }

  private static byte[] flipped(byte[] bytes, int offset) {
    byte[] copy = bytes.clone();
    copy[offset] ^= 0x40;
    return copy;
  }
}
