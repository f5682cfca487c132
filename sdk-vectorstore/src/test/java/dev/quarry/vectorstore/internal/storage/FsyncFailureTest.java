package dev.quarry.vectorstore.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.StorageException;
import dev.quarry.api.StoreFailedException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.FsyncPolicy;
import dev.quarry.vectorstore.IndexOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed write or {@code fsync} of the write-ahead log fails the store for writes (a {@link StoreFailedException},
 * not retriable), while a failed snapshot is an ordinary {@link StorageException} the store survives. Failures are
 * injected through {@link FileChannels}.
 */
class FsyncFailureTest {
  private static final long GENERATION = 7;
  private static final int DIM = 4;

  @TempDir Path dir;

  @AfterEach
  void restoreChannels() {
    FileChannels.reset();
  }

  private static VectorRecord record(String id, float... vector) {
    return new VectorRecord(new Chunk(id, "doc-" + id, "text of " + id, Metadata.empty(), 0, 0), vector);
  }

  private static LogEntry upsert(String id, float... vector) {
    return new LogEntry.Upsert(List.of(record(id, vector)));
  }

  private static List<String> replayedIds(Path file) {
    List<String> ids = new java.util.ArrayList<>();
    WriteAheadLog.replay(file, GENERATION, DIM, entry -> {
      if (entry instanceof LogEntry.Upsert upsert) {
        upsert.records().forEach(r -> ids.add(r.id()));
      }
    });
    return ids;
  }

  @Test
  void aFailedForceFailsTheLogForGood() {
    FailingChannels channels = FailingChannels.install(".qlog");
    Path file = dir.resolve("wal.qlog");
    WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.ALWAYS);
    log.append(upsert("a", 1, 0, 0, 0));
    long size = log.size();

    channels.failForce = true;
    assertThatThrownBy(() -> log.append(upsert("b", 0, 1, 0, 0)))
        .isInstanceOf(StoreFailedException.class)
        .isInstanceOf(NonRetriableException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("cannot force (fsync) write-ahead log " + file)
        .hasMessageContaining("close the store and open it again")
        .hasRootCauseMessage("Input/output error (injected fsync failure)")
        .satisfies(e -> assertThat(((StorageException) e).file()).contains(file));
    assertThat(log.size()).isEqualTo(size);

    // A later fsync that succeeds cannot vouch for the pages the failed one lost: the log stays failed.
    channels.failForce = false;
    assertThatThrownBy(() -> log.append(upsert("c", 0, 0, 1, 0)))
        .isInstanceOf(StoreFailedException.class)
        .hasMessageContaining("failed earlier")
        .hasRootCauseMessage("Input/output error (injected fsync failure)");
    assertThatThrownBy(log::sync).isInstanceOf(StoreFailedException.class);
    int forces = channels.forces.get();
    log.close(); // no force of a failed log
    assertThat(channels.forces.get()).isEqualTo(forces);
    assertThat(replayedIds(file)).startsWith("a").doesNotContain("c");
  }

