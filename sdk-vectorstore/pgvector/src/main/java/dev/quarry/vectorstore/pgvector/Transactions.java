package dev.quarry.vectorstore.pgvector;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one transaction on a connection of its own from the caller's {@link DataSource}. A failure rolls
 * back and reaches the caller as a {@link SqlFailures mapped} exception, retriable when the connection was lost
 * (the call can be repeated on another); whatever is thrown, Errors included, nothing of the work is committed;
 * cleaning up the connection afterwards never hides the failure, nor fails work that committed.
 *
 * <p>Thread-safe if the data source is.
 */
final class Transactions {
  private final DataSource dataSource;

  Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Work on a connection in a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work}, committing when it returns; {@code what} names it in failures ("an upsert of ..."). */
  <T> T run(String what, Work<T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      // A refused or timed-out connection is SQLSTATE 08 or transient, so retriable; a wrong password is not.
      throw SqlFailures.of(what, e);
    }
    boolean autoCommit = true;
    boolean committed = false;
    try {
      autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      T result = work.run(connection);
      connection.commit();
      committed = true;
      return result;
    } catch (SQLException e) {
      throw SqlFailures.of(what, e, lost(connection));
    } finally {
      if (!committed) {
        rollBack(connection);
      }
      release(connection, autoCommit);
    }
  }

  private static void rollBack(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // a connection that cannot roll back is broken: the server rolls the transaction back when it goes
    }
  }

  private static boolean lost(Connection connection) {
    try {
      return connection.isClosed() || !connection.isValid(1);
    } catch (SQLException e) {
      return true;
    }
  }

  /** Restores the connection's auto-commit and gives it back; a broken connection is the pool's to discard. */
  private static void release(Connection connection, boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException ignored) {
      // a connection that cannot be reset is broken; closing it below hands it back to be evicted
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the work is done (committed or already failed); a failure to close changes neither
    }
  }
}
