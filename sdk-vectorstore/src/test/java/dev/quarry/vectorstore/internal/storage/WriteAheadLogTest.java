package dev.quarry.vectorstore.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import dev.quarry.api.StoreFailedException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  private static final int DIM = 4;
  private static final long GENERATION = 7;

  @TempDir Path dir;

  static VectorRecord record(String id, float... vector) {
    return new VectorRecord(
        new Chunk(id, "doc-" + id, "text of " + id + " ✓", Metadata.of(Map.of("n", id.length(), "tag", "x")), 0, 3),
        vector);
  }

  static LogEntry upsert(String... ids) {
    List<VectorRecord> records = new ArrayList<>();
    for (String id : ids) {
      float seed = id.hashCode() % 100;
      records.add(record(id, seed, -seed, 0.5f, 1e-3f * seed));
    }
    return new LogEntry.Upsert(records);
  }

  /** Entries as comparable values (VectorRecord compares vectors by content). */
  static List<LogEntry> replayAll(Path file) {
    List<LogEntry> entries = new ArrayList<>();
    WriteAheadLog.replay(file, GENERATION, DIM, entries::add);
    return entries;
  }

  /** Writes {@code entries} to a new log; returns the log size after each (index 0: the header alone). */
  private long[] writeLog(Path file, List<LogEntry> entries) {
    long[] ends = new long[entries.size() + 1];
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER)) {
      ends[0] = log.size();
      for (int i = 0; i < entries.size(); i++) {
        log.append(entries.get(i));
        ends[i + 1] = log.size();
      }
    }
    return ends;
  }

  private static final List<LogEntry> THREE =
      List.of(upsert("a", "b"), new LogEntry.Delete(List.of("a", "zz")), upsert("c", "d", "e"));

  @Test
  void appendedEntriesReplayInOrder() throws IOException {
    Path file = dir.resolve("wal-7.log");
    List<LogEntry> entries =
        List.of(
            upsert("a", "b", "c"),
            new LogEntry.Delete(List.of("b", "missing")),
            new LogEntry.Upsert(List.of()),
            new LogEntry.Delete(List.of()),
            new LogEntry.Upsert(
                List.of(
                    new VectorRecord(
                        new Chunk("u", "d", "", ChunkCodecTest.everyType(), 0, 0), new float[] {-0f, 1, 2, 3}))));
    long[] ends = writeLog(file, entries);

    List<LogEntry> replayed = new ArrayList<>();
    WriteAheadLog.Replay replay = WriteAheadLog.replay(file, GENERATION, DIM, replayed::add);

    assertThat(replayed).isEqualTo(entries);
    assertThat(replay).isEqualTo(new WriteAheadLog.Replay(5, Files.size(file), 0, false));
    assertThat(ends[0]).isEqualTo(WriteAheadLog.HEADER_BYTES);
    assertThat(ends[5]).isEqualTo(Files.size(file));
  }

  @Test
  void freshLogHasOnlyAHeaderAndReplaysNothing() {
    Path file = dir.resolve("wal.log");
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.ALWAYS)) {
      assertThat(log.size()).isEqualTo(24);
      assertThat(log.file()).isEqualTo(file);
      assertThat(log.generation()).isEqualTo(GENERATION);
      assertThat(log.dimension()).isEqualTo(DIM);
    }

    assertThat(WriteAheadLog.replay(file, GENERATION, DIM, e -> {}))
        .isEqualTo(new WriteAheadLog.Replay(0, 24, 0, false));
  }

  @Test
  void headerLayoutIsAsDocumented() throws IOException {
    Path file = dir.resolve("wal.log");
    WriteAheadLog.create(file, 0x0102030405060708L, 384, FsyncPolicy.NEVER).close();

    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file));
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, 20);

    assertThat(header.getInt()).isEqualTo(0x51525957);
    assertThat(header.getInt()).isEqualTo(2);
    assertThat(header.getLong()).isEqualTo(0x0102030405060708L);
    assertThat(header.getInt()).isEqualTo(384);
    assertThat(header.getInt()).isEqualTo((int) crc.getValue());
    assertThat(header.hasRemaining()).isFalse();
  }

  @Test
  void createRefusesAnExistingFileAndLeavesItAlone() throws IOException {
    Path file = dir.resolve("wal.log");
    Files.writeString(file, "precious");

    assertThatThrownBy(() -> WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.ALWAYS))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(StoreFailedException.class)
        .hasMessageContaining("cannot create write-ahead log " + file)
        .hasCauseInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("precious");
  }

  @Test
  void appendAfterReopenContinuesTheLog() {
    Path file = dir.resolve("wal.log");
    writeLog(file, THREE.subList(0, 2));
    assertThat(replayAll(file)).isEqualTo(THREE.subList(0, 2));

    try (WriteAheadLog log = WriteAheadLog.openForAppend(file, FsyncPolicy.ALWAYS)) {
      assertThat(log.dimension()).isEqualTo(DIM);
      assertThat(log.generation()).isEqualTo(GENERATION);
      log.append(THREE.get(2));
      log.sync();
    }

    assertThat(replayAll(file)).isEqualTo(THREE);
  }

  @Test
  void tornTailIsCutAtEveryByteOfTheLastRecord() throws IOException {
    Path original = dir.resolve("original.log");
    long[] ends = writeLog(original, THREE);
    byte[] bytes = Files.readAllBytes(original);
    long goodEnd = ends[2];
    assertThat(ends[3] - goodEnd).as("the last record is long enough to be cut in many places").isGreaterThan(100);

    for (long cut = goodEnd + 1; cut < ends[3]; cut++) {
      Path file = dir.resolve("cut-" + cut + ".log");
      Files.write(file, Arrays.copyOf(bytes, (int) cut));

      List<LogEntry> replayed = new ArrayList<>();
      WriteAheadLog.Replay replay = WriteAheadLog.replay(file, GENERATION, DIM, replayed::add);

      assertThat(replayed).as("cut at %d", cut).isEqualTo(THREE.subList(0, 2));
      assertThat(replay).as("cut at %d", cut).isEqualTo(new WriteAheadLog.Replay(2, goodEnd, cut - goodEnd, false));
      assertThat(Files.size(file)).as("cut at %d", cut).isEqualTo(goodEnd);
      try (WriteAheadLog log = WriteAheadLog.openForAppend(file, FsyncPolicy.NEVER)) {
        log.append(THREE.get(2));
      }
      assertThat(replayAll(file)).as("cut at %d", cut).isEqualTo(THREE);
      Files.delete(file);
    }
  }

  @Test
  void cutAtARecordBoundaryIsACleanEnd() throws IOException {
    Path file = dir.resolve("wal.log");
    long[] ends = writeLog(file, THREE);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(ends[2]);
    }

    assertThat(WriteAheadLog.replay(file, GENERATION, DIM, e -> {}))
        .isEqualTo(new WriteAheadLog.Replay(2, ends[2], 0, false));
  }

  @Test
  void zeroFilledTailIsCut() throws IOException {
    Path file = dir.resolve("wal.log");
    long[] ends = writeLog(file, THREE);
    Files.write(file, new byte[4096], StandardOpenOption.APPEND);

    WriteAheadLog.Replay replay = WriteAheadLog.replay(file, GENERATION, DIM, e -> {});

    assertThat(replay).isEqualTo(new WriteAheadLog.Replay(3, ends[3], 4096, false));
    assertThat(Files.size(file)).isEqualTo(ends[3]);
    assertThat(replayAll(file)).isEqualTo(THREE);
  }

  @Test
  void halfWrittenRecordFollowedByZerosIsCut() throws IOException {
    // The length header of the last record reached the disk, part of its payload did not, and the file system
    // extended the file with zeros past it.
    Path file = dir.resolve("wal.log");
    long[] ends = writeLog(file, THREE);
    byte[] bytes = Files.readAllBytes(file);
    Arrays.fill(bytes, (int) ends[2] + 20, bytes.length, (byte) 0);
    byte[] padded = Arrays.copyOf(bytes, bytes.length + 512);
    Files.write(file, padded);

    WriteAheadLog.Replay replay = WriteAheadLog.replay(file, GENERATION, DIM, e -> {});

    assertThat(replay).isEqualTo(new WriteAheadLog.Replay(2, ends[2], padded.length - ends[2], false));
    assertThat(Files.size(file)).isEqualTo(ends[2]);
  }

  @Test
  void lastRecordFailingItsChecksumIsATornTail() throws IOException {
    Path file = dir.resolve("wal.log");
    long[] ends = writeLog(file, THREE);
    flip(file, ends[3] - 3);

    List<LogEntry> replayed = new ArrayList<>();
    WriteAheadLog.Replay replay = WriteAheadLog.replay(file, GENERATION, DIM, replayed::add);

    assertThat(replayed).isEqualTo(THREE.subList(0, 2));
    assertThat(replay.bytesCut()).isEqualTo(ends[3] - ends[2]);
  }

  @Test
  void damagedMiddleRecordIsCorruptionAndTheFileIsLeftAlone() throws IOException {
    Path file = dir.resolve("wal.log");
    long[] ends = writeLog(file, THREE);
    flip(file, ends[1] + 12); // inside the payload of record 2
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> replayAll(file))
        .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("record 2 at byte offset " + ends[1] + " fails its checksum");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void damagedFirstRecordFollowedByGoodRecordsIsCorruption() throws IOException {
    // Record 1 is damaged, records 2 and 3 follow: not a tail, even though the damage is the first problem.
    Path file = dir.resolve("wal.log");
    long[] ends = writeLog(file, THREE);
    flip(file, ends[0] + 13);

    assertThatThrownBy(() -> replayAll(file))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("record 1 at byte offset 24 fails its checksum");

    flip(file, ends[0] + 13);
    flip(file, ends[0] + 9); // the header's own checksum
    assertThatThrownBy(() -> replayAll(file))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("record 1 at byte offset 24 has a damaged header");
  }

  @Test
  void payloadThatPassesItsChecksumButCannotBeDecodedIsCorruption() throws IOException {
    Path file = dir.resolve("wal.log");
    writeLog(file, THREE.subList(0, 1));
    byte[] payload = {9, 0, 0, 0, 0}; // unknown entry type 9
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer frame = ByteBuffer.allocate(12 + payload.length).putInt(payload.length).putInt((int) crc.getValue());
    crc.reset();
    crc.update(frame.array(), 0, 8);
    frame.putInt((int) crc.getValue());
    Files.write(file, frame.put(payload).array(), StandardOpenOption.APPEND);

    assertThatThrownBy(() -> replayAll(file))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("record 2")
        .hasMessageContaining("unknown entry type 9");
  }

  @Test
  void headerProblemsAreCorruptionNamingTheFile() throws IOException {
    Path file = dir.resolve("wal.log");
    writeLog(file, THREE);
    byte[] good = Files.readAllBytes(file);

    assertCorrupt(file, withInt(good, 0, 0x12345678), "bad magic number");
    assertCorrupt(file, withHeaderCrc(withInt(good, 4, 3)), "version 3 is not supported");
    assertCorrupt(file, withHeaderCrc(withInt(good, 4, 0)), "version 0 is not supported");
    assertCorrupt(file, flipped(good, 10), "header checksum mismatch");
    assertCorrupt(file, flipped(good, 21), "header checksum mismatch");
    assertCorrupt(file, Arrays.copyOf(good, 0), "truncated");
    assertCorrupt(file, Arrays.copyOf(good, 6), "truncated");
    assertCorrupt(file, Arrays.copyOf(good, 23), "truncated");
  }

  @Test
  void generationOrDimensionMismatchIsCorruption() {
    Path file = dir.resolve("wal.log");
    WriteAheadLog.create(file, 3, 8, FsyncPolicy.NEVER).close();

    assertThatThrownBy(() -> WriteAheadLog.replay(file, 3, 4, e -> {}))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("log holds 8-d vectors, the store has 4-d");
    assertThatThrownBy(() -> WriteAheadLog.replay(file, 4, 8, e -> {}))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("log is generation 3, the store expects 4");
  }

  @Test
  void openForAppendChecksTheHeader() throws IOException {
    Path file = dir.resolve("wal.log");
    Files.write(file, new byte[24]);

    assertThatThrownBy(() -> WriteAheadLog.openForAppend(file, FsyncPolicy.NEVER))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("bad magic number");
  }

  @Test
  void wrongDimensionIsRejectedBeforeAnythingIsWritten() {
    Path file = dir.resolve("wal.log");
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.ALWAYS)) {
      assertThatThrownBy(() -> log.append(new LogEntry.Upsert(List.of(record("x", 1, 2, 3)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'x' has a 3-d vector, the log holds 4-d");
      assertThat(log.size()).isEqualTo(24);
      log.append(THREE.get(0)); // still usable
    }
    assertThat(replayAll(file)).containsExactly(THREE.get(0));
  }

  @Test
  void failedWriteLatchesTheLog() {
    Path file = dir.resolve("wal.log");
    WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.ALWAYS);
    log.append(THREE.get(0));

    Thread.currentThread().interrupt(); // an interrupt closes the channel under the write
    try {
      assertThatThrownBy(() -> log.append(THREE.get(1)))
          .isInstanceOf(StoreFailedException.class)
          .hasCauseInstanceOf(ClosedByInterruptException.class);
    } finally {
      Thread.interrupted();
    }

    assertThatThrownBy(() -> log.append(THREE.get(2)))
        .isInstanceOf(StoreFailedException.class)
        .hasMessageContaining("failed earlier")
        .hasMessageContaining("close the store and open it again")
        .hasCauseInstanceOf(ClosedByInterruptException.class);
    assertThatThrownBy(log::sync).isInstanceOf(StoreFailedException.class);
    log.close();
    log.close();
    assertThat(replayAll(file)).containsExactly(THREE.get(0));
  }

  @Test
  void closedLogRefusesAppends() {
    Path file = dir.resolve("wal.log");
    WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER);
    log.append(THREE.get(0));
    long size = log.size();
    log.close();
    log.close(); // idempotent

    assertThatThrownBy(() -> log.append(THREE.get(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThat(log.size()).isEqualTo(size);
  }

  @Test
  void concurrentAppendsAreNeitherLostNorInterleaved() throws Exception {
    Path file = dir.resolve("wal.log");
    int threads = 4;
    int perThread = 200;
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER);
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    log.append(upsert("t" + thread + "-" + i, "t" + thread + "-" + i + "-b"));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }

    List<LogEntry> replayed = replayAll(file);
    assertThat(replayed).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      List<String> ids = new ArrayList<>();
      for (LogEntry entry : replayed) {
        String id = ((LogEntry.Upsert) entry).records().get(0).id();
        if (id.startsWith("t" + t + "-")) {
          ids.add(id);
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        expected.add("t" + t + "-" + i);
      }
      assertThat(ids).as("thread %d's entries in its order", t).isEqualTo(expected);
    }
  }

  private static void assertCorrupt(Path file, byte[] content, String problem) throws IOException {
    Files.write(file, content);
    assertThatThrownBy(() -> WriteAheadLog.replay(file, GENERATION, DIM, e -> {}))
        .as(problem)
        .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining(problem);
  }

  private static void flip(Path file, long offset) throws IOException {
    Files.write(file, flipped(Files.readAllBytes(file), (int) offset));
  }

  private static byte[] flipped(byte[] bytes, int offset) {
    byte[] copy = bytes.clone();
    copy[offset] ^= 0x40;
    return copy;
  }

  private static byte[] withInt(byte[] bytes, int offset, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).putInt(offset, value);
    return copy;
  }

  private static byte[] withHeaderCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, 20);
    ByteBuffer.wrap(bytes).putInt(20, (int) crc.getValue());
    return bytes;
  }

  /**
   * A batch is encoded in pieces of {@link LogEntryCodec#PIECE} bytes: one spanning many pieces, with a chunk
   * larger than a piece and vectors that straddle piece ends, is written as the one record {@code encode} gives
   * and replays whole; so does a delete of many long ids.
   */
  @Test
  void aBatchOfManyPiecesIsOneRecordAndReplaysWhole() throws IOException {
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      records.add(record("id-" + i, i, -i, 0.25f * i, 1f / (i + 1)));
    }
    String big = "x".repeat(LogEntryCodec.PIECE + 123);
    records.add(30_000, new VectorRecord(new Chunk("big", "doc", big, Metadata.empty(), 0, big.length()),
        new float[] {1, 2, 3, 4}));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      ids.add("gone-" + "y".repeat(i % 50) + i);
    }
    List<LogEntry> entries = List.of(new LogEntry.Upsert(records), new LogEntry.Delete(ids), upsert("a"));
    Path file = dir.resolve("wal-7.log");
    long[] ends = writeLog(file, entries);

    assertThat(ends[1] - ends[0]).as("one record, well over a piece").isGreaterThan(3L * LogEntryCodec.PIECE);
    byte[] bytes = Files.readAllBytes(file);
    for (int e = 0; e < entries.size(); e++) {
      ByteBuffer expected = LogEntryCodec.encode(entries.get(e), DIM, 2);
      assertThat(Arrays.copyOfRange(bytes, (int) ends[e], (int) ends[e + 1]))
          .isEqualTo(Arrays.copyOf(expected.array(), expected.limit()));
    }
    assertThat(replayAll(file)).isEqualTo(entries);
  }

  @Test
  void aVectorOfAnotherDimensionIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path file = dir.resolve("wal-7.log");
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER)) {
      long before = log.size();
      List<VectorRecord> records = new ArrayList<>();
      for (int i = 0; i < 50_000; i++) {
        records.add(record("r" + i, 1, 2, 3, 4));
      }
      records.add(record("odd", 1, 2, 3));
      assertThatThrownBy(() -> log.append(new LogEntry.Upsert(records)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'odd' has a 3-d vector");
      assertThat(log.size()).isEqualTo(before);
      assertThat(Files.size(file)).isEqualTo(before);
      log.append(upsert("ok"));
    }
    assertThat(replayAll(file)).containsExactly(upsert("ok"));
  }

  /** A vector larger than a piece (more than 262,144 dimensions) is split across pieces and replays whole. */
  @Test
  void aVectorLargerThanAPieceIsWrittenAndReplayed() {
    int dimension = LogEntryCodec.PIECE / Float.BYTES + 1000;
    float[] vector = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      vector[i] = i * 0.5f - 7;
    }
    LogEntry entry = new LogEntry.Upsert(List.of(new VectorRecord(
        new Chunk("wide", "doc", "text", Metadata.empty(), 0, 4), vector)));
    Path file = dir.resolve("wal-7.log");
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, dimension, FsyncPolicy.NEVER)) {
      log.append(entry);
    }
    List<LogEntry> replayed = new ArrayList<>();
    WriteAheadLog.replay(file, GENERATION, dimension, replayed::add);
    assertThat(replayed).containsExactly(entry);
  }
}
