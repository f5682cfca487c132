package dev.quarry.examples.cli;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * The two indexes of one set of chunks: the HNSW vector store and, when there is one, the BM25 keyword index.
 * Writes go through {@link #writer()}, which {@linkplain Bm25Index#syncing keeps both in step}. A store folder made
 * before keyword search has no keyword index; searches over it fall back to meaning alone.
 *
 * <p>Open and close on one thread; the indexes themselves are thread-safe.
 */
final class Indexes implements AutoCloseable {
  private final EmbeddedVectorStore vectors;
  private final Optional<Bm25Index> keywords;

  private Indexes(EmbeddedVectorStore vectors, Optional<Bm25Index> keywords) {
    this.vectors = vectors;
    this.keywords = keywords;
  }

  /** Both indexes in memory, empty. */
  static Indexes inMemory(int dimension) {
    EmbeddedVectorStore vectors = EmbeddedVectorStore.builder(dimension).index(IndexOptions.hnsw()).build();
    return withKeywords(vectors, Bm25Index.builder());
  }

  /**
   * The indexes of a store folder. The keyword index is opened if the folder has one, or created when {@code
   * createKeywords} (for writing); without it, a folder lacking one is opened with the vector store alone.
   *
   * @throws FolderLockedException naming the store folder, if another process (another quarry command) has it
   */
  static Indexes open(StoreFolder folder, int dimension, boolean createKeywords) {
    try {
      EmbeddedVectorStore vectors =
          EmbeddedVectorStore.builder(dimension).index(IndexOptions.hnsw()).folder(folder.indexDir()).build();
      if (!createKeywords && !folder.hasKeywords()) {
        return new Indexes(vectors, Optional.empty());
      }
      return withKeywords(vectors, Bm25Index.builder().folder(folder.keywordsDir()));
    } catch (FolderLockedException e) {
      throw new FolderLockedException(folder.dir(), "the store " + folder.dir().toAbsolutePath() + " is in use by"
          + " another process (" + e.folder().getFileName() + "/ is locked); wait until it finishes, or use"
          + " another --store", e);
    }
  }

  private static Indexes withKeywords(EmbeddedVectorStore vectors, Bm25Index.Builder keywords) {
    try {
      return new Indexes(vectors, Optional.of(keywords.build()));
    } catch (RuntimeException e) {
      vectors.close();
      throw e;
    }
  }

  EmbeddedVectorStore vectors() {
    return vectors;
  }

  /** The keyword index, if the store has one (an in-memory pair always has). */
  Optional<Bm25Index> keywords() {
    return keywords;
  }

  /** Where writes go: both indexes, or the vector store alone when there is no keyword index. */
  VectorStore writer() {
    return keywords.map(k -> k.syncing(vectors)).orElse(vectors);
  }

  /**
   * Why keyword search would not see every chunk, if it would not: no keyword index, or one that holds fewer
   * chunks than the vector store (chunks stored before the keyword index existed, or a write that failed half-way).
   */
  Optional<String> keywordGap() {
    if (keywords.isEmpty()) {
      return Optional.of("This store has no keyword index (it was made before keyword search).");
    }
    long indexed = keywords.get().count();
    long stored = vectors.count();
    return indexed == stored
        ? Optional.empty()
        : Optional.of("The keyword index holds " + indexed + " of the store's " + stored + " chunks.");
  }

  /**
   * The retriever {@code requested}, or dense retrieval when hybrid is requested from a store with no keyword
   * index. Prints a one-line hint on {@code err} when keyword search cannot see every chunk.
   *
   * @throws IllegalArgumentException if BM25 alone is requested from a store with no keyword index
   */
  Retriever retriever(RetrieverChoice requested, EmbeddingModel model, PrintWriter err) {
    Optional<String> gap = requested.needsKeywords() ? keywordGap() : Optional.empty();
    if (keywords.isEmpty() && requested == RetrieverChoice.BM25) {
      throw new IllegalArgumentException(gap.orElseThrow() + " Use --retriever dense, or re-ingest with"
          + " 'quarry ingest <folder>' to build it.");
    }
    if (gap.isPresent()) {
      String fallback = keywords.isEmpty() ? " Searching by meaning only;" : "";
      err.println(gap.get() + fallback + " re-ingest your folders with 'quarry ingest <folder>' to index them"
          + " for keyword search.");
    }
    RetrieverChoice effective = keywords.isEmpty() ? RetrieverChoice.DENSE : requested;
    return effective.over(model, vectors, keywords.orElse(null));
  }

  /** Closes the keyword index, then the vector store. */
  @Override
  public void close() {
    try {
      keywords.ifPresent(Bm25Index::close);
    } finally {
      vectors.close();
    }
  }
}
