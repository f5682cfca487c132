package dev.quarry.vectorstore.chroma;

import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.VectorStoreContract;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** {@link ChromaVectorStore} on a real Chroma server passes the contract every vector store passes. */
class ChromaVectorStoreContractTest extends VectorStoreContract {
  @AfterEach
  void dropCollections() {
    ChromaServer.dropMade();
  }

  @Override
  protected VectorStore newStore() {
    return ChromaVectorStore.builder(ChromaServer.endpoint(), DIMENSION)
        .collection(ChromaServer.freshCollection("contract")).batchSize(300).build();
  }

  /** A new client on the same collection. */
  @Override
  protected Optional<VectorStore> reopen(VectorStore store) {
    ChromaVectorStore first = (ChromaVectorStore) store;
    return Optional.of(ChromaVectorStore.builder(ChromaServer.endpoint(), DIMENSION).collection(first.collection())
        .createIfMissing(false).build());
  }

  @Override
  protected int largeBatch() {
    return 1_000; // four requests of 300 records
  }
}
