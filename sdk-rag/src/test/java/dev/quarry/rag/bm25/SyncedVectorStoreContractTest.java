package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.VectorStoreContract;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import org.junit.jupiter.api.AfterEach;

/** A syncing store passes the contract every vector store passes, and leaves its BM25 index with the same count. */
class SyncedVectorStoreContractTest extends VectorStoreContract {
  private Bm25Index index;
  private EmbeddedVectorStore vectors;

  @Override
  protected VectorStore newStore() {
    index = Bm25Index.builder().build();
    vectors = EmbeddedVectorStore.builder(DIMENSION).index(IndexOptions.exact()).build();
    return index.syncing(vectors);
  }

  @AfterEach
  void bothSidesHoldTheSameNumberOfChunks() {
    try {
      assertThat(index.count()).isEqualTo(vectors.count());
    } finally {
      index.close();
      vectors.close();
    }
  }
}
