package dev.quarry.agents.sql;

/** Thrown inside the AST walk to stop at the first offending element; never leaves the package. */
final class SqlRefusedException extends RuntimeException {

  private final SqlRefusalReason reason;

  SqlRefusedException(SqlRefusalReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  SqlVerdict.Refused toVerdict() {
    return new SqlVerdict.Refused(reason, getMessage());
  }
}
