package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import dev.quarry.samples.SampleShopDatabase;
import dev.quarry.testkit.ScriptedChatModel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How accepted SQL runs: statement timeout, read-only transaction (PostgreSQL) or rollback (H2), the schema
 * pinned, and pooled connections handed back with their settings as they came.
 */
class TextToSqlExecutionTest {

  /** A cross join of ~3,000 rows three times over: no denied function, but far too slow to finish. */
  private static final String ENDLESS = "SELECT COUNT(*) FROM order_items a, order_items b, order_items c"
      + " WHERE a.quantity + b.quantity > c.quantity";

  static List<ShopDatabase> databases() throws SQLException {
    return ShopDatabases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a safety net; the statement timeout ends the query
  void cancelsAQueryAtTheStatementTimeoutAndTellsTheModel(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply(ENDLESS)
        .reply("SELECT COUNT(*) FROM order_items")
        .build();
    TextToSql textToSql = TextToSql.builder(database.dataSource(), model)
        .allowTables(SampleShopDatabase.PUBLIC_TABLES.toArray(String[]::new))
        .statementTimeout(Duration.ofMillis(300)).answer(false).build();

    TextToSqlResult result = textToSql.ask("How many combinations of three order lines are there?");

    assertThat(result.attempts().get(0).databaseError()).hasValueSatisfying(error ->
        assertThat(error).startsWith("the query was cancelled after the statement timeout of 300 ms"));
    assertThat(TextToSqlTest.text(model.requests().get(1).messages().get(3))).contains("statement timeout");
    assertThat(result.attempts().get(1).succeeded()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aWriteThatGetsPastTheGuardIsRefusedOrRolledBack(ShopDatabase database) throws Exception {
    Map<String, String> before = TextToSqlTest.checksums(database);
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(database.dataSource(), database.dialect(),
        schemaOf(database), Duration.ofSeconds(10), TextToSql.DEFAULT_MAX_RESULT_BYTES);
    String write = database.dialect() == SqlDialect.POSTGRESQL
        ? "WITH gone AS (DELETE FROM reviews RETURNING id) SELECT COUNT(*) FROM gone"
        : "SELECT COUNT(*) FROM OLD TABLE (DELETE FROM reviews)";

    if (database.dialect() == SqlDialect.POSTGRESQL) {
      assertThatThrownBy(() -> runner.query(write, 10))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"))
          .hasMessageContaining("read-only transaction");
    } else { // H2 has no read-only transactions: the delete runs, and the rollback undoes it
      assertThat(runner.query(write, 10).rows())
          .containsExactly(List.of(400L));
    }
    assertThat(TextToSqlTest.checksums(database)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void handsAPooledConnectionBackWithItsSettings(ShopDatabase database) throws Exception {
    try (Connection connection = database.dataSource().getConnection()) {
      try (Statement statement = connection.createStatement()) { // a setting of the pool's own
        statement.execute(database.dialect() == SqlDialect.POSTGRESQL ? "SET statement_timeout = 7000"
            : "SET QUERY_TIMEOUT 7000");
      }
      String timeoutBefore = timeoutSetting(connection, database.dialect());
      String schemaBefore = connection.getSchema();
      String pathBefore = database.dialect() == SqlDialect.POSTGRESQL ? scalar(connection, "SHOW search_path") : "";
      ScriptedChatModel model = ScriptedChatModel.builder()
          .reply("SELECT COUNT(*) FROM products")
          .reply("SELECT no_such_column FROM products")
          .build();
      TextToSql textToSql = TextToSql.builder(OneConnectionDataSource.of(connection), model)
          .allowTables("products").statementTimeout(Duration.ofMillis(4_321)).maxRepairs(0).answer(false).build();

      assertThat(textToSql.ask("How many products?").rows()).containsExactly(List.of(60L));
      assertThatThrownBy(() -> textToSql.ask("?")).isInstanceOf(TextToSqlException.class);

      assertThat(connection.getAutoCommit()).isTrue();
      assertThat(connection.isReadOnly()).isFalse();
      assertThat(timeoutSetting(connection, database.dialect())).isEqualTo(timeoutBefore).contains("7");
      assertThat(connection.getSchema()).isEqualTo(schemaBefore);
      if (database.dialect() == SqlDialect.POSTGRESQL) {
        assertThat(scalar(connection, "SHOW search_path")).isEqualTo(pathBefore);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void restoresAPooledConnectionThatCouldNotBePrepared(ShopDatabase database) throws Exception {
    try (Connection connection = database.dataSource().getConnection()) {
      String timeoutBefore = timeoutSetting(connection, database.dialect());
      Connection readOnlyFails = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (p, m, a) -> {
            if (m.getName().equals("setReadOnly") && Boolean.TRUE.equals(a[0])) {
              throw new SQLException("read-only mode is not available");
            }
            try {
              return m.invoke(connection, a);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT COUNT(*) FROM products").build();
      TextToSql textToSql = TextToSql.builder(OneConnectionDataSource.of(readOnlyFails), model)
          .allowTables("products").statementTimeout(Duration.ofMillis(4_321)).build();

      assertThatThrownBy(() -> textToSql.ask("How many products?")).isInstanceOf(TextToSqlException.class)
          .hasMessage("could not prepare a read-only connection: read-only mode is not available");
      assertThat(connection.getAutoCommit()).isTrue();
      assertThat(timeoutSetting(connection, database.dialect())).isEqualTo(timeoutBefore);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void pinsUnqualifiedNamesToTheChosenSchema(ShopDatabase database) throws SQLException {
    String shopSchema = schemaOf(database);
    DataSource elsewhere = database.dataSource();
    if (database.dialect() == SqlDialect.H2) {
      org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
      h2.setURL("jdbc:h2:mem:sample-shop;DB_CLOSE_DELAY=-1;SCHEMA=INFORMATION_SCHEMA");
      elsewhere = h2;
    } else {
      org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
      pg.setURL(System.getenv(ShopDatabases.POSTGRES_URL_VARIABLE));
      elsewhere = pg; // current schema: public
    }
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT COUNT(*) FROM orders")
        .reply("SELECT COUNT(*) FROM " + shopSchema + ".orders")
        .build();
    TextToSql textToSql = TextToSql.builder(elsewhere, model).schema(shopSchema.toLowerCase())
        .allowTables("orders").answer(false).build();

    assertThat(textToSql.schema()).isEqualTo(shopSchema);
    assertThat(textToSql.ask("How many orders?").rows()).containsExactly(List.of(1_000L));
    assertThat(textToSql.ask("How many orders, qualified?").rows()).containsExactly(List.of(1_000L));
  }

  @org.junit.jupiter.api.Test
  void anAllowedTableNamedLikeACatalogTableIsTheOneRead() throws SQLException {
    String url = System.getenv(ShopDatabases.POSTGRES_URL_VARIABLE);
    org.junit.jupiter.api.Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL only");
    org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
    pg.setURL(url);
    try (Connection connection = pg.getConnection(); Statement s = connection.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS quarry_shadow CASCADE");
      s.execute("CREATE SCHEMA quarry_shadow");
      s.execute("CREATE TABLE quarry_shadow.pg_class (id INT PRIMARY KEY)");
      s.execute("INSERT INTO quarry_shadow.pg_class VALUES (42)");
    }
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT id FROM pg_class").build();
    TextToSql textToSql = TextToSql.builder(pg, model).schema("quarry_shadow").allowTables("pg_class")
        .answer(false).build();

    // PostgreSQL searches pg_catalog first unless the search path names it later: the catalog must not win.
    assertThat(textToSql.ask("Which ids are there?").rows()).containsExactly(List.of(42));
  }

  @org.junit.jupiter.api.Test
  void aSchemaQualifiedNameCannotReachASchemaThatDiffersOnlyInCase() throws SQLException {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:text-to-sql-schema-case;DB_CLOSE_DELAY=-1");
    try (Connection connection = h2.getConnection(); Statement s = connection.createStatement()) {
      s.execute("CREATE SCHEMA \"sales\"");
      s.execute("CREATE SCHEMA SALES");
      s.execute("CREATE TABLE \"sales\".orders (id INT PRIMARY KEY)");
      s.execute("CREATE TABLE SALES.orders (id INT PRIMARY KEY, secret VARCHAR(20))");
      s.execute("INSERT INTO SALES.orders VALUES (1, 'hidden')");
    }
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT secret FROM sales.orders") // unquoted: H2 reads SALES.ORDERS
        .reply("SELECT COUNT(*) FROM orders")
        .build();
    TextToSql textToSql = TextToSql.builder(h2, model).schema("sales").allowTables("orders").answer(false)
        .build();

    TextToSqlResult result = textToSql.ask("What is the secret?");

    assertThat(textToSql.schema()).isEqualTo("sales");
    assertThat(result.attempts().get(0).verdict()).isInstanceOfSatisfying(SqlVerdict.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(SqlRefusalReason.TABLE_NOT_ALLOWED));
    assertThat(result.rows()).containsExactly(List.of(0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aDatabaseThatCannotBeReachedIsNotTheModelsFault(ShopDatabase database) {
    boolean[] down = {false};
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT COUNT(*) FROM orders").build();
    TextToSql textToSql = TextToSql.builder(failingWhen(down, database, "connection refused", "08001"), model)
        .allowTables("orders").build();
    down[0] = true;

    assertThatThrownBy(() -> textToSql.ask("How many orders?"))
        .isExactlyInstanceOf(dev.quarry.api.RetriableException.class)
        .hasMessage("could not open a database connection: connection refused")
        .hasCauseInstanceOf(SQLException.class);
    assertThat(model.requests()).hasSize(1); // no repair asked for
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aConnectionRefusedForGoodIsNotRetriable(ShopDatabase database) {
    boolean[] down = {false};
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT COUNT(*) FROM orders").build();
    TextToSql textToSql = TextToSql.builder(
        failingWhen(down, database, "password authentication failed", "28P01"), model)
        .allowTables("orders").build();
    down[0] = true;

    assertThatThrownBy(() -> textToSql.ask("How many orders?"))
        .isInstanceOfSatisfying(TextToSqlException.class, e -> assertThat(e.attempts()).isEmpty())
        .hasMessage("could not open a database connection: password authentication failed");
    assertThat(model.requests()).hasSize(1);
  }

  /** A DataSource test double that fails with {@code sqlState} once {@code down[0]} is set. */
  private DataSource failingWhen(boolean[] down, ShopDatabase database, String message, String sqlState) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (down[0]) {
            throw new SQLException(message, sqlState);
          }
          return method.invoke(database.dataSource(), args);
        });
  }

  @org.junit.jupiter.api.Test
  void aTransactionThatCannotBeMadeReadOnlyStopsTheQuestion() throws SQLException {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT COUNT(*) FROM orders").build();
    TextToSql wrongDialect = TextToSql.builder(ShopDatabases.all().get(0).dataSource(), model)
        .dialect(SqlDialect.POSTGRESQL).allowTables("orders").build(); // H2 rejects SET LOCAL statement_timeout

    assertThatThrownBy(() -> wrongDialect.ask("How many orders?"))
        .isInstanceOf(TextToSqlException.class)
        .hasMessageStartingWith("could not start a read-only transaction: ");
    assertThat(model.requests()).hasSize(1);
  }

  private static String schemaOf(ShopDatabase database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      return connection.getSchema();
    }
  }

  private static String timeoutSetting(Connection connection, SqlDialect dialect) throws SQLException {
    return dialect == SqlDialect.POSTGRESQL ? scalar(connection, "SHOW statement_timeout")
        : scalar(connection, "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
            + " WHERE SETTING_NAME = 'QUERY_TIMEOUT'");
  }

  private static String scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * A <b>test double</b> for a connection pool: hands out the same connection every time and ignores
   * {@code close()}, so a test can see what state a pooled connection is returned in.
   */
  static final class OneConnectionDataSource implements java.lang.reflect.InvocationHandler {
    private final Connection connection;
    private final DataSource proxy;

    OneConnectionDataSource(Connection connection) {
      this.connection = connection;
      this.proxy = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {DataSource.class}, this);
    }

    static DataSource of(Connection connection) {
      return new OneConnectionDataSource(connection).proxy;
    }

    @Override
    public Object invoke(Object self, java.lang.reflect.Method method, Object[] args) throws Throwable {
      if (method.getName().equals("getConnection")) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
            (p, m, a) -> {
              if (m.getName().equals("close")) {
                return null;
              }
              try {
                return m.invoke(connection, a);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
      }
      throw new UnsupportedOperationException(method.getName());
    }
  }
}
