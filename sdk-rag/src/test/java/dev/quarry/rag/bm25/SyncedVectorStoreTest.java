package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.splitter.RecursiveCharacterSplitter;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncedVectorStoreTest {
  private static final HashingEmbeddingModel MODEL = new HashingEmbeddingModel(27);
  private final EmbeddedVectorStore vectors = EmbeddedVectorStore.builder(MODEL.dimension()).build();
  private final Bm25Index keywords = Bm25Index.builder().build();
  private final VectorStore both = keywords.syncing(vectors);

  @AfterEach
  void close() {
    keywords.close();
    vectors.close();
  }

  private static VectorRecord record(String id, String text, Map<String, ?> metadata) {
    return new VectorRecord(
        new Chunk(id, "doc", text, Metadata.of(metadata), 0, text.length()), MODEL.vector(text));
  }

  private void assertSidesAgree(long expected) {
    assertThat(vectors.count()).as("vector store").isEqualTo(expected);
    assertThat(keywords.count()).as("keyword index").isEqualTo(expected);
    assertThat(both.count()).isEqualTo(expected);
  }

  @Test
  void theIngestorFillsBothSidesAndRemovesStaleChunksFromBoth() {
    Ingestor ingestor = Ingestor.builder(MODEL, both)
        .splitter(RecursiveCharacterSplitter.builder().chunkSize(60).chunkOverlap(0).build())
        .batchSize(3)
        .build();
    ingestor.ingest(List.of(
        Document.of("birds", "Swallows migrate south in autumn. They return in spring to nest under roofs. ".repeat(3)),
        Document.of("stars", "A supernova is the explosion of a massive star at the end of its life.")));
    long stored = vectors.count();

    assertThat(stored).isGreaterThan(3);
    assertSidesAgree(stored);
    assertThat(keywords.search("supernova explosion", 1).get(0).chunk().metadata().getString(Ingestor.DOCUMENT_ID))
        .contains("stars");

    ingestor.ingest(List.of(Document.of("birds", "Only one short sentence now.")));

    assertThat(vectors.count()).isLessThan(stored);
    assertSidesAgree(vectors.count());
    assertThat(keywords.search("swallows", 5)).isEmpty();
    assertThat(keywords.search("sentence", 5)).extracting(SearchHit::id).containsExactly("birds#0");
  }

  @Test
  void deletesByIdAndByFilterReachBothSides() {
    both.upsert(List.of(
        record("a", "alpha text", Map.of("group", "x")),
        record("b", "beta text", Map.of("group", "x")),
        record("c", "gamma text", Map.of("group", "y"))));
    assertSidesAgree(3);

    assertThat(both.delete(List.of("a", "missing"))).isEqualTo(1);
    assertSidesAgree(2);
    assertThat(both.deleteWhere(Filter.eq("group", "x"))).isEqualTo(1);
    assertSidesAgree(1);
    assertThat(keywords.search("text", 5)).extracting(SearchHit::id).containsExactly("c");
    assertThat(both.search(SearchRequest.builder(MODEL.vector("gamma")).maxResults(5).build()))
        .extracting(SearchHit::id).containsExactly("c");
  }

  @Test
  void aRejectedBatchChangesNeitherSide() {
    both.upsert(List.of(record("a", "original apples", Map.of())));
    VectorRecord replacement = record("a", "replacement pears", Map.of());
    VectorRecord zero = new VectorRecord(new Chunk("z", "doc", "zero", Metadata.empty(), 0, 4),
        new float[MODEL.dimension()]);
    VectorRecord wrongDimension = new VectorRecord(new Chunk("w", "doc", "w", Metadata.empty(), 0, 1), new float[3]);
    VectorRecord tooLong = record("t", "long note", Map.of("note", "n".repeat(MetadataFields.MAX_STRING_CHARS + 1)));

    assertThatThrownBy(() -> both.upsert(List.of(replacement, record("a", "again", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> both.upsert(List.of(replacement, wrongDimension)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions");
    assertThatThrownBy(() -> both.upsert(List.of(replacement, zero)))   // refused by the vector store itself
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> both.upsert(List.of(replacement, tooLong))) // refused before the vector store
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata 'note'");
    assertThatThrownBy(() -> both.upsert(Arrays.asList(replacement, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> both.delete(Arrays.asList("a", null))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> both.deleteWhere(null)).isInstanceOf(IllegalArgumentException.class);

    assertSidesAgree(1);
    assertThat(keywords.search("apples", 5)).extracting(SearchHit::id).containsExactly("a");
    assertThat(keywords.search("pears", 5)).isEmpty();
    assertThat(vectors.search(SearchRequest.builder(MODEL.vector("x")).maxResults(5).build()).get(0)
        .chunk().text()).isEqualTo("original apples");
  }

  @Test
  void aKeywordFailureAfterTheVectorWriteNamesWhatDiffers() {
    VectorStore failing = keywords.syncing(new IndexClosingVectorStore(vectors, keywords));

    assertThatThrownBy(() -> failing.upsert(List.of(record("a", "apples", Map.of()), record("b", "pears", Map.of()))))
        .isInstanceOfSatisfying(Bm25SyncException.class, e -> {
          assertThat(e.ids()).containsExactly("a", "b");
          assertThat(e).hasMessageContaining("reached the vector store but not the BM25 index")
              .hasMessageContaining("'a', 'b'")
              .hasCauseInstanceOf(IllegalStateException.class);
        });
    assertThat(vectors.count()).isEqualTo(2);
  }

  @Test
  void aClosedIndexIsNoticedBeforeTheVectorStoreIsWritten() {
    keywords.close();

    assertThatThrownBy(() -> both.upsert(List.of(record("a", "apples", Map.of()))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(vectors.count()).isZero();
  }

  /** Test double: a vector store that closes a BM25 index right after each write, to make the index's write fail. */
  private record IndexClosingVectorStore(VectorStore delegate, Bm25Index index) implements VectorStore {
    @Override
    public int dimension() {
      return delegate.dimension();
    }

    @Override
    public void upsert(List<VectorRecord> records) {
      delegate.upsert(records);
      index.close();
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
      return delegate.search(request);
    }

    @Override
    public List<VectorRecord> get(Collection<String> ids) {
      return delegate.get(ids);
    }

    @Override
    public int delete(Collection<String> ids) {
      int removed = delegate.delete(ids);
      index.close();
      return removed;
    }

    @Override
    public int deleteWhere(Filter filter) {
      int removed = delegate.deleteWhere(filter);
      index.close();
      return removed;
    }

    @Override
    public long count() {
      return delegate.count();
    }
  }
}
