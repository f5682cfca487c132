package dev.quarry.vectorstore.qdrant;

import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.VectorStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link QdrantVectorStore} passes the contract every vector store passes: on the {@link QdrantTestServer} test
 * double, or on a real Qdrant when {@code QUARRY_QDRANT_URL} is set.
 */
class QdrantVectorStoreContractTest extends VectorStoreContract {
  private final List<QdrantVectorStore> opened = new ArrayList<>();

  @Override
  protected VectorStore newStore() {
    return keep(QdrantServers.builder(DIMENSION).collection(QdrantServers.freshCollection("contract"))
        .batchSize(300).build());
  }

  /** A new client on the same collection. */
  @Override
  protected Optional<VectorStore> reopen(VectorStore store) {
    QdrantVectorStore first = (QdrantVectorStore) store;
    return Optional.of(keep(QdrantServers.builder(DIMENSION).collection(first.collection()).createIfMissing(false)
        .build()));
  }

  @Override
  protected int largeBatch() {
    return 1_000; // four requests of 300 points
  }

  private QdrantVectorStore keep(QdrantVectorStore store) {
    opened.add(store);
    return store;
  }

  @AfterEach
  void close() {
    opened.forEach(QdrantVectorStore::close);
  }
}
