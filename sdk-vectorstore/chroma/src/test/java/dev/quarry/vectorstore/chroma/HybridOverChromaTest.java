package dev.quarry.vectorstore.chroma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Document;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;

/**
 * The RAG stack over Chroma: an {@link Ingestor} fills the store and a BM25 index in step through {@link
 * Bm25Index#syncing}, a {@link HybridRetriever} fuses dense and keyword search, and a re-ingest embeds nothing
 * (the store's {@code get} reads the content hashes back). The embedder is the testkit's hashing test double.
 */
class HybridOverChromaTest {
  @AfterEach
  void dropCollections() {
    ChromaServer.dropMade();
  }

  @Test
  void ingestAndHybridRetrievalWorkOverChroma() {
    HashingEmbeddingModel model = new HashingEmbeddingModel(64);
    ChromaVectorStore vectors = ChromaVectorStore.builder(ChromaServer.endpoint(), 64)
        .collection(ChromaServer.freshCollection("hybrid")).build();
    List<Document> documents = List.of(
        Document.of("lighthouse", "The lighthouse flashes its white light every ten seconds to warn ships."),
        Document.of("bread", "Sourdough bread rises with a starter of wild yeast and lactic acid bacteria."),
        Document.of("rust", "The borrow checker enforces ownership rules at compile time."));
    try (Bm25Index keywords = Bm25Index.builder().build()) {
      VectorStore synced = keywords.syncing(vectors);
      Ingestor ingestor = Ingestor.builder(model, synced).build();

      IngestResult first = ingestor.ingest(documents);
      long embedded = model.embeddedTexts();
      IngestResult again = ingestor.ingest(documents);

      assertThat(first.chunks()).isEqualTo(3);
      assertThat(vectors.count()).isEqualTo(3);
      assertThat(keywords.count()).isEqualTo(3);
      assertThat(again.chunks()).isZero();
      assertThat(again.unchangedChunks()).isEqualTo(3);
      assertThat(model.embeddedTexts()).isEqualTo(embedded);

      HybridRetriever hybrid = HybridRetriever.builder(DenseRetriever.builder(model, vectors).build(),
          Bm25Retriever.builder(keywords).build()).build();
      List<SearchHit> hits = hybrid.retrieve(Query.of("wild yeast starter").withMaxResults(2));
      assertThat(hits).isNotEmpty();
      assertThat(hits.getFirst().chunk().documentId()).isEqualTo("bread");
    }
  }
}
