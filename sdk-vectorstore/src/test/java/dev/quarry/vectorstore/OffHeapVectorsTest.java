package dev.quarry.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.internal.storage.ChunkCodec;
import dev.quarry.vectorstore.internal.storage.WriteAheadLog;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vectors and int8 codes of a persistent store live in the snapshot's memory-mapped vector file: a checkpoint
 * moves them off the heap, a reopen maps them without reading them onto it, searches answer the same either way,
 * a damaged or mismatched vector file is refused naming it, and a folder of the older format is rewritten.
 */
class OffHeapVectorsTest {
  private static final int DIM = 24;
  private static final int N = 3000;

  @TempDir Path folder;

  static Stream<IndexOptions> indexes() {
    return Stream.of(IndexOptions.exact(), IndexOptions.hnsw(),
        HnswOptions.builder().quantization(Quantization.NONE).build(),
        IvfOptions.builder().trainingThreshold(500).build());
  }

  private EmbeddedVectorStore open(IndexOptions index) {
    return EmbeddedVectorStore.builder(DIM).index(index).folder(folder).build();
  }

  private static List<VectorRecord> records(float[][] vectors, int from, int to) {
    List<VectorRecord> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      records.add(TestRecords.record("r" + i, Map.of("shard", i % 10), vectors[i]));
    }
    return records;
  }

  /** Each query's hits as "id:score" strings, for exact comparison. */
  private static List<List<String>> answers(EmbeddedVectorStore store, float[][] queries) {
    List<List<String>> answers = new ArrayList<>();
    for (float[] query : queries) {
      List<SearchHit> hits = store.search(SearchRequest.builder(query).maxResults(10).build());
      answers.add(hits.stream().map(hit -> hit.id() + ":" + hit.score()).toList());
    }
    return answers;
  }

  @ParameterizedTest
  @MethodSource("indexes")
  void aCheckpointMovesVectorsAndCodesOffTheHeapAndSearchesAnswerTheSame(IndexOptions index) {
    float[][] vectors = TestRecords.clustered(N + 500, DIM, 31);
    float[][] queries = TestRecords.clustered(25, DIM, 32);
    List<List<String>> before;
    try (EmbeddedVectorStore store = open(index)) {
      store.upsert(records(vectors, 0, N));
      assertThat(store.heapRows()).as("a persistent store's vectors are never on the heap").isZero();
      assertThat(store.unmappedRows()).as("a batch not yet checkpointed").isGreaterThanOrEqualTo(N);
      before = answers(store, queries);
      store.checkpoint();
      assertThat(store.unmappedRows()).isZero();
      assertThat(answers(store, queries)).isEqualTo(before);
    }
    try (EmbeddedVectorStore store = open(index)) {
      assertThat(store.unmappedRows()).as("a reopened store maps its vectors").isZero();
      assertThat(answers(store, queries)).isEqualTo(before);
      assertThat(store.get(List.of("r7"))).first().satisfies(r -> assertThat(r.vector()).hasSize(DIM));
      store.upsert(records(vectors, N, N + 500));
      assertThat(store.unmappedRows()).isPositive().isLessThanOrEqualTo(2 * 500);
      assertThat(store.heapRows()).isZero();
      assertThat(store.search(SearchRequest.builder(vectors[N + 42]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("r" + (N + 42)));
      store.checkpoint();
      assertThat(store.unmappedRows()).isZero();
      assertThat(store.search(SearchRequest.builder(vectors[N + 42]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("r" + (N + 42)));
    }
  }

  @Test
  void replacedAndDeletedRecordsKeepTheirMappedVectorsAsTombstonesThenCompact() {
    float[][] vectors = TestRecords.clustered(N, DIM, 33);
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      store.upsert(records(vectors, 0, N));
      store.checkpoint();
      store.delete(IntStream.range(0, 500).mapToObj(i -> "r" + i).toList()); // tombstones, not compacted
      store.upsert(List.of(TestRecords.record("r600", Map.of(), vectors[0]))); // replaces a mapped record
      store.checkpoint();
    }
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      assertThat(store.count()).isEqualTo(N - 500);
      assertThat(store.search(SearchRequest.builder(vectors[0]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("r600"));
      store.delete(IntStream.range(500, 1500).mapToObj(i -> "r" + i).toList()); // past a quarter: compacted
      assertThat(store.count()).isEqualTo(N - 1500);
      assertThat(store.search(SearchRequest.builder(vectors[2000]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("r2000"));
      assertThat(store.heapRows()).as("a compaction keeps the vectors off the heap").isZero();
      store.checkpoint();
      assertThat(store.unmappedRows()).isZero();
    }
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      assertThat(store.count()).isEqualTo(N - 1500);
      assertThat(store.search(SearchRequest.builder(vectors[2999]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("r2999"));
    }
  }

  @ParameterizedTest
  @MethodSource("indexes")
  void anInMemoryStoreKeepsItsVectorsOnTheHeapAndAnswersAsAPersistentOne(IndexOptions options) {
    // Parallel inserts link in an order threads decide: one build thread gives both stores the same graph.
    IndexOptions index = options instanceof HnswOptions hnsw
        ? HnswOptions.builder().quantization(hnsw.quantization()).buildThreads(1).build() : options;
    float[][] vectors = TestRecords.clustered(N, DIM, 38);
    float[][] queries = TestRecords.clustered(25, DIM, 39);
    try (EmbeddedVectorStore memory = EmbeddedVectorStore.builder(DIM).index(index).build();
        EmbeddedVectorStore persistent = open(index)) {
      memory.upsert(records(vectors, 0, N));
      persistent.upsert(records(vectors, 0, N));
      assertThat(memory.heapRows()).isGreaterThanOrEqualTo(N);
      assertThat(persistent.heapRows()).isZero();
      assertThat(answers(persistent, queries)).isEqualTo(answers(memory, queries));
    }
  }

  private Path vectorFile(long generation) {
    return folder.resolve(String.format("vectors-%010d.qvec", generation));
  }

  /** A store of generation 1 (one checkpoint after creation), closed with an empty log. */
  private void storeOfGenerationOne(float[][] vectors) {
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      store.upsert(records(vectors, 0, 1000));
    }
    assertThat(vectorFile(1)).exists();
  }

  private List<byte[]> contents() throws IOException {
    List<byte[]> contents = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder).sorted()) {
      for (Path file : files.toList()) {
        contents.add(Files.readAllBytes(file));
      }
    }
    return contents;
  }

  @Test
  void aDamagedVectorFileIsRefusedNamingItAndLeftAlone() throws IOException {
    float[][] vectors = TestRecords.clustered(1000, DIM, 34);
    storeOfGenerationOne(vectors);
    Path file = vectorFile(1);
    byte[] good = Files.readAllBytes(file);
    for (int offset : new int[] {2, 30, 64 + 4 * DIM * 500 + 3, good.length - 40, good.length - 1}) {
      byte[] bad = good.clone();
      bad[offset] ^= 0x10;
      Files.write(file, bad);
      List<byte[]> before = contents();
      assertThatThrownBy(() -> open(IndexOptions.hnsw()))
          .as("a flipped byte at %d", offset)
          .isInstanceOf(IndexCorruptedException.class)
          .hasMessageContaining(file.getFileName().toString());
      assertThat(contents()).as("nothing changed on disk").containsExactlyElementsOf(before);
    }
    Files.write(file, java.util.Arrays.copyOf(good, good.length - 9));
    assertThatThrownBy(() -> open(IndexOptions.hnsw()))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("bytes, its header says");
    Files.delete(file);
    assertThatThrownBy(() -> open(IndexOptions.hnsw()))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("vector file of the snapshot is missing");
    Files.write(file, good);
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      assertThat(store.count()).isEqualTo(1000);
    }
  }

  @Test
  void aVectorFileOfAnotherCheckpointIsRefused() throws IOException {
    float[][] vectors = TestRecords.clustered(1200, DIM, 35);
    storeOfGenerationOne(vectors);
    byte[] generationOne = Files.readAllBytes(vectorFile(1));
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      store.upsert(records(vectors, 1000, 1200));
    } // generation 2
    byte[] generationTwo = Files.readAllBytes(vectorFile(2));
    // The same bytes but the generation: as if an older file were renamed into place.
    byte[] relabelled = generationOne.clone();
    System.arraycopy(generationTwo, 8, relabelled, 8, 8);
    Files.write(vectorFile(2), relabelled);
    assertThatThrownBy(() -> open(IndexOptions.hnsw()))
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining("vectors-0000000002.qvec");
    Files.write(vectorFile(2), generationTwo);
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      assertThat(store.count()).isEqualTo(1200);
    }
  }

  @Test
  void aVectorFileACrashLeftWithoutItsSnapshotIsDeleted() throws IOException {
    float[][] vectors = TestRecords.clustered(1000, DIM, 36);
    storeOfGenerationOne(vectors);
    Files.copy(vectorFile(1), vectorFile(2)); // a checkpoint cut short after its vector file
    Files.writeString(folder.resolve("vectors-0000000002.qvec.123.tmp"), "partial");
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      assertThat(store.count()).isEqualTo(1000);
    }
    assertThat(vectorFile(2)).doesNotExist();
    assertThat(folder.resolve("vectors-0000000002.qvec.123.tmp")).doesNotExist();
  }

  @Test
  void rowsWrittenSinceTheCheckpointLeaveNoFileBehindAndAStaleScratchFileIsDeleted() throws IOException {
    Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"), "an open file is unlinked");
    float[][] vectors = TestRecords.clustered(2000, DIM, 40);
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      store.upsert(records(vectors, 0, 2000));
      assertThat(store.unmappedRows()).isGreaterThanOrEqualTo(2000);
      try (Stream<Path> files = Files.list(folder)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("scratch-"));
      }
    }
    Path stale = folder.resolve("scratch-4242.qrows"); // as a crash on a platform that cannot unlink leaves one
    Files.write(stale, new byte[4096]);
    try (EmbeddedVectorStore store = open(IndexOptions.hnsw())) {
      assertThat(store.count()).isEqualTo(2000);
    }
    assertThat(stale).doesNotExist();
  }

  /**
   * A folder written by a Quarry of snapshot format 2 (vectors inside the snapshot) opens, and is rewritten in
   * the current format at once.
   */
  @Test
  void aFolderOfTheOlderFormatOpensAndIsRewritten() throws IOException {
    float[][] vectors = TestRecords.clustered(300, DIM, 37);
    Files.createDirectories(folder);
    writeVersionTwoSnapshot(folder.resolve("snapshot-0000000004.qsnap"), 4, vectors);
    WriteAheadLog.create(folder.resolve("wal-0000000004.qlog"), 4, DIM, FsyncPolicy.ALWAYS).close();

    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact()).folder(folder)
        .build()) {
      assertThat(store.count()).isEqualTo(vectors.length);
      assertThat(store.unmappedRows()).as("rewritten and mapped at open").isZero();
      assertThat(store.heapRows()).isZero();
      assertThat(store.search(SearchRequest.builder(vectors[123]).maxResults(1).build())).first()
          .satisfies(hit -> assertThat(hit.id()).isEqualTo("v123"));
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "quarry.lock", "snapshot-0000000005.qsnap", "vectors-0000000005.qvec", "wal-0000000005.qlog");
    }
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIM).index(IndexOptions.exact()).folder(folder)
        .build()) {
      assertThat(store.get(List.of("v7"))).first().satisfies(r -> assertThat(r.vector()).containsExactly(
          Metric.COSINE.prepare(vectors[7])));
    }
  }

  /** The version 2 layout, as docs/storage-format.md described it: records with their vectors inline. */
  private static void writeVersionTwoSnapshot(Path file, long generation, float[][] vectors) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x51525953);
    out.writeInt(2);
    out.writeLong(generation);
    out.writeInt(DIM);
    out.writeInt(Metric.COSINE.ordinal());
    byte[] kind = "exact".getBytes(StandardCharsets.UTF_8);
    out.writeInt(kind.length);
    out.write(kind);
    out.writeInt(vectors.length);
    for (int i = 0; i < vectors.length; i++) {
      ChunkCodec.write(out, new Chunk("v" + i, "doc", "text " + i, Metadata.of(Map.of("i", i)), 0, 0));
      ChunkCodec.writeFloats(out, Metric.COSINE.prepare(vectors[i]));
    }
    out.writeInt(vectors.length); // ordinals
    for (int i = 0; i < vectors.length; i++) {
      out.writeInt(i);
    }
    out.writeInt(0); // tombstones
    out.writeInt(0); // the exact index has no bytes
    out.flush();
    CRC32C crc = new CRC32C();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    Files.write(file, bytes.toByteArray());
  }
}
