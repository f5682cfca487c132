package dev.quarry.vectorstore;

import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.VectorStoreContract;

/** The embedded store passes the contract every {@link VectorStore} must pass. */
class EmbeddedVectorStoreContractTest extends VectorStoreContract {
  @Override
  protected VectorStore newStore() {
    return EmbeddedVectorStore.builder(DIMENSION).metric(Metric.COSINE).build();
  }
}
