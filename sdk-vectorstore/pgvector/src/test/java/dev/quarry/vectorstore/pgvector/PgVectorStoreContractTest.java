package dev.quarry.vectorstore.pgvector;

import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.VectorStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/** {@link PgVectorStore} on a real pgvector server passes the contract every vector store passes. */
class PgVectorStoreContractTest extends VectorStoreContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private final List<String> tables = new ArrayList<>();

  @Override
  protected VectorStore newStore() {
    return PgVectorStore.builder(PgVectorServer.pool(), DIMENSION).table(newTable()).batchSize(200).build();
  }

  /** A table name no other test uses, dropped after the test. */
  protected String newTable() {
    String table = "contract_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    tables.add(table);
    return table;
  }

  /** A new client object on the same table. */
  @Override
  protected Optional<VectorStore> reopen(VectorStore store) {
    PgVectorStore first = (PgVectorStore) store;
    return Optional.of(PgVectorStore.builder(PgVectorServer.pool(), DIMENSION).table(first.table())
        .createIfMissing(false).build());
  }

  @Override
  protected int largeBatch() {
    return 1_000; // five INSERT statements of 200 rows, in one transaction
  }

  @AfterEach
  void dropTables() throws SQLException {
    try (Connection connection = PgVectorServer.pool().getConnection(); Statement sql = connection.createStatement()) {
      for (String table : tables) {
        sql.execute("DROP TABLE IF EXISTS " + PgVectorStore.quote(table));
      }
    }
  }
}
