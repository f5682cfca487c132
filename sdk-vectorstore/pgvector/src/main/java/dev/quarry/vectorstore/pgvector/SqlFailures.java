package dev.quarry.vectorstore.pgvector;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * A failed SQL call as the {@link QuarryException} a caller can act on: retriable for a lost or refused connection
 * (SQLSTATE class 08), a cancelled or timed-out statement (57014), a server shutting down or starting up (57P01,
 * 57P02, 57P03), a lock not granted in time (55P03), serialisation failures, deadlocks and an unknown commit
 * outcome (40001, 40P01, 40003), and a shortage of resources (53 but 53400, a configured limit); not retriable
 * otherwise (authentication, a missing table, a constraint), with the server's message.
 */
final class SqlFailures {
  private SqlFailures() {}

  static QuarryException of(String what, SQLException e) {
    return of(what, e, false);
  }

  /**
   * As {@link #of(String, SQLException)}, and retriable whatever the SQLSTATE when {@code connectionLost}: the
   * connection broke under the call (a server that stopped, a network that dropped), so another may succeed.
   */
  static QuarryException of(String what, SQLException e, boolean connectionLost) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = what + " failed: " + e.getMessage() + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    boolean retriable = connectionLost || e instanceof SQLTransientException || e instanceof SQLRecoverableException
        || state.startsWith("08") || state.equals("57014") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03") || state.equals("55P03") || state.equals("40001") || state.equals("40P01")
        || state.equals("40003") || (state.startsWith("53") && !state.equals("53400"));
    return retriable ? new RetriableException(message, e) : new NonRetriableException(message, e);
  }
}
