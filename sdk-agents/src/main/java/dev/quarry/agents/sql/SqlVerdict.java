package dev.quarry.agents.sql;

import dev.quarry.api.internal.Checks;

/**
 * The outcome of {@link SqlGuard#check(String)}: either {@link Accepted} with the SQL to run (its row limit
 * rewritten) or {@link Refused} with a reason code and a message naming the offending element.
 * Immutable and thread-safe.
 */
public sealed interface SqlVerdict {

  /** Whether the statement was accepted. */
  boolean accepted();

  /**
   * An accepted query.
   *
   * @param sql the statement to execute: the parsed query, re-printed, with a row limit no larger than
   *            the guard's {@code maxRows}
   */
  record Accepted(String sql) implements SqlVerdict {
    public Accepted {
      Checks.requireNonNull(sql, "sql");
    }

    @Override
    public boolean accepted() {
      return true;
    }
  }

  /**
   * A refused statement.
   *
   * @param reason  the machine-readable reason
   * @param message a human-readable explanation naming the offending element
   */
  record Refused(SqlRefusalReason reason, String message) implements SqlVerdict {
    public Refused {
      Checks.requireNonNull(reason, "reason");
      Checks.requireNonNull(message, "message");
    }

    @Override
    public boolean accepted() {
      return false;
    }
  }
}
