package dev.quarry.vectorstore.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.RetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A statement that times out in the middle of an upsert: the call fails with a {@link RetriableException} that says
 * what was not written, nothing of the batch is committed, and the same upsert repeated stores it whole.
 *
 * <p>The test pgvector server (PGlite) enforces neither {@code statement_timeout} nor JDBC cancel requests, so the
 * timeout comes from a test double: the real pool's connections, whose third INSERT statement fails as PostgreSQL
 * fails a statement past its timeout (SQLSTATE 57014); everything else, the rollback included, is the real server's.
 */
class PgVectorTimeoutTest {
  private static final int DIM = 4;
  private final String table = "timeout_" + ProcessHandle.current().pid() + "_" + System.nanoTime();

  @AfterEach
  void drop() throws SQLException {
    try (Connection connection = PgVectorServer.pool().getConnection(); Statement sql = connection.createStatement()) {
      sql.execute("DROP TABLE IF EXISTS " + PgVectorStore.quote(table));
    }
  }

  @Test
  void aTimedOutStatementFailsTheUpsertWholeAndARetryStoresIt() {
    PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).build();
    PgVectorStore timingOut = PgVectorStore.builder(insertsTimingOutFrom(3), DIM).table(table).batchSize(100)
        .createIfMissing(false).build();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      records.add(new VectorRecord(new Chunk("r" + i, "d", "t", Metadata.of(Map.of("i", i)), 0, 1),
          new float[] {1, i, 0, 1}));
    }

    assertThatThrownBy(() -> timingOut.upsert(records)).isInstanceOf(RetriableException.class)
        .hasMessageContaining("an upsert of 500 records into " + table + " failed")
        .hasMessageContaining("statement timeout").hasMessageContaining("57014");

    PgVectorStore store = PgVectorStore.builder(PgVectorServer.pool(), DIM).table(table).build();
    assertThat(store.count()).as("the first two INSERTs were rolled back with the rest").isZero();
    store.upsert(records);
    store.upsert(records);
    assertThat(store.count()).isEqualTo(500);
  }

  /** Test double: the shared pool, whose connections' {@code n}-th INSERT and later ones time out. */
  private static DataSource insertsTimingOutFrom(int n) {
    AtomicInteger inserts = new AtomicInteger();
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, arguments) -> {
          Object result = invoke(PgVectorServer.pool(), method, arguments);
          if (!(result instanceof Connection connection)) {
            return result;
          }
          return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
              (c, m, a) -> {
                Object made = invoke(connection, m, a);
                if (made instanceof PreparedStatement statement && m.getName().equals("prepareStatement")
                    && String.valueOf(a[0]).startsWith("INSERT") && inserts.incrementAndGet() >= n) {
                  return timingOut(statement);
                }
                return made;
              });
        });
  }

  private static PreparedStatement timingOut(PreparedStatement statement) {
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (s, m, a) -> {
          if (m.getName().startsWith("execute")) {
            throw new SQLException("ERROR: canceling statement due to statement timeout", "57014");
          }
          return invoke(statement, m, a);
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments) throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
