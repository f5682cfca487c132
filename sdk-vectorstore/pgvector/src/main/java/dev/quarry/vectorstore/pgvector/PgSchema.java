package dev.quarry.vectorstore.pgvector;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.store.Metric;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The table a {@link PgVectorStore} uses: created when missing (the extension, the table, its HNSW index, and a
 * comment recording the metric), or checked when present: its vector dimension and recorded metric must be the
 * builder's.
 */
final class PgSchema {
  /** The start of the table comment that marks a table Quarry made, followed by {@code metric=<METRIC>}. */
  static final String MARK = "quarry-vectorstore-pgvector";

  private PgSchema() {}

  /**
   * Creates or checks the table in one transaction, under an advisory lock on its name, so two clients opening a
   * new table at once neither fail nor see it half made, and a pool that does not auto-commit keeps the DDL.
   */
  static void open(DataSource dataSource, String table, String quoted, int dimension, Metric metric,
      boolean createIfMissing, boolean hnswIndex) {
    new Transactions(dataSource).run("opening the table " + table, connection -> {
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, MARK + " " + quoted);
        lock.executeQuery().close();
      }
      if (!exists(connection, quoted)) {
        if (!createIfMissing) {
          throw new NonRetriableException("the table " + table + " does not exist: create it with Quarry (leave"
              + " createIfMissing on), or name another table");
        }
        create(connection, quoted, dimension, metric, hnswIndex);
      }
      check(connection, table, quoted, dimension, metric);
      checkExtension(connection);
      return null;
    });
  }

  private static boolean exists(Connection connection, String quoted) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      select.setString(1, quoted);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }

  private static void create(Connection connection, String quoted, int dimension, Metric metric,
      boolean hnswIndex) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute("CREATE EXTENSION IF NOT EXISTS vector");
      sql.execute("CREATE TABLE " + quoted + " (id text PRIMARY KEY, document_id text NOT NULL,"
          + " content text NOT NULL, start_offset integer NOT NULL, end_offset integer NOT NULL,"
          + " metadata jsonb NOT NULL, embedding vector(" + dimension + ") NOT NULL)");
      if (hnswIndex) {
        // Unnamed: PostgreSQL picks a name no other relation has.
        sql.execute("CREATE INDEX ON " + quoted + " USING hnsw (embedding " + operatorClass(metric) + ")");
      }
      sql.execute("COMMENT ON TABLE " + quoted + " IS '" + MARK + " metric=" + metric.name() + "'");
    }
  }

  private static void check(Connection connection, String table, String quoted, int dimension, Metric metric)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT obj_description(to_regclass(?), 'pg_class'), (SELECT atttypmod FROM pg_attribute"
            + " WHERE attrelid = to_regclass(?) AND attname = 'embedding' AND NOT attisdropped)")) {
      select.setString(1, quoted);
      select.setString(2, quoted);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        String comment = rows.getString(1);
        int dimensions = rows.getInt(2);
        if (comment == null || !comment.startsWith(MARK + " metric=")) {
          throw new NonRetriableException("the table " + table + " was not made by Quarry's pgvector store (its"
              + " comment does not start with '" + MARK + "'): name another table");
        }
        if (dimensions != dimension) {
          throw new IllegalArgumentException("the table " + table + " holds " + dimensions + "-d vectors, not "
              + dimension + "-d: open it with dimension " + dimensions + ", or name another table");
        }
        String recorded = comment.substring((MARK + " metric=").length()).strip();
        if (!recorded.equals(metric.name())) {
          throw new IllegalArgumentException("the table " + table + " compares vectors by " + recorded + ", not "
              + metric.name() + ": open it with metric " + recorded + ", or name another table");
        }
      }
    }
  }

  /** Filtered searches need pgvector's iterative index scans, which came with 0.8.0. */
  private static void checkExtension(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
            "SELECT extversion FROM pg_extension WHERE extname = 'vector'");
        ResultSet rows = select.executeQuery()) {
      String version = rows.next() ? rows.getString(1) : "none";
      if (!atLeast(version, 0, 8)) {
        throw new NonRetriableException("the database has pgvector " + version + "; Quarry's pgvector store needs"
            + " 0.8.0 or newer (iterative index scans for filtered searches)");
      }
    }
  }

  static boolean atLeast(String version, int major, int minor) {
    String[] parts = version.split("\\.");
    try {
      int a = Integer.parseInt(parts[0]);
      int b = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return a > major || (a == major && b >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String operatorClass(Metric metric) {
    return switch (metric) {
      case COSINE -> "vector_cosine_ops";
      case DOT_PRODUCT -> "vector_ip_ops";
      case EUCLIDEAN -> "vector_l2_ops";
    };
  }
}
