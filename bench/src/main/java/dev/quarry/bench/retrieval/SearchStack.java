package dev.quarry.bench.retrieval;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.Fusion;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.rag.splitter.DocumentSplitter;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One corpus indexed both ways, the way an application would: chunks written through {@link
 * Bm25Index#syncing} into an in-memory HNSW {@link EmbeddedVectorStore} and a BM25 index, and the three retrievers
 * over them.
 */
final class SearchStack implements AutoCloseable {
  final EmbeddingModel model;
  final EmbeddedVectorStore store;
  final Bm25Index keywords;
  final long indexNanos;

  private SearchStack(EmbeddingModel model, EmbeddedVectorStore store, Bm25Index keywords, long indexNanos) {
    this.model = model;
    this.store = store;
    this.keywords = keywords;
    this.indexNanos = indexNanos;
  }

  /** Splits, embeds and stores {@code documents} through the Ingestor. */
  static SearchStack ingest(EmbeddingModel model, List<Document> documents, DocumentSplitter splitter) {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).index(IndexOptions.hnsw()).build();
    Bm25Index keywords = Bm25Index.builder().build();
    VectorStore both = keywords.syncing(store);
    long start = System.nanoTime();
    Ingestor.builder(model, both).splitter(splitter).build().ingest(documents);
    return new SearchStack(model, store, keywords, System.nanoTime() - start);
  }

  /** Stores passages whose vectors were embedded earlier (the text200k cache), one chunk per passage. */
  static SearchStack ofEmbedded(EmbeddingModel model, List<String> texts, float[][] vectors) {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).index(IndexOptions.hnsw()).build();
    Bm25Index keywords = Bm25Index.builder().build();
    VectorStore both = keywords.syncing(store);
    long start = System.nanoTime();
    int batch = 10_000;
    for (int from = 0; from < texts.size(); from += batch) {
      List<VectorRecord> records = new ArrayList<>(batch);
      for (int i = from; i < Math.min(texts.size(), from + batch); i++) {
        String id = "p" + i;
        records.add(new VectorRecord(new Chunk(id, id, texts.get(i), Metadata.empty(), 0, texts.get(i).length()),
            vectors[i]));
      }
      both.upsert(records);
    }
    return new SearchStack(model, store, keywords, System.nanoTime() - start);
  }

  Retriever dense() {
    return DenseRetriever.builder(model, store).build();
  }

  Retriever bm25() {
    return Bm25Retriever.builder(keywords).build();
  }

  Retriever hybrid(Fusion fusion, int depth) {
    return HybridRetriever.builder(dense(), bm25()).fusion(fusion).depth(depth).build();
  }

  @Override
  public void close() {
    keywords.close();
    store.close();
  }
}
