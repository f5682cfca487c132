package dev.quarry.vectorstore.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.vectorstore.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage before the end of a log is refused (or cut only when asked), while what a crash leaves at the end, a torn
 * tail, is still cut; for logs of the current layout and for version-1 logs an older Quarry wrote.
 */
class WriteAheadLogDamageTest {
  private static final int DIM = 4;
  private static final long GENERATION = 7;
  private static final int RECORDS = 150;
  /** The damaged record: 100 acknowledged records follow it. */
  private static final int DAMAGED = 50;

  @TempDir Path dir;

  private static List<LogEntry> entries() {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      entries.add(i % 10 == 8 ? new LogEntry.Delete(List.of("r" + (i - 1))) : WriteAheadLogTest.upsert("r" + i));
    }
    return entries;
  }

  /** Writes a log of {@link #entries()} in {@code version}; returns where each record starts (and the end). */
  private long[] writeLog(Path file, int version) {
    List<LogEntry> entries = entries();
    long[] starts = new long[entries.size() + 1];
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER, version)) {
      for (int i = 0; i < entries.size(); i++) {
        starts[i] = log.size();
        log.append(entries.get(i));
      }
      starts[entries.size()] = log.size();
    }
    return starts;
  }

  private static List<LogEntry> replay(Path file, boolean truncate) {
    List<LogEntry> entries = new ArrayList<>();
    WriteAheadLog.replay(file, GENERATION, DIM, truncate, entries::add);
    return entries;
  }

  /** Length values a damaged field may hold: past the end, zero, negative, a little shorter or longer. */
  private static int[] damagedLengths(int actual, long fileSize) {
    return new int[] {Integer.MAX_VALUE, (int) fileSize, 0, -1, Integer.MIN_VALUE, actual - 1, actual + 1,
        actual ^ 0x00400000, actual ^ 0x40};
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {1, 2})
  void aDamagedLengthBeforeTheEndIsCorruptionNamingFileAndOffset(int version) throws IOException {
    Path file = dir.resolve("wal.log");
    long[] starts = writeLog(file, version);
    byte[] good = Files.readAllBytes(file);
    long offset = starts[DAMAGED];
    int actual = ByteBuffer.wrap(good).getInt((int) offset);

    for (int length : damagedLengths(actual, good.length)) {
      byte[] damaged = good.clone();
      ByteBuffer.wrap(damaged).putInt((int) offset, length);
      Files.write(file, damaged);

      assertThatThrownBy(() -> replay(file, false))
          .as("length %d", length)
          .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(file))
          .hasMessageStartingWith(file + ": record " + (DAMAGED + 1) + " at byte offset " + offset + " ")
          .hasMessageContaining("not a crash's torn tail")
          .hasMessageContaining("truncateCorruptLog(true)");
      assertThat(Files.readAllBytes(file)).as("length %d: the file is left as it is", length).isEqualTo(damaged);
    }
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {1, 2})
  void truncatingADamagedLogAsAskedKeepsTheRecordsBeforeTheDamage(int version) throws IOException {
    Path file = dir.resolve("wal.log");
    long[] starts = writeLog(file, version);
    byte[] good = Files.readAllBytes(file);
    long offset = starts[DAMAGED];

    for (int length : damagedLengths(ByteBuffer.wrap(good).getInt((int) offset), good.length)) {
      byte[] damaged = good.clone();
      ByteBuffer.wrap(damaged).putInt((int) offset, length);
      Files.write(file, damaged);

      List<LogEntry> replayed = new ArrayList<>();
      WriteAheadLog.Replay replay = WriteAheadLog.replay(file, GENERATION, DIM, true, replayed::add);

      assertThat(replay).as("length %d", length)
          .isEqualTo(new WriteAheadLog.Replay(DAMAGED, offset, good.length - offset, true));
      assertThat(replayed).isEqualTo(entries().subList(0, DAMAGED));
      assertThat(Files.size(file)).isEqualTo(offset);
      try (WriteAheadLog log = WriteAheadLog.openForAppend(file, FsyncPolicy.NEVER)) {
        assertThat(log.version()).isEqualTo(version);
        log.append(entries().get(DAMAGED));
      }
      assertThat(replay(file, false)).isEqualTo(entries().subList(0, DAMAGED + 1));
    }
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {1, 2})
  void zerosInTheMiddleAreCorruptionNotATail(int version) throws IOException {
    Path file = dir.resolve("wal.log");
    long[] starts = writeLog(file, version);
    byte[] bytes = Files.readAllBytes(file);
    Arrays.fill(bytes, (int) starts[DAMAGED], (int) starts[DAMAGED + 2], (byte) 0); // a zeroed block
    Files.write(file, bytes);

    assertThatThrownBy(() -> replay(file, false))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("record " + (DAMAGED + 1) + " at byte offset " + starts[DAMAGED]);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void aDamagedRecordHeaderIsCorruptionEvenWithItsLengthIntact() throws IOException {
    Path file = dir.resolve("wal.log");
    long[] starts = writeLog(file, 2);
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) starts[DAMAGED] + 5] ^= 0x10; // the payload checksum field
    Files.write(file, bytes);

    assertThatThrownBy(() -> replay(file, false))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("record " + (DAMAGED + 1) + " at byte offset " + starts[DAMAGED]
            + " has a damaged header");
  }

  @Test
  void aDamagedLastRecordHeaderIsCorruptionTooUnlessItIsZeros() throws IOException {
    // A crash writes the header first, so a complete header that fails its check is damage even at the end.
    Path file = dir.resolve("wal.log");
    long[] starts = writeLog(file, 2);
    byte[] bytes = Files.readAllBytes(file);
    long last = starts[RECORDS - 1];
    bytes[(int) last + 1] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(() -> replay(file, false))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("record " + RECORDS + " at byte offset " + last + " has a damaged header");

    Arrays.fill(bytes, (int) last, bytes.length, (byte) 0);
    Files.write(file, bytes);
    assertThat(replay(file, false)).isEqualTo(entries().subList(0, RECORDS - 1));
    assertThat(Files.size(file)).isEqualTo(last);
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {1, 2})
  void aTornTailAtTheEndIsStillCutAtEveryByteOfTheLastRecord(int version) throws IOException {
    Path original = dir.resolve("original.log");
    long[] starts = writeLog(original, version);
    byte[] bytes = Files.readAllBytes(original);
    long goodEnd = starts[RECORDS - 1];

    for (long cut = goodEnd + 1; cut < bytes.length; cut++) {
      Path file = dir.resolve("cut-" + cut + ".log");
      Files.write(file, Arrays.copyOf(bytes, (int) cut));

      List<LogEntry> replayed = new ArrayList<>();
      WriteAheadLog.Replay replay = WriteAheadLog.replay(file, GENERATION, DIM, replayed::add);

      assertThat(replay).as("cut at %d", cut).isEqualTo(new WriteAheadLog.Replay(RECORDS - 1, goodEnd, cut - goodEnd,
          false));
      assertThat(replayed).as("cut at %d", cut).hasSize(RECORDS - 1);
      assertThat(Files.size(file)).isEqualTo(goodEnd);
      Files.delete(file);
    }
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {1, 2})
  void aZeroFilledTailIsStillCut(int version) throws IOException {
    // A preallocated file, or one a file system extended without writing: zeros after the last record, maybe
    // after a record whose payload had not reached the disk.
    Path file = dir.resolve("wal.log");
    long[] starts = writeLog(file, version);
    byte[] bytes = Arrays.copyOf(Files.readAllBytes(file), (int) starts[RECORDS] + (1 << 20));
    Files.write(file, bytes);

    WriteAheadLog.Replay replay = WriteAheadLog.replay(file, GENERATION, DIM, e -> {});
    assertThat(replay).isEqualTo(new WriteAheadLog.Replay(RECORDS, starts[RECORDS], 1 << 20, false));

    Files.write(file, bytes);
    Arrays.fill(bytes, (int) starts[RECORDS - 1] + 20, bytes.length, (byte) 0);
    Files.write(file, bytes);
    assertThat(WriteAheadLog.replay(file, GENERATION, DIM, e -> {}))
        .isEqualTo(new WriteAheadLog.Replay(RECORDS - 1, starts[RECORDS - 1], bytes.length - starts[RECORDS - 1],
            false));
  }

  @Test
  void aVersionOneLogReplaysAndIsAppendedToInItsOwnLayout() {
    Path file = dir.resolve("wal.log");
    long[] starts = writeLog(file, 1);
    assertThat(starts[1] - starts[0]).as("an 8-byte record header")
        .isEqualTo(LogEntryCodec.encode(entries().get(0), DIM, 1).limit());
    assertThat(LogEntryCodec.encode(entries().get(0), DIM, 2).limit()).isEqualTo(starts[1] - starts[0] + 4);

    try (WriteAheadLog log = WriteAheadLog.openForAppend(file, FsyncPolicy.NEVER)) {
      assertThat(log.version()).isEqualTo(1);
      log.append(new LogEntry.Delete(List.of("r0")));
    }

    List<LogEntry> expected = new ArrayList<>(entries());
    expected.add(new LogEntry.Delete(List.of("r0")));
    assertThat(replay(file, false)).isEqualTo(expected);
  }

  @Test
  void headerProblemsAreRefusedEvenWhenTruncatingIsAllowed() throws IOException {
    Path file = dir.resolve("wal.log");
    writeLog(file, 2);
    byte[] bytes = Files.readAllBytes(file);
    bytes[10] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(() -> replay(file, true))
        .isInstanceOf(IndexCorruptedException.class).hasMessageContaining("header checksum mismatch");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }
}
