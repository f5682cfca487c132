package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedVectorStoreTest {

  static VectorRecord record(String id, Map<String, ?> metadata, float... vector) {
    return new VectorRecord(new Chunk(id, "doc-" + id, "text of " + id, Metadata.of(metadata), 0, 10), vector);
  }

  @Test
  void searchReturnsTheNearestFirstAndAgreesWithBruteForce() {
    Random random = new Random(42);
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(8).metric(Metric.EUCLIDEAN).build();
    List<float[]> vectors = new ArrayList<>();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      float[] v = new float[8];
      for (int d = 0; d < 8; d++) {
        v[d] = (float) random.nextGaussian();
      }
      vectors.add(v);
      records.add(record("r" + i, Map.of("i", i), v));
    }
    store.upsert(records);
    float[] query = vectors.get(7).clone();
    query[0] += 0.01f;
    List<SearchHit> hits = store.search(SearchRequest.builder(query).maxResults(5).build());
    List<String> expected =
        records.stream()
            .sorted(Comparator.comparingDouble(r -> distance(r.vector(), query)))
            .limit(5)
            .map(VectorRecord::id)
            .toList();
    assertThat(hits).extracting(SearchHit::id).containsExactlyElementsOf(expected);
    assertThat(hits.get(0).id()).isEqualTo("r7");
    assertThat(hits).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
  }

  @Test
  void upsertReplacesAndDeleteRemoves() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).build();
    store.upsert(List.of(record("a", Map.of(), 1, 0), record("b", Map.of(), 0, 1)));
    store.upsert(List.of(record("a", Map.of("v", 2), 0, 1)));
    assertThat(store.count()).isEqualTo(2);
    List<SearchHit> hits = store.search(SearchRequest.builder(new float[] {0, 1}).maxResults(2).build());
    assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(hits).extracting(h -> h.chunk().metadata().getLong("v").orElse(0L)).contains(2L);
    assertThat(store.delete(List.of("a", "missing"))).isEqualTo(1);
    assertThat(store.count()).isEqualTo(1);
    assertThat(store.search(SearchRequest.builder(new float[] {1, 0}).build())).extracting(SearchHit::id)
        .containsExactly("b");
  }

  @Test
  void filtersApplyDuringSearchAndDelete() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).build();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      records.add(record("r" + i, Map.of("year", 2000 + i % 10, "lang", i % 2 == 0 ? "en" : "de"), 1, i));
    }
    store.upsert(records);
    Filter filter = Filter.and(Filter.eq("lang", "en"), Filter.gte("year", 2006));
    List<SearchHit> hits = store.search(SearchRequest.builder(new float[] {1, 0}).maxResults(50).filter(filter).build());
    assertThat(hits).hasSize(20).allSatisfy(h -> assertThat(filter.matches(h.chunk().metadata())).isTrue());
    assertThat(store.deleteWhere(Filter.eq("lang", "de"))).isEqualTo(50);
    assertThat(store.count()).isEqualTo(50);
  }

  @Test
  void badInputIsRejectedAndNothingStoredIsLost() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).build();
    store.upsert(List.of(record("a", Map.of(), 1, 0)));
    assertThatThrownBy(() -> store.upsert(List.of(record("b", Map.of(), 1, 1), record("c", Map.of(), 1, 1, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'c' has 3 dimensions");
    assertThatThrownBy(() -> store.upsert(List.of(record("a", Map.of(), 0, 1), record("a", Map.of(), 1, 0))))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> store.upsert(List.of(record("z", Map.of(), 0, 0))))
        .hasMessageContaining("zero vector");
    assertThatThrownBy(() -> store.search(SearchRequest.builder(new float[] {1, 0, 0}).build()))
        .hasMessageContaining("3 dimensions");
    assertThat(store.count()).isEqualTo(1);
    assertThat(store.search(SearchRequest.builder(new float[] {1, 0}).build()).get(0).score())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void snapshotRoundTripsEverything(@TempDir Path dir) {
    Path file = dir.resolve("sub/store");
    VectorRecord rich =
        new VectorRecord(
            new Chunk("x#0", "x", "héllo 世界 " + "long ".repeat(20000),
                Metadata.of(Map.of("tags", List.of("a", 2, 3.5, true), "page", 3)), 5, 100010),
            new float[] {0.6f, 0.8f});
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).folder(file).build()) {
      store.upsert(List.of(rich, record("y", Map.of(), 1, 0)));
    }
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(2).folder(file).build()) {
      assertThat(reopened.count()).isEqualTo(2);
      SearchHit hit = reopened.search(SearchRequest.builder(new float[] {0.6f, 0.8f}).maxResults(1).build()).get(0);
      assertThat(hit.chunk()).isEqualTo(rich.chunk());
    }
  }

  @Test
  void damagedSnapshotGivesIndexCorruptedExceptionNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("store");
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).folder(file).build()) {
      store.upsert(List.of(record("a", Map.of("k", "v"), 1, 0), record("b", Map.of(), 0, 1)));
    }
    Path snapshot;
    try (var files = Files.list(file)) {
      snapshot = files.filter(p -> p.getFileName().toString().endsWith(".qsnap")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(snapshot);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(snapshot, bytes);
    assertThatThrownBy(() -> EmbeddedVectorStore.builder(2).folder(file).build())
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(snapshot.toString());

    Files.write(snapshot, java.util.Arrays.copyOf(bytes, 20));
    assertThatThrownBy(() -> EmbeddedVectorStore.builder(2).folder(file).build())
        .isInstanceOf(IndexCorruptedException.class);
    Files.writeString(snapshot, "not a store at all");
    assertThatThrownBy(() -> EmbeddedVectorStore.builder(2).folder(file).build())
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("magic");
  }

  @Test
  void reopeningWithAnotherDimensionIsRefused(@TempDir Path dir) {
    Path file = dir.resolve("store");
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).folder(file).build()) {
      store.upsert(List.of(record("a", Map.of(), 1, 0)));
    }
    assertThatThrownBy(() -> EmbeddedVectorStore.builder(3).folder(file).build())
        .hasMessageContaining("2-d");
  }

  @Test
  void closingAStoreThatOnlySearchedLeavesTheFileAlone(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("store");
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).folder(folder).build()) {
      store.upsert(List.of(record("a", Map.of(), 1, 0)));
    }
    Path file;
    try (var files = Files.list(folder)) {
      file = files.filter(p -> p.getFileName().toString().endsWith(".qsnap")).findFirst().orElseThrow();
    }
    var before = Files.getLastModifiedTime(file);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(before.toMillis() - 60_000));
    var aged = Files.getLastModifiedTime(file);
    try (EmbeddedVectorStore reader = EmbeddedVectorStore.builder(2).folder(folder).build()) {
      assertThat(reader.search(SearchRequest.builder(new float[] {1, 0}).build())).hasSize(1);
    }
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(aged);
  }

  @Test
  void concurrentSavesLeaveAValidSnapshotAndNoTemporaryFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("store");
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).folder(file).build();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            store.upsert(List.of(record("t" + thread + "-" + i, Map.of(), 1, i)));
            store.checkpoint();
          }
        }));
      }
      for (var future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    store.close();
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(2).folder(file).build()) {
      assertThat(reopened.count()).isEqualTo(100);
    }
    try (var files = Files.list(file)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("quarry.lock", "snapshot-0000000100.qsnap", "vectors-0000000100.qvec",
              "wal-0000000100.qlog");
    }
  }

  @Test
  void exactSearchCutsEqualScoresByIdWhateverTheInsertionOrder() {
    EmbeddedVectorStore forward = EmbeddedVectorStore.builder(2).index(IndexOptions.exact()).build();
    EmbeddedVectorStore backward = EmbeddedVectorStore.builder(2).index(IndexOptions.exact()).build();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(record(String.format("r%02d", i), Map.of(), 1, 1));
    }
    forward.upsert(records);
    backward.upsert(records.reversed());
    SearchRequest request = SearchRequest.builder(new float[] {1, 1}).maxResults(3).build();
    assertThat(forward.search(request)).extracting(SearchHit::id).containsExactly("r00", "r01", "r02");
    assertThat(backward.search(request)).extracting(SearchHit::id).containsExactly("r00", "r01", "r02");
  }

  @Test
  void aFailedCheckpointKeepsEveryWriteInTheLog(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("store");
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).folder(folder).build();
    store.upsert(List.of(record("a", Map.of(), 1, 0)));
    // The next generation's log cannot be created: a folder is in its place.
    Path blocker = Files.createDirectories(folder.resolve("wal-0000000001.qlog"));
    assertThatThrownBy(store::checkpoint).isInstanceOf(dev.quarry.api.StorageException.class);
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("snapshot-0000000001.qsnap");
    }
    store.upsert(List.of(record("b", Map.of(), 0, 1))); // still logged to the current generation
    Files.delete(blocker);
    store.close(); // now the checkpoint succeeds
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(2).folder(folder).build()) {
      assertThat(reopened.count()).isEqualTo(2);
    }
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s;
  }

  @Test
  void saysWhetherItIsOpenAndWhenItLastCheckpointed(@TempDir Path folder) throws Exception {
    try (EmbeddedVectorStore memory = EmbeddedVectorStore.builder(2).build()) {
      assertThat(memory.lastCheckpoint()).isEmpty();
    }
    java.time.Instant created;
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).folder(folder).build()) {
      created = store.lastCheckpoint().orElseThrow();
      store.upsert(List.of(TestRecords.numbered(1, new float[] {1, 0})));
      assertThat(store.lastCheckpoint()).contains(created); // the write is in the log, not a snapshot
      Thread.sleep(5);
      store.checkpoint();
      assertThat(store.lastCheckpoint().orElseThrow()).isAfter(created);
      assertThat(store.isOpen()).isTrue();
      store.close();
      assertThat(store.isOpen()).isFalse();
    }
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(2).folder(folder).build()) {
      assertThat(reopened.lastCheckpoint().orElseThrow()).isAfterOrEqualTo(created.minusSeconds(2)); // file time
    }
  }
}
