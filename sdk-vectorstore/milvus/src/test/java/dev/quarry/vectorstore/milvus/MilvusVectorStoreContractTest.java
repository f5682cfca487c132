package dev.quarry.vectorstore.milvus;

import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.VectorStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link MilvusVectorStore} passes the contract every vector store passes, on the test server ({@link
 * MilvusServer}: a real Milvus if {@code QUARRY_MILVUS_URI} is set, else the {@link MilvusTestServer} double).
 */
class MilvusVectorStoreContractTest extends VectorStoreContract {
  private final List<MilvusVectorStore> opened = new ArrayList<>();

  @AfterEach
  void closeClients() {
    opened.forEach(MilvusVectorStore::close);
  }

  @Override
  protected VectorStore newStore() {
    return open(MilvusServer.builder(DIMENSION).collection(MilvusServer.freshCollection("contract")).batchSize(300));
  }

  /** A new client on the same collection. */
  @Override
  protected Optional<VectorStore> reopen(VectorStore store) {
    MilvusVectorStore first = (MilvusVectorStore) store;
    return Optional.of(open(MilvusServer.builder(DIMENSION).collection(first.collection()).createIfMissing(false)));
  }

  @Override
  protected int largeBatch() {
    return 1_000; // four requests of 300 records
  }

  private MilvusVectorStore open(MilvusVectorStore.Builder builder) {
    MilvusVectorStore store = builder.build();
    opened.add(store);
    return store;
  }
}
