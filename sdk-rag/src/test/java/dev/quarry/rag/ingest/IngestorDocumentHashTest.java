package dev.quarry.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.rag.splitter.DocumentSplitter;
import dev.quarry.rag.splitter.RecursiveCharacterSplitter;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Re-ingesting an unchanged document neither cuts nor embeds it, judged by the document hash of its chunks. */
class IngestorDocumentHashTest {
  private static final String LONG = "Swallows migrate south in autumn. They return in spring to nest under roofs. "
      + "Their nests are made of mud. Young birds leave the nest after three weeks.";
  private static final List<Document> DOCUMENTS =
      List.of(Document.of("d", LONG), Document.of("e", "Short note."));

  private final HashingEmbeddingModel model = new HashingEmbeddingModel(16);
  private final EmbeddedVectorStore store = EmbeddedVectorStore.builder(16).build();

  /** A test double: a splitter that counts the documents it cuts, with the fingerprint of the one it wraps. */
  private static final class CountingSplitter implements DocumentSplitter {
    final DocumentSplitter delegate;
    final boolean fingerprinted;
    final AtomicInteger cuts = new AtomicInteger();

    CountingSplitter(int chunkSize, boolean fingerprinted) {
      this.delegate = RecursiveCharacterSplitter.builder().chunkSize(chunkSize).chunkOverlap(0).build();
      this.fingerprinted = fingerprinted;
    }

    @Override
    public List<Chunk> split(Document document) {
      cuts.incrementAndGet();
      return delegate.split(document);
    }

    @Override
    public Optional<String> fingerprint() {
      return fingerprinted ? delegate.fingerprint() : Optional.empty();
    }
  }

  private Ingestor ingestor(DocumentSplitter splitter) {
    return Ingestor.builder(model, store).splitter(splitter).build();
  }

  @Test
  void anUnchangedDocumentIsNeitherCutNorEmbeddedAgain() {
    CountingSplitter splitter = new CountingSplitter(60, true);
    IngestResult first = ingestor(splitter).ingest(DOCUMENTS);
    long embedded = model.embeddedTexts();

    IngestResult again = ingestor(splitter).ingest(DOCUMENTS);

    assertThat(splitter.cuts).hasValue(2); // the first ingest only
    assertThat(model.embeddedTexts()).isEqualTo(embedded);
    assertThat(again.unchangedChunks()).isEqualTo(first.chunks()).isEqualTo(store.count());
    assertThat(again.nothingChanged()).isTrue();
    List<VectorRecord> stored = store.get(IntStream.range(0, 10).mapToObj(i -> "d#" + i).toList());
    assertThat(stored).isNotEmpty().allSatisfy(r -> {
      assertThat(r.chunk().metadata().getString(Ingestor.DOCUMENT_HASH)).isPresent();
      assertThat(r.chunk().metadata().getLong(Ingestor.DOCUMENT_CHUNKS)).contains((long) stored.size());
    });
  }

  @Test
  void anEditedTextNewMetadataOrAnotherIdIsCutAgain() {
    CountingSplitter splitter = new CountingSplitter(60, true);
    ingestor(splitter).ingest(DOCUMENTS);

    ingestor(splitter).ingest(List.of(Document.of("d", LONG.replace("three", "four")),
        new Document("e", "Short note.", Metadata.of(Map.of("source", "notes.txt")))));

    assertThat(splitter.cuts).hasValue(4);
    assertThat(store.get(List.of("e#0")).get(0).chunk().metadata().getString("source")).contains("notes.txt");
  }

  @Test
  void anotherSplitterSettingCutsAgainIntoTheNewChunks() {
    ingestor(new CountingSplitter(60, true)).ingest(DOCUMENTS);
    long before = store.count();
    CountingSplitter wider = new CountingSplitter(500, true);

    IngestResult again = ingestor(wider).ingest(DOCUMENTS);

    assertThat(wider.cuts).hasValue(2);
    assertThat(store.count()).isEqualTo(2).isLessThan(before);
    assertThat(again.staleChunksRemoved()).isEqualTo(before - 2);
  }

