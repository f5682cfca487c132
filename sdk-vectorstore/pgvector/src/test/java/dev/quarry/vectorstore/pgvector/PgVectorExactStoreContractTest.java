package dev.quarry.vectorstore.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.VectorStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@link PgVectorStore} without an HNSW index (every search exact) passes the same contract on a real server. */
class PgVectorExactStoreContractTest extends PgVectorStoreContractTest {

  @Override
  protected VectorStore newStore() {
    return PgVectorStore.builder(PgVectorServer.pool(), DIMENSION).table(newTable()).batchSize(200).hnswIndex(false)
        .build();
  }

  @Test
  void theTableHasNoVectorIndex() throws SQLException {
    PgVectorStore store = (PgVectorStore) store();
    try (Connection connection = PgVectorServer.pool().getConnection(); Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_indexes WHERE tablename = '" + store.table()
            + "' AND indexdef LIKE '%hnsw%'")) {
      rows.next();
      assertThat(rows.getInt(1)).isZero();
    }
  }
}
