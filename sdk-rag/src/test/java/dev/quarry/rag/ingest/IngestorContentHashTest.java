package dev.quarry.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.splitter.RecursiveCharacterSplitter;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-ingesting embeds only what changed, judged by the content hash stored with each chunk. */
class IngestorContentHashTest {
  private static final RecursiveCharacterSplitter SMALL =
      RecursiveCharacterSplitter.builder().chunkSize(60).chunkOverlap(0).build();
  private static final String LONG = "Swallows migrate south in autumn. They return in spring to nest under roofs. "
      + "Their nests are made of mud. Young birds leave the nest after three weeks.";

  private final HashingEmbeddingModel model = new HashingEmbeddingModel(16);
  private final EmbeddedVectorStore store = EmbeddedVectorStore.builder(16).build();
  private final Ingestor ingestor = Ingestor.builder(model, store).splitter(SMALL).build();

  @Test
  void everyChunkCarriesAHashOfItsText() {
    ingestor.ingest(List.of(Document.of("d", LONG)));
    List<VectorRecord> records = store.get(List.of("d#0", "d#1"));
    assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.chunk().metadata().getString(Ingestor.CONTENT_HASH))
        .contains(ContentHash.of(r.chunk().text())));
    assertThat(ContentHash.of("a")).hasSize(32).isNotEqualTo(ContentHash.of("b"));
  }

  @Test
  void reingestingUnchangedDocumentsEmbedsNothing() {
    IngestResult first = ingestor.ingest(List.of(Document.of("d", LONG), Document.of("e", "Short note.")));
    long embedded = model.embeddedTexts();
    IngestResult again = ingestor.ingest(List.of(Document.of("d", LONG), Document.of("e", "Short note.")));

    assertThat(model.embeddedTexts()).isEqualTo(embedded);
    assertThat(again.chunks()).isZero();
    assertThat(again.unchangedChunks()).isEqualTo(first.chunks()).isEqualTo(store.count());
    assertThat(again.nothingChanged()).isTrue();
  }

  @Test
  void anEditedDocumentReembedsOnlyTheChunksThatChanged() {
    IngestResult first = ingestor.ingest(List.of(Document.of("d", LONG)));
    long embedded = model.embeddedTexts();
    String edited = LONG.replace("three weeks", "twenty days");
    IngestResult again = ingestor.ingest(List.of(Document.of("d", edited)));

    assertThat(again.chunks()).isEqualTo(1);
    assertThat(again.unchangedChunks()).isEqualTo(first.chunks() - 1);
    assertThat(model.embeddedTexts()).isEqualTo(embedded + 1);
    assertThat(again.nothingChanged()).isFalse();
    String lastId = "d#" + (first.chunks() - 1);
    VectorRecord last = store.get(List.of(lastId)).getFirst();
    assertThat(last.chunk().text()).contains("twenty days");
    assertThat(last.vector()).isEqualTo(unit(model.vector(last.chunk().text())));
  }

  @Test
  void aDocumentThatLostItsEndRemovesTheStaleChunksAndEmbedsNothing() {
    IngestResult first = ingestor.ingest(List.of(Document.of("d", LONG)));
    String firstChunkText = store.get(List.of("d#0")).getFirst().chunk().text();
    long embedded = model.embeddedTexts();

    IngestResult again = ingestor.ingest(List.of(Document.of("d", firstChunkText)));

    assertThat(again.chunks()).isZero();
    assertThat(again.unchangedChunks()).isEqualTo(1);
    assertThat(again.staleChunksRemoved()).isEqualTo(first.chunks() - 1);
    assertThat(model.embeddedTexts()).isEqualTo(embedded);
    assertThat(store.count()).isEqualTo(1);
    assertThat(again.nothingChanged()).isFalse();
  }

  @Test
  void newMetadataOnTheSameTextKeepsTheVectorAndUpdatesTheRecord() {
    ingestor.ingest(List.of(new Document("d", LONG, Metadata.of(Map.of("version", 1L)))));
    float[] vectorBefore = store.get(List.of("d#0")).getFirst().vector();
    long embedded = model.embeddedTexts();
    IngestResult again = ingestor.ingest(List.of(new Document("d", LONG, Metadata.of(Map.of("version", 2L)))));

    assertThat(model.embeddedTexts()).isEqualTo(embedded);
    assertThat(again.chunks()).isZero();
    VectorRecord after = store.get(List.of("d#0")).getFirst();
    assertThat(after.chunk().metadata().getLong("version")).contains(2L);
    assertThat(after.vector()).isEqualTo(vectorBefore);
  }

  @Test
  void aTouchedFileIsNotEmbeddedAgain(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("birds.txt"), LONG);
    FolderLoader folder = FolderLoader.builder(dir).build();
    IngestResult first = ingestor.ingest(folder);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(3600)));
    long embedded = model.embeddedTexts();
    IngestResult again = ingestor.ingest(folder);

    assertThat(model.embeddedTexts()).isEqualTo(embedded);
    assertThat(again.unchangedChunks()).isEqualTo(first.chunks());
  }

  @Test
  void aChunkTheKeywordIndexLacksIsWrittenAgainSoBothSidesAreInStep() {
    try (Bm25Index keywords = Bm25Index.builder().build()) {
      VectorStore synced = keywords.syncing(store);
      Ingestor syncing = Ingestor.builder(model, synced).splitter(SMALL).build();
      IngestResult first = syncing.ingest(List.of(Document.of("d", LONG)));
      keywords.delete(List.of("d#1")); // the two sides disagree, as after a failed keyword write
      long embedded = model.embeddedTexts();

      IngestResult again = syncing.ingest(List.of(Document.of("d", LONG)));

      assertThat(again.chunks()).isEqualTo(1);
      assertThat(model.embeddedTexts()).isEqualTo(embedded + 1);
      assertThat(keywords.count()).isEqualTo(store.count()).isEqualTo(first.chunks());
    }
  }

  @Test
  void aChunkTheKeywordIndexHoldsInAnOlderVersionIsWrittenAgain() {
    try (Bm25Index keywords = Bm25Index.builder().build()) {
      VectorStore synced = keywords.syncing(store);
      Ingestor syncing = Ingestor.builder(model, synced).splitter(SMALL).build();
      syncing.ingest(List.of(Document.of("d", LONG)));
      VectorRecord current = store.get(List.of("d#1")).getFirst();
      Chunk old = new Chunk("d#1", "d", "An older text of this chunk.", current.chunk().metadata(),
          current.chunk().startOffset(), current.chunk().endOffset());
      keywords.upsert(List.of(old)); // as after a keyword write that failed half-way through an edit
      long embedded = model.embeddedTexts();

      IngestResult again = syncing.ingest(List.of(Document.of("d", LONG)));

      assertThat(again.chunks()).isEqualTo(1);
      assertThat(model.embeddedTexts()).isEqualTo(embedded + 1);
      assertThat(keywords.search("older", 5)).isEmpty();
      assertThat(keywords.search(current.chunk().text(), 1)).extracting(h -> h.chunk().text())
          .containsExactly(current.chunk().text());
    }
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(norm));
    }
    return out;
  }
}
