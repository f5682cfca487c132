package dev.quarry.agents.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queries on a fresh connection in a transaction that is always rolled back, never committed.
 *
 * <p>What protects the data, per dialect:
 * <ul>
 *   <li>PostgreSQL: the guard, then {@code setReadOnly(true)} (pgjdbc starts a {@code BEGIN READ ONLY}
 *       transaction), then {@code SET TRANSACTION READ ONLY} and {@code SET LOCAL statement_timeout} as the
 *       first statements of the transaction, {@code SET LOCAL search_path} pinned to the schema (then
 *       {@code pg_catalog}, so an allowed table named like a catalog table is the one read, and
 *       {@code pg_temp} last, so temporary tables cannot shadow allowed ones), a client-side query timeout,
 *       and the rollback. The server refuses any write in a read-only transaction.</li>
 *   <li>H2: the guard and the rollback. H2 has no read-only transactions: {@code Connection.setReadOnly} is
 *       only a hint there and writes still succeed (it is set anyway). The timeout is H2's session setting
 *       {@code QUERY_TIMEOUT} (what {@code Statement.setQueryTimeout} sets too), set in milliseconds before
 *       the transaction and restored afterwards; the current schema is set with {@code setSchema} and
 *       restored.</li>
 * </ul>
 * The connection's auto-commit, read-only flag, schema and (H2) query timeout are restored before it is
 * closed, so pooled connections go back as they came. Immutable and thread-safe: each call uses its own
 * connection.
 */
