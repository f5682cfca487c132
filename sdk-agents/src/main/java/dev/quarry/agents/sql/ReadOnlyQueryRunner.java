package dev.quarry.agents.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one query on a fresh connection in a transaction that is always rolled back, never committed, under
 * a {@link QueryWatchdog}, and reads at most {@code maxRows} rows and {@code maxBytes} of values.
 *
 * <p>What protects the data, per dialect:
 * <ul>
 *   <li>PostgreSQL: the guard; {@code setReadOnly(true)} (pgjdbc starts a {@code BEGIN READ ONLY}
 *       transaction), then {@code SET TRANSACTION READ ONLY}, {@code SET LOCAL statement_timeout} and
 *       {@code SET LOCAL search_path} pinned to the schema (then {@code pg_catalog}, so an allowed table
 *       named like a catalog table is the one read, and {@code pg_temp} last, so temporary tables cannot
 *       shadow allowed ones) as the first statements of the transaction; the query sent as a prepared
 *       statement through the extended query protocol, whose one Parse message carries one command; the
 *       database role, which should be read-only by default and read only the allowed tables and columns
 *       ({@link RolePrivileges} checks it); and the rollback.</li>
 *   <li>H2: the guard, the parenthesised single statement and the rollback. H2 has no read-only
 *       transactions ({@code Connection.setReadOnly} is only a hint there and is set anyway); a non-admin
 *       user with SELECT rights only, or a database opened read-only, keeps writes out. The timeout is H2's
 *       session setting {@code QUERY_TIMEOUT}, set in milliseconds before the transaction and restored
 *       afterwards; the current schema is set with {@code setSchema} and restored.</li>
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
  private final long maxBytes;
  private final QueryWatchdog watchdog;

  ReadOnlyQueryRunner(DataSource dataSource, SqlDialect dialect, String schema, Duration timeout, long maxBytes) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.maxBytes = maxBytes;
    this.watchdog = new QueryWatchdog(timeoutMillis);
  }

  /**
   * Runs one query in a read-only transaction on its own connection, and rolls it back.
   *
   * @throws SQLException   the database's error for the query itself, or {@link java.sql.SQLTimeoutException}
   *     when it ran past its timeout
   * @throws SetupException when the connection cannot be opened, prepared or restored, fails (SQLSTATE
   *     class 08) while the query runs, or the calling thread is interrupted
   */
  QueryRows query(String sql, int maxRows) throws SQLException, SetupException {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new SetupException("could not open a database connection: " + e.getMessage(), e);
    }
    return watchdog.run(target -> {
      target.connection(connection);
      try (connection) {
        return runPrepared(connection, target, sql, maxRows);
      } catch (SQLException e) {
        if (isConnectionFailure(e)) {
          throw new SetupException("the database connection failed: " + e.getMessage(), e);
        }
        throw e;
      }
    });
  }

  private QueryRows runPrepared(Connection connection, QueryWatchdog.Target target, String sql, int maxRows)
      throws SQLException, SetupException {
    ReadOnlySession session = ReadOnlySession.open(connection, dialect, schema, timeoutMillis);
    SQLException failure = null;
    try {
      session.beginTransaction();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        target.statement(statement);
        statement.setMaxRows(maxRows);
        statement.setFetchSize(Math.min(maxRows, 100));
        try (ResultSet rs = statement.executeQuery()) {
          return ResultReader.read(rs, maxRows, maxBytes, dialect);
        }
      }
    } catch (SQLException e) {
      failure = e;
      throw e;
    } finally {
      session.close(failure);
    }
  }

  /** Whether the error is about the connection rather than the query (SQLSTATE class 08). */
  static boolean isConnectionFailure(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  /** Whether the query was cancelled by the statement timeout or the watchdog (SQLSTATE 57014). */
  static boolean isTimeout(SQLException e) {
    return QueryWatchdog.CANCELLED.equals(e.getSQLState()) || e instanceof java.sql.SQLTimeoutException;
  }

  long timeoutMillis() {
    return timeoutMillis;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
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

  /** A connection prepared for one read-only transaction, and put back as it was by {@link #close}. */
  private static final class ReadOnlySession {
    private final Connection connection;
    private final SqlDialect dialect;
    private final String schema;
    private final long timeoutMillis;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final String savedSchema;
    private final long savedH2Timeout;

    private ReadOnlySession(Connection connection, SqlDialect dialect, String schema, long timeoutMillis)
        throws SQLException {
      this.connection = connection;
      this.dialect = dialect;
      this.schema = schema;
      this.timeoutMillis = timeoutMillis;
      this.autoCommit = connection.getAutoCommit();
      this.readOnly = connection.isReadOnly();
      this.savedSchema = connection.getSchema();
      this.savedH2Timeout = dialect == SqlDialect.H2 ? h2QueryTimeout(connection) : 0;
    }

    /** Saves the connection's settings and prepares it; a failure half-way restores what was changed. */
    static ReadOnlySession open(Connection connection, SqlDialect dialect, String schema, long timeoutMillis)
        throws SetupException {
      ReadOnlySession session;
      try {
        session = new ReadOnlySession(connection, dialect, schema, timeoutMillis);
      } catch (SQLException e) {
        throw new SetupException("could not prepare a read-only connection: " + e.getMessage(), e);
      }
      try {
        if (dialect == SqlDialect.H2) {
          setH2QueryTimeout(connection, timeoutMillis);
          if (!schema.equals(session.savedSchema)) {
            connection.setSchema(schema);
          }
        }
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        return session;
      } catch (SQLException e) {
        SetupException failure = new SetupException("could not prepare a read-only connection: "
            + e.getMessage(), e);
        session.restoreAfter(failure);
        throw failure;
      }
    }

    void beginTransaction() throws SetupException {
      if (dialect != SqlDialect.POSTGRESQL) {
        return;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION READ ONLY");
        statement.execute("SET LOCAL statement_timeout = '" + timeoutMillis + "ms'");
        statement.execute("SET LOCAL search_path TO " + quote(schema) + ", pg_catalog, pg_temp");
      } catch (SQLException e) {
        throw new SetupException("could not start a read-only transaction: " + e.getMessage(), e);
      }
    }

    /** Rolls back and restores; {@code failure} (may be null) collects what goes wrong on the way. */
    void close(SQLException failure) throws SetupException {
      try {
        connection.rollback();
        restore();
      } catch (SQLException e) {
        if (failure != null) {
          failure.addSuppressed(e);
          return;
        }
        throw new SetupException("could not roll back and restore the connection: " + e.getMessage(), e);
      }
    }

    private void restoreAfter(Throwable failure) {
      try {
        restore();
      } catch (SQLException | RuntimeException e) {
        failure.addSuppressed(e);
      }
    }

    private void restore() throws SQLException {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
      connection.setAutoCommit(autoCommit);
      connection.setReadOnly(readOnly);
      if (dialect == SqlDialect.H2) {
        setH2QueryTimeout(connection, savedH2Timeout);
        if (savedSchema != null && !savedSchema.equals(connection.getSchema())) {
          connection.setSchema(savedSchema);
        }
      }
    }

    private static long h2QueryTimeout(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
              + " WHERE SETTING_NAME = 'QUERY_TIMEOUT'")) {
        return rs.next() ? Long.parseLong(rs.getString(1).strip()) : 0;
      } catch (NumberFormatException e) {
        LOG.debug("unreadable H2 QUERY_TIMEOUT setting", e);
        return 0;
      }
    }

    private static void setH2QueryTimeout(Connection connection, long millis) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET QUERY_TIMEOUT " + millis);
      }
    }
  }
}