  /**
   * An Error between two pieces of one record (part of it is on disk) fails the log too, so no later record is
   * appended after the torn one, and replay reads it as a torn tail.
   */
  @Test
  void anErrorPartWayThroughARecordFailsTheLog() {
    FailingChannels channels = FailingChannels.install(".qlog");
    Path file = dir.resolve("wal.qlog");
    List<VectorRecord> big = new java.util.ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      big.add(record("big" + i, i, 1, 2, 3));
    }
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER)) {
      log.append(upsert("a", 1, 0, 0, 0));
      channels.writesBeforeError.set(2); // the header and one piece of the payload
      assertThatThrownBy(() -> log.append(new LogEntry.Upsert(big))).isInstanceOf(OutOfMemoryError.class);
      assertThatThrownBy(() -> log.append(upsert("c", 0, 0, 1, 0))).isInstanceOf(StoreFailedException.class)
          .hasMessageContaining("failed earlier");
    }
    assertThat(replayedIds(file)).containsExactly("a");
  }

  @Test
  void aFailedWriteFailsTheLog() {
    FailingChannels channels = FailingChannels.install(".qlog");
    Path file = dir.resolve("wal.qlog");
    try (WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER)) {
      log.append(upsert("a", 1, 0, 0, 0));
      channels.failWrites = true;
      assertThatThrownBy(() -> log.append(upsert("b", 0, 1, 0, 0)))
          .isInstanceOf(StoreFailedException.class)
          .hasMessageContaining("cannot append to write-ahead log " + file);
      channels.failWrites = false;
      assertThatThrownBy(() -> log.append(upsert("c", 0, 0, 1, 0))).isInstanceOf(StoreFailedException.class);
    }
    assertThat(replayedIds(file)).containsExactly("a");
  }

  @Test
  void aFailedSyncFailsTheLog() {
    FailingChannels channels = FailingChannels.install(".qlog");
    Path file = dir.resolve("wal.qlog");
    WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER);
    log.append(upsert("a", 1, 0, 0, 0)); // no force under NEVER
    channels.failForce = true;
    assertThatThrownBy(log::sync)
        .isInstanceOf(StoreFailedException.class)
        .hasMessageContaining("cannot force (fsync) write-ahead log");
    channels.failForce = false;
    assertThatThrownBy(() -> log.append(upsert("b", 0, 1, 0, 0))).isInstanceOf(StoreFailedException.class);
    log.close();
  }

  @Test
  void aFailedForceOnCloseSaysWritesMayBeLost() {
    FailingChannels channels = FailingChannels.install(".qlog");
    Path file = dir.resolve("wal.qlog");
    WriteAheadLog log = WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.NEVER);
    log.append(upsert("a", 1, 0, 0, 0));
    channels.failForce = true;

    assertThatThrownBy(log::close)
        .isInstanceOf(StoreFailedException.class)
        .hasMessageContaining("on close")
        .hasMessageContaining("may be lost");
    log.close(); // closed all the same; a second call does nothing
    assertThatThrownBy(() -> log.append(upsert("b", 0, 1, 0, 0))).isInstanceOf(StoreFailedException.class);
  }

  @Test
  void aLogThatCannotBeCreatedIsAStorageException() {
    FailingChannels channels = FailingChannels.install(".qlog");
    channels.failForce = true;
    Path file = dir.resolve("wal.qlog");

    assertThatThrownBy(() -> WriteAheadLog.create(file, GENERATION, DIM, FsyncPolicy.ALWAYS))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(StoreFailedException.class)
        .hasMessageContaining("cannot create write-ahead log " + file);
    assertThat(file).doesNotExist();
  }

  @Test
  void aFailedSnapshotForceLeavesTheOldSnapshot() throws IOException {
    Path file = dir.resolve("store.qsnap");
    SnapshotFile.Header header = new SnapshotFile.Header(1, DIM, Metric.EUCLIDEAN, "exact", 0, 99L);
    SnapshotFile.write(file, header, List.of(), out -> out.writeInt(42));
    byte[] before = Files.readAllBytes(file);
    FailingChannels channels = FailingChannels.install(".tmp");
    channels.failForce = true;

    assertThatThrownBy(() -> SnapshotFile.write(file, header, List.of(), out -> out.writeInt(43)))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(StoreFailedException.class)
        .hasMessageContaining("cannot write snapshot " + file)
        .hasRootCauseMessage("Input/output error (injected fsync failure)");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aStoreWhoseLogFailsRefusesWritesKeepsReadingAndRecoversOnReopen() {
    Path folder = dir.resolve("store");
    FailingChannels channels = FailingChannels.install(".qlog");
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact()).folder(folder).build();
    store.upsert(List.of(record("a", 1, 0, 0, 0)));

    channels.failForce = true;
    assertThatThrownBy(() -> store.upsert(List.of(record("b", 0, 1, 0, 0))))
        .isInstanceOf(StoreFailedException.class)
        .hasMessageContaining("fsync");
    channels.failForce = false;
    assertThatThrownBy(() -> store.upsert(List.of(record("c", 0, 0, 1, 0))))
        .isInstanceOf(StoreFailedException.class)
        .hasMessageContaining("close the store and open it again");
    assertThatThrownBy(() -> store.delete(List.of("a"))).isInstanceOf(StoreFailedException.class);
    assertThat(store.count()).isEqualTo(1); // the failed write was never applied; reads go on
    assertThat(store.search(SearchRequest.builder(new float[] {1, 0, 0, 0}).build()))
        .extracting(SearchHit::id).containsExactly("a");

    store.close(); // checkpoints what memory holds: every acknowledged write, no failed one
    try (EmbeddedVectorStore reopened =
        EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact()).folder(folder).build()) {
      assertThat(reopened.count()).isEqualTo(1);
      reopened.upsert(List.of(record("d", 0, 0, 0, 1)));
      assertThat(reopened.count()).isEqualTo(2);
    }
  }

  @Test
  void aStoreWhoseSnapshotCannotBeForcedKeepsItsLogAndItsWrites() {
    Path folder = dir.resolve("store");
    FailingChannels channels = FailingChannels.install(".tmp");
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact()).folder(folder).build();
    store.upsert(List.of(record("a", 1, 0, 0, 0)));

    channels.failForce = true;
    assertThatThrownBy(store::checkpoint)
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(StoreFailedException.class)
        .hasMessageContaining("cannot write vector file"); // the first file a checkpoint forces
    store.upsert(List.of(record("b", 0, 1, 0, 0))); // the log still takes writes
    assertThatThrownBy(store::close).isInstanceOf(StorageException.class); // its checkpoint fails the same way

    channels.failForce = false;
    try (EmbeddedVectorStore reopened =
        EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact()).folder(folder).build()) {
      assertThat(reopened.count()).isEqualTo(2); // replayed from the log
    }
  }

  @Test
  void aStoreFolderThatCannotBeOpenedIsAStorageException() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    Path folder = file.resolve("store");

    assertThatThrownBy(() -> EmbeddedVectorStore.builder(DIM).folder(folder).build())
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot open store folder " + folder)
        .satisfies(e -> assertThat(((StorageException) e).file()).contains(folder));
  }
}