  @Test
  void aDocumentMissingAChunkTakesTheLongWayAndIsRepaired() {
    CountingSplitter splitter = new CountingSplitter(60, true);
    ingestor(splitter).ingest(DOCUMENTS);
    long count = store.count();
    store.delete(List.of("d#1"));
    long embedded = model.embeddedTexts();

    IngestResult again = ingestor(splitter).ingest(DOCUMENTS);

    assertThat(splitter.cuts).hasValue(3); // d again, e not
    assertThat(store.count()).isEqualTo(count);
    assertThat(again.chunks()).isEqualTo(1);
    assertThat(model.embeddedTexts()).isEqualTo(embedded + 1);
  }

  @Test
  void withoutAFingerprintEveryDocumentIsCutAgainButNotEmbedded() {
    CountingSplitter splitter = new CountingSplitter(60, false);
    ingestor(splitter).ingest(DOCUMENTS);
    long embedded = model.embeddedTexts();

    ingestor(splitter).ingest(DOCUMENTS);

    assertThat(splitter.cuts).hasValue(4);
    assertThat(model.embeddedTexts()).isEqualTo(embedded);
    assertThat(store.get(List.of("d#0")).get(0).chunk().metadata().containsKey(Ingestor.DOCUMENT_HASH)).isFalse();
  }

  @Test
  void aForgedChunkCountIsNotTrusted() {
    CountingSplitter splitter = new CountingSplitter(60, true);
    ingestor(splitter).ingest(DOCUMENTS);
    VectorRecord first = store.get(List.of("d#0")).get(0);
    store.upsert(List.of(new VectorRecord(new Chunk(first.id(), first.chunk().documentId(), first.chunk().text(),
        first.chunk().metadata().with(Ingestor.DOCUMENT_CHUNKS, 1_000_000_000L), first.chunk().startOffset(),
        first.chunk().endOffset()), first.vector())));

    ingestor(splitter).ingest(DOCUMENTS);

    assertThat(splitter.cuts).hasValue(3); // the count claims chunks that are not there: d is cut again
    assertThat(store.get(List.of("d#0")).get(0).chunk().metadata().getLong(Ingestor.DOCUMENT_CHUNKS))
        .isNotEqualTo(Optional.of(1_000_000_000L));
  }

  @Test
  void theDocumentHashCoversIdTextMetadataTypesAndFingerprint() {
    Document base = new Document("a", "text", Metadata.of(Map.of("n", 1L)));
    String hash = ContentHash.ofDocument("f", base);
    assertThat(hash).hasSize(32);
    assertThat(ContentHash.ofDocument("f", base)).isEqualTo(hash);
    assertThat(ContentHash.ofDocument("g", base)).isNotEqualTo(hash);
    assertThat(ContentHash.ofDocument("f", new Document("b", "text", base.metadata()))).isNotEqualTo(hash);
    assertThat(ContentHash.ofDocument("f", new Document("a", "text.", base.metadata()))).isNotEqualTo(hash);
    assertThat(ContentHash.ofDocument("f", new Document("a", "text", Metadata.of(Map.of("n", "1")))))
        .isNotEqualTo(hash);
    assertThat(ContentHash.ofDocument("f", new Document("a", "text", Metadata.of(Map.of("n", 1.0)))))
        .isNotEqualTo(hash);
    // lists whose elements print alike do not collide, nor elements of two types that print alike
    assertThat(withList(List.of("a, b"))).isNotEqualTo(withList(List.of("a", "b")));
    assertThat(withList(List.of(1L, "1"))).isNotEqualTo(withList(List.of("1", 1L)));
    // moving text between parts does not collide
    assertThat(ContentHash.ofDocument("f", new Document("ab", "c", Metadata.empty())))
        .isNotEqualTo(ContentHash.ofDocument("f", new Document("a", "bc", Metadata.empty())));
  }

  private static String withList(List<?> value) {
    return ContentHash.ofDocument("f", new Document("a", "t", Metadata.of(Map.of("k", value))));
  }
}
