package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filtered search answered from the metadata bitmaps gives the same hits as from the records' metadata, on the
 * exact path (selective filters) and on the graph walk (broad ones), with replaced and deleted records, after a
 * compaction, and after reopening a folder (the bitmaps read from its snapshot, or built again for other keys).
 */
class FilteredSearchWithBitmapsTest {
  private static final int DIM = 16;
  private static final int N = 4000;

  private static final List<Filter> FILTERS = List.of(
      Filter.eq("bucket", 7),                                            // 1%: exact path
      Filter.lt("bucket", 3),                                            // 3%
      Filter.lt("bucket", 30),                                           // 30%: graph walk
      Filter.and(Filter.eq("parity", "even"), Filter.gte("bucket", 50)), // 25%
      Filter.or(Filter.eq("bucket", 1), Filter.in("tenant", List.of("t2", "t3"))),
      Filter.not(Filter.eq("parity", "odd")),
      Filter.and(Filter.lt("bucket", 20), Filter.eq("unindexed", "u1")),  // bitmap bounds, records checked
      Filter.eq("missing", "x"));                                        // no record has the key

  @Test
  void bitmapsGiveTheSameHitsAsReadingTheMetadata(@TempDir Path folder) {
    float[][] vectors = TestRecords.clustered(N + 500, DIM, 31);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      records.add(record(i, vectors[i]));
    }
    // One build thread: both stores get the same graph, so even the walk must agree hit for hit.
    IndexOptions hnsw = HnswOptions.builder().buildThreads(1).build();
    try (EmbeddedVectorStore withBitmaps = EmbeddedVectorStore.builder(DIM).index(hnsw).folder(folder)
            .metadataIndexing(MetadataIndexing.keys("bucket", "parity", "tenant", "missing")).build();
        EmbeddedVectorStore without = EmbeddedVectorStore.builder(DIM).index(hnsw)
            .metadataIndexing(MetadataIndexing.none()).build()) {
      for (EmbeddedVectorStore store : List.of(withBitmaps, without)) {
        store.upsert(records);
        // Replace 500 records (new vectors), delete every 4th: tombstones pass a quarter of the ordinals, so the
        // table is compacted and the bitmaps rebuilt.
        List<VectorRecord> replaced = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          replaced.add(record(i * 3, vectors[N + i]));
        }
        store.upsert(replaced);
        List<String> gone = new ArrayList<>();
        for (int i = 1; i < N; i += 4) {
          gone.add("r" + i);
        }
        store.delete(gone);
        store.deleteWhere(Filter.eq("bucket", 42));
      }
      assertSameHits(withBitmaps, without, vectors);
    }
    try (EmbeddedVectorStore reopened = EmbeddedVectorStore.builder(DIM).index(hnsw).folder(folder)
            .metadataIndexing(MetadataIndexing.allKeys()).build();
        EmbeddedVectorStore reference = EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact())
            .metadataIndexing(MetadataIndexing.none()).build()) {
      reference.upsert(reopened.get(allIds()));
      assertThat(reopened.count()).isEqualTo(reference.count());
      for (Filter filter : FILTERS) {
        for (int q = 0; q < 20; q++) {
          SearchRequest request = SearchRequest.builder(vectors[q * 37]).maxResults(500).filter(filter).build();
          assertThat(ids(reopened.search(request, dev.quarry.api.store.SearchOptions.exactSearch())))
              .as("reopened, exact, %s", filter).isEqualTo(ids(reference.search(request)));
        }
      }
    }
  }

  /**
   * The choice of keys is saved with the bitmaps: a store opened without one keeps the folder's (and reads its
   * bitmaps, written records and log replay included), one opened with another builds them again and saves that.
   */
  @Test
  void theChoiceOfKeysIsSavedAndKeptByAStoreOpenedWithoutOne(@TempDir Path folder) {
    float[][] vectors = TestRecords.clustered(N, DIM, 32);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      records.add(record(i, vectors[i]));
    }
    MetadataIndexing bucketAndTenant = MetadataIndexing.keys("bucket", "tenant");
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder)
        .metadataIndexing(bucketAndTenant).build()) {
      store.upsert(records.subList(0, N / 2));
    }
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder).build()) {
      assertThat(store.metadataIndexing()).isEqualTo(bucketAndTenant);
      store.upsert(records.subList(N / 2, N)); // in the log only: replayed into the read bitmaps
      store.deleteWhere(Filter.eq("bucket", 42));
      assertSameHitsAsReading(store, vectors);
    }
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder).build()) {
      assertThat(store.metadataIndexing()).isEqualTo(bucketAndTenant);
      assertThat(store.count()).isEqualTo(N - N / 100);
      assertSameHitsAsReading(store, vectors);
    }
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder)
        .metadataIndexing(MetadataIndexing.keys("parity")).build()) {
      assertThat(store.metadataIndexing()).isEqualTo(MetadataIndexing.keys("parity"));
      assertSameHitsAsReading(store, vectors);
    }
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder).build()) {
      assertThat(store.metadataIndexing()).as("the new choice was saved at open, with no write after it")
          .isEqualTo(MetadataIndexing.keys("parity"));
      assertSameHitsAsReading(store, vectors);
    }
  }

  /**
   * A folder of snapshot format 3 (no bitmaps saved) opens with bitmaps built from its records, and is rewritten in
   * format 4 at once. The format 3 snapshot is made from a format 4 one of a store that indexes no key, whose
   * metadata section is known byte for byte: it is cut off, the version set to 3 and the checksum redone.
   */
  @Test
  void aFolderOfFormatThreeOpensWithBitmapsBuiltAndIsRewritten(@TempDir Path folder) throws IOException {
    float[][] vectors = TestRecords.clustered(N, DIM, 33);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      records.add(record(i, vectors[i]));
    }
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder)
        .metadataIndexing(MetadataIndexing.none()).build()) {
      store.upsert(records);
    }
    Path snapshot = onlyFile(folder, ".qsnap");
    byte[] bytes = Files.readAllBytes(snapshot);
    assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(4);
    // Length 14; keys listed (1), none; no near-unique dropping; no dropped key; no postings.
    byte[] section = {0, 0, 0, 14, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    int end = bytes.length - Long.BYTES;
    assertThat(Arrays.copyOfRange(bytes, end - section.length, end)).isEqualTo(section);
    byte[] older = Arrays.copyOf(bytes, end - section.length + Long.BYTES);
    ByteBuffer.wrap(older).putInt(4, 3);
    CRC32C crc = new CRC32C();
    crc.update(older, 0, older.length - Long.BYTES);
    ByteBuffer.wrap(older).putLong(older.length - Long.BYTES, crc.getValue());
    Files.write(snapshot, older);

    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder).build()) {
      assertThat(store.metadataIndexing()).isEqualTo(MetadataIndexing.allKeys());
      assertSameHitsAsReading(store, vectors);
    }
    assertThat(ByteBuffer.wrap(Files.readAllBytes(onlyFile(folder, ".qsnap"))).getInt(4)).as("rewritten")
        .isEqualTo(4);
  }

  /** A metadata section that does not parse, under a sound checksum, is refused naming the file; nothing changes. */
  @Test
  void aDamagedMetadataSectionIsRefusedNamingTheFile(@TempDir Path folder) throws IOException {
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).folder(folder)
        .metadataIndexing(MetadataIndexing.none()).build()) {
      store.upsert(List.of(record(1, TestRecords.clustered(1, DIM, 1)[0])));
    }
    Path snapshot = onlyFile(folder, ".qsnap");
    byte[] bytes = Files.readAllBytes(snapshot);
    int tag = bytes.length - Long.BYTES - 14;
    assertThat(bytes[tag]).isEqualTo((byte) 1);
    bytes[tag] = 9;
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - Long.BYTES);
    ByteBuffer.wrap(bytes).putLong(bytes.length - Long.BYTES, crc.getValue());
    Files.write(snapshot, bytes);

    assertThatThrownBy(() -> EmbeddedVectorStore.builder(DIM).folder(folder).build())
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(snapshot.getFileName().toString())
        .hasMessageContaining("bad metadata index: bad metadata keys tag 9");
    assertThat(Files.readAllBytes(snapshot)).as("left as it was").isEqualTo(bytes);
  }

  private static Path onlyFile(Path folder, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
      assertThat(found).hasSize(1);
      return found.get(0);
    }
  }

  /** A new store, in memory or in a new folder, indexes every key unless told otherwise. */
  @Test
  void aNewStoreIndexesEveryKeyByDefault(@TempDir Path folder) {
    try (EmbeddedVectorStore memory = EmbeddedVectorStore.builder(DIM).build();
        EmbeddedVectorStore persistent = EmbeddedVectorStore.builder(DIM).folder(folder).build()) {
      assertThat(memory.metadataIndexing()).isEqualTo(MetadataIndexing.allKeys());
      assertThat(persistent.metadataIndexing()).isEqualTo(MetadataIndexing.allKeys());
    }
  }

  /** Filtered exact search on {@code store} against a store that reads every record's metadata. */
  private static void assertSameHitsAsReading(EmbeddedVectorStore store, float[][] vectors) {
    try (EmbeddedVectorStore reference = EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact())
        .metadataIndexing(MetadataIndexing.none()).build()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        ids.add("r" + i);
      }
      reference.upsert(store.get(ids));
      for (Filter filter : FILTERS) {
        for (int q = 0; q < 10; q++) {
          SearchRequest request = SearchRequest.builder(vectors[q * 37]).maxResults(300).filter(filter).build();
          assertThat(ids(store.search(request, dev.quarry.api.store.SearchOptions.exactSearch())))
              .as("%s", filter).isEqualTo(ids(reference.search(request)));
        }
      }
    }
  }

  private static void assertSameHits(EmbeddedVectorStore a, EmbeddedVectorStore b, float[][] vectors) {
    for (Filter filter : FILTERS) {
      for (int q = 0; q < 40; q++) {
        SearchRequest request = SearchRequest.builder(vectors[q * 101]).maxResults(10).filter(filter).build();
        assertThat(ids(a.search(request))).as("%s, query %d", filter, q).isEqualTo(ids(b.search(request)));
      }
    }
  }

  private static VectorRecord record(int i, float[] vector) {
    return TestRecords.record("r" + i, Map.of("bucket", (i * 7 + vector.length) % 100, "parity",
        i % 2 == 0 ? "even" : "odd", "tenant", "t" + (i % 5), "unindexed", "u" + (i % 3)), vector);
  }

  private static List<String> allIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      ids.add("r" + i);
    }
    return ids;
  }

  private static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).toList();
  }
}
