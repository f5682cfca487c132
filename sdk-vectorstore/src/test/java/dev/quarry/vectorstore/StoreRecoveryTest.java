package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.internal.storage.LogEntry;
import dev.quarry.vectorstore.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reopening a folder after a crash or after damage: a torn tail is cut, damage and a lost log are refused with the
 * files left alone, and {@code truncateCorruptLog(true)} opens such a folder anyway.
 */
class StoreRecoveryTest {
  private static final int DIM = 3;
  private static final int LOGGED = 150;
  /** The damaged log record: 100 acknowledged records follow it. */
  private static final int DAMAGED = 50;

  @TempDir Path folder;

  private static VectorRecord record(String id) {
    return TestRecords.record(id, Map.of(), new float[] {1, id.length(), id.hashCode() % 7});
  }

  private Path wal(long generation) {
    return folder.resolve(String.format("wal-%010d.qlog", generation));
  }

  private Path snapshot(long generation) {
    return folder.resolve(String.format("snapshot-%010d.qsnap", generation));
  }

  /**
   * A folder as a crash leaves it: generation 1's snapshot holds "base", its log {@code l0 .. l149}, one record
   * per write. Returns the offset where each log record starts, and the log's length last.
   */
  private long[] crashedStore() {
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder).build()) {
      store.upsert(List.of(record("base")));
    } // the close checkpoints into generation 1
    long[] starts = new long[LOGGED + 1];
    try (WriteAheadLog log = WriteAheadLog.openForAppend(wal(1), FsyncPolicy.NEVER)) {
      for (int i = 0; i < LOGGED; i++) {
        starts[i] = log.size();
        log.append(new LogEntry.Upsert(List.of(record("l" + i))));
      }
      starts[LOGGED] = log.size();
    }
    return starts;
  }

  private EmbeddedVectorStore open(boolean truncateCorruptLog) {
    return EmbeddedVectorStore.builder(DIM).folder(folder).truncateCorruptLog(truncateCorruptLog).build();
  }

  private void damageLength(long offset, int length) throws IOException {
    byte[] bytes = Files.readAllBytes(wal(1));
    ByteBuffer.wrap(bytes).putInt((int) offset, length);
    Files.write(wal(1), bytes);
  }

  /** Every file of the folder by name, with its bytes. */
  private Map<String, String> contents() throws IOException {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        contents.put(file.getFileName().toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
      }
    }
    return contents;
  }

  private static boolean has(EmbeddedVectorStore store, String id) {
    List<SearchHit> hits = store.search(SearchRequest.builder(record(id).vector()).maxResults(Integer.MAX_VALUE).build());
    return hits.stream().anyMatch(hit -> hit.id().equals(id));
  }

  @Test
  void aDamagedLengthInTheMiddleOfTheLogRefusesToOpenAndChangesNothing() throws IOException {
    long[] starts = crashedStore();
    for (int length : new int[] {Integer.MAX_VALUE, 0, -7, 3}) {
      damageLength(starts[DAMAGED], length);
      Map<String, String> before = contents();

      assertThatThrownBy(() -> open(false))
          .as("length %d", length)
          .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(wal(1)))
          .hasMessageContaining(wal(1).toString())
          .hasMessageContaining("record " + (DAMAGED + 1) + " at byte offset " + starts[DAMAGED])
          .hasMessageContaining("truncateCorruptLog(true)");
      assertThat(contents()).as("length %d: nothing on disk changed", length).isEqualTo(before);
    }
  }

  @Test
  void truncateCorruptLogOpensWithTheRecordsBeforeTheDamage() throws IOException {
    long[] starts = crashedStore();
    damageLength(starts[DAMAGED], Integer.MAX_VALUE);

    try (EmbeddedVectorStore store = open(true)) {
      assertThat(store.count()).isEqualTo(1 + DAMAGED);
      assertThat(Files.size(wal(1))).as("the log is cut at the damage").isEqualTo(starts[DAMAGED]);
      assertThat(has(store, "l" + (DAMAGED - 1))).isTrue();
      assertThat(has(store, "l" + DAMAGED)).isFalse();
      store.upsert(List.of(record("after")));
    }
    try (EmbeddedVectorStore reopened = open(false)) {
      assertThat(reopened.count()).isEqualTo(2 + DAMAGED);
      assertThat(has(reopened, "after")).isTrue();
    }
  }

  @Test
  void aTornTailAtTheEndStillOpensWithoutBeingAsked() throws IOException {
    long[] starts = crashedStore();
    try (var channel = java.nio.channels.FileChannel.open(wal(1), StandardOpenOption.WRITE)) {
      channel.truncate(starts[LOGGED - 1] + 15); // inside the last record's payload
    }

    try (EmbeddedVectorStore store = open(false)) {
      assertThat(store.count()).isEqualTo(LOGGED); // "base" and all but the last logged record
      assertThat(has(store, "l" + (LOGGED - 2))).isTrue();
      assertThat(has(store, "l" + (LOGGED - 1))).isFalse();
    }
  }

  @Test
  void aZeroFilledTailStillOpensWithoutBeingAsked() throws IOException {
    crashedStore();
    Files.write(wal(1), new byte[64 * 1024], StandardOpenOption.APPEND); // preallocated

    try (EmbeddedVectorStore store = open(false)) {
      assertThat(store.count()).isEqualTo(1 + LOGGED);
    }
  }

  @Test
  void aMissingLogIsRefusedUnlessAsked() throws IOException {
    crashedStore();
    Files.delete(wal(1));
    Map<String, String> before = contents();

    assertThatThrownBy(() -> open(false))
        .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(wal(1)))
        .hasMessageContaining("the write-ahead log is missing")
        .hasMessageContaining("snapshot-0000000001.qsnap")
        .hasMessageContaining("snapshot-0000000000.qsnap is gone")
        .hasMessageContaining("truncateCorruptLog(true)");
    assertThat(contents()).isEqualTo(before);

    try (EmbeddedVectorStore store = open(true)) {
      assertThat(store.count()).isEqualTo(1); // the snapshot's record alone
    }
    try (EmbeddedVectorStore reopened = open(false)) {
      assertThat(reopened.count()).isEqualTo(1);
    }
  }

  @Test
  void anEmptyOrShortLogIsRefusedUnlessAsked() throws IOException {
    crashedStore();
    byte[] log = Files.readAllBytes(wal(1));
    for (int length : new int[] {0, 1, WriteAheadLog.HEADER_BYTES - 1}) {
      Files.write(wal(1), Arrays.copyOf(log, length));

      assertThatThrownBy(() -> open(false))
          .as("%d bytes", length)
          .isInstanceOf(IndexCorruptedException.class)
          .hasMessageContaining("the write-ahead log has only " + length + " bytes, less than its 24-byte header");
      assertThat(Files.size(wal(1))).isEqualTo(length);
    }
    try (EmbeddedVectorStore store = open(true)) {
      assertThat(store.count()).isEqualTo(1);
    }
  }

  @Test
  void theFirstSnapshotWithoutItsLogIsRefused() throws IOException {
    EmbeddedVectorStore.builder(DIM).folder(folder).build().close(); // nothing written: generation 0 stays
    assertThat(snapshot(0)).exists();
    Files.delete(wal(0));

    assertThatThrownBy(() -> open(false))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("the write-ahead log is missing")
        .hasMessageContaining("a new store creates its log before its snapshot");
  }

  @Test
  void aCheckpointInterruptedBeforeItsLogExistedStillOpens() throws IOException {
    Path snapshot1;
    Path wal1;
    try (EmbeddedVectorStore store = open(false)) {
      store.upsert(List.of(record("a")));
      store.checkpoint(); // generation 1
      store.upsert(List.of(record("b")));
      snapshot1 = Files.copy(snapshot(1), folder.resolve("kept.qsnap"));
      wal1 = Files.copy(wal(1), folder.resolve("kept.qlog"));
    } // the close checkpoints into generation 2 and deletes generation 1
    // As a crash between writing snapshot 2 and creating its log leaves the folder: generation 1 whole, snapshot 2
    // holding everything, no log 2.
    Files.move(snapshot1, snapshot(1));
    Files.move(wal1, wal(1));
    Files.delete(wal(2));

    try (EmbeddedVectorStore store = open(false)) {
      assertThat(store.count()).isEqualTo(2);
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("quarry.lock", "snapshot-0000000002.qsnap", "vectors-0000000002.qvec",
              "wal-0000000002.qlog");
    }
  }

  @Test
  void aNewStoreInterruptedBeforeItsSnapshotOpensEmpty() throws IOException {
    Files.createDirectories(folder);
    WriteAheadLog.create(wal(0), 0, DIM, FsyncPolicy.ALWAYS).close(); // the log comes first

    try (EmbeddedVectorStore store = open(false)) {
      assertThat(store.count()).isZero();
      store.upsert(List.of(record("a")));
    }
    try (EmbeddedVectorStore reopened = open(false)) {
      assertThat(reopened.count()).isEqualTo(1);
    }
  }

  @Test
  void aLogWithRecordsButNoSnapshotIsRefused() throws IOException {
    crashedStore();
    Files.delete(snapshot(1));

    assertThatThrownBy(() -> open(true))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("has a write-ahead log but no snapshot");
  }

  @Test
  void aSecondOpenIsRefusedNamingTheLockedFolder() {
    try (EmbeddedVectorStore first = open(false)) {
      assertThatThrownBy(() -> open(false))
          .isInstanceOfSatisfying(FolderLockedException.class, e -> assertThat(e.folder()).isEqualTo(folder))
          .hasMessageContaining(folder.toString())
          .hasMessageContaining("already open");
      assertThat(first.count()).isZero();
    }
  }
}