final class ReadOnlyQueryRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyQueryRunner.class);

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final String schema;
  private final long timeoutMillis;

  ReadOnlyQueryRunner(DataSource dataSource, SqlDialect dialect, String schema, Duration timeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.timeoutMillis = Math.max(1, timeout.toMillis());
  }

  /** Work done with a prepared connection; each {@link #query} inside it runs in its own transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Session session) throws SQLException, SetupException;
  }

  /** A connection prepared for read-only queries. Not thread-safe. */
  final class Session {
    private final Connection connection;

    private Session(Connection connection) {
      this.connection = connection;
    }

    /**
     * Runs one query in a read-only transaction and rolls it back.
     *
     * @throws SQLException   the database's error for the query itself
     * @throws SetupException when the transaction cannot be made read-only or given its timeout
     */
    QueryRows query(String sql, int maxRows) throws SQLException, SetupException {
      SQLException failure = null;
      try {
        try {
          beginTransaction(connection);
        } catch (SQLException e) {
          failure = e;
          throw new SetupException("could not start a read-only transaction: " + e.getMessage(), e);
        }
        try (Statement statement = connection.createStatement()) {
          if (dialect == SqlDialect.POSTGRESQL) {
            statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, (timeoutMillis + 999) / 1000));
          }
          statement.setMaxRows(maxRows);
          statement.setFetchSize(Math.min(maxRows, 500));
          try (ResultSet rs = statement.executeQuery(sql)) {
            return read(rs, maxRows);
          }
        }
      } catch (SQLException e) {
        failure = e;
        throw e;
      } finally {
        rollback(failure);
      }
    }

    private void rollback(SQLException failure) throws SQLException {
      try {
        connection.rollback();
      } catch (SQLException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Opens a connection, prepares it, runs {@code work}, then restores and closes the connection.
   *
   * @throws SetupException when the connection cannot be opened, prepared or restored, or fails (SQLSTATE
   *     class 08) while {@code work} runs
   * @throws SQLException   what {@code work} threw
   */
  <T> T withSession(Work<T> work) throws SQLException, SetupException {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new SetupException("could not open a database connection: " + e.getMessage(), e);
    }
    try {
      SavedState saved = prepare(connection);
      T result;
      try {
        result = work.run(new Session(connection));
      } catch (SQLException e) {
        restoreAfterFailure(connection, saved, e);
        if (isConnectionFailure(e)) {
          throw new SetupException("the database connection failed: " + e.getMessage(), e);
        }
        throw e;
      } catch (SetupException | RuntimeException | Error e) {
        restoreAfterFailure(connection, saved, e);
        throw e;
      }
      try {
        restore(connection, saved);
      } catch (SQLException e) {
        throw new SetupException("could not restore the connection's settings: " + e.getMessage(), e);
      }
      return result;
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.warn("could not close a database connection", e);
      }
    }
  }

  /** Whether the error is about the connection rather than the query (SQLSTATE class 08). */
  static boolean isConnectionFailure(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  /** Whether the query was cancelled by the statement timeout (SQLSTATE 57014). */
  static boolean isTimeout(SQLException e) {
    return "57014".equals(e.getSQLState()) || e instanceof java.sql.SQLTimeoutException;
  }

  long timeoutMillis() {
    return timeoutMillis;
  }

  private record SavedState(boolean autoCommit, boolean readOnly, String schema, long h2Timeout) {
  }

  /** Saves the connection's settings and prepares it; a failure half-way restores what was changed. */
  private SavedState prepare(Connection connection) throws SetupException {
    SavedState saved;
    try {
      saved = new SavedState(connection.getAutoCommit(), connection.isReadOnly(), connection.getSchema(),
          dialect == SqlDialect.H2 ? h2QueryTimeout(connection) : 0);
      if (dialect == SqlDialect.H2) {
        setH2QueryTimeout(connection, timeoutMillis);
      }
    } catch (SQLException e) {
      throw new SetupException("could not prepare a read-only connection: " + e.getMessage(), e);
    }
    try {
      if (dialect == SqlDialect.H2 && !schema.equals(saved.schema())) {
        connection.setSchema(schema);
      }
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      return saved;
    } catch (SQLException e) {
      SetupException failure = new SetupException("could not prepare a read-only connection: "
          + e.getMessage(), e);
      restoreAfterFailure(connection, saved, failure);
      throw failure;
    }
  }

  private void beginTransaction(Connection connection) throws SQLException {
    if (dialect == SqlDialect.POSTGRESQL) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION READ ONLY");
        statement.execute("SET LOCAL statement_timeout = '" + timeoutMillis + "ms'");
        statement.execute("SET LOCAL search_path TO " + quote(schema) + ", pg_catalog, pg_temp");
      }
    }
  }

  private void restore(Connection connection, SavedState saved) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.rollback();
    }
    connection.setAutoCommit(saved.autoCommit());
    connection.setReadOnly(saved.readOnly());
    if (dialect == SqlDialect.H2) {
      setH2QueryTimeout(connection, saved.h2Timeout());
      if (saved.schema() != null && !saved.schema().equals(connection.getSchema())) {
        connection.setSchema(saved.schema());
      }
    }
  }

  private void restoreAfterFailure(Connection connection, SavedState saved, Throwable failure) {
    try {
      restore(connection, saved);
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static long h2QueryTimeout(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
            + " WHERE SETTING_NAME = 'QUERY_TIMEOUT'")) {
      return rs.next() ? Long.parseLong(rs.getString(1).strip()) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void setH2QueryTimeout(Connection connection, long millis) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET QUERY_TIMEOUT " + millis);
    }
  }

  private static QueryRows read(ResultSet rs, int maxRows) throws SQLException {
    ResultSetMetaData metaData = rs.getMetaData();
    int count = metaData.getColumnCount();
    List<String> columns = new ArrayList<>(count);
    List<String> types = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      columns.add(metaData.getColumnLabel(i));
      types.add(metaData.getColumnTypeName(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (rows.size() < maxRows && rs.next()) {
      List<Object> row = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        row.add(JdbcValues.convert(rs.getObject(i), types.get(i - 1)));
      }
      rows.add(Collections.unmodifiableList(row));
    }
    return new QueryRows(columns, rows);
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The columns and rows a query returned. Immutable. */
  record QueryRows(List<String> columns, List<List<Object>> rows) {
    QueryRows {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }
  }

  /** The connection could not be opened, prepared or restored: not the query's fault. */
  static final class SetupException extends Exception {
    private static final long serialVersionUID = 1L;

    SetupException(String message, Throwable cause) {
      super(message, cause);
    }

    /** Whether asking again later may work: the connection could not be made or broke (SQLSTATE 08). */
    boolean transientFailure() {
      return getCause() instanceof SQLException e
          && (isConnectionFailure(e) || e instanceof java.sql.SQLTransientException);
    }
  }
}
