package dev.quarry.agents.sql;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.internal.Checks;
import java.util.List;

/**
 * {@link TextToSql} got no usable query: every attempt was refused by the guard or failed in the database,
 * or the database could not be reached. The message says why (the last refusal or database error);
 * {@link #attempts()} has the whole story.
 *
 * <p>Immutable once thrown and may be shared between threads.
 */
public final class TextToSqlException extends NonRetriableException {
  private static final long serialVersionUID = 1L;

  private final transient List<SqlAttempt> attempts;

  /** An exception with the attempts made so far, oldest first. */
  public TextToSqlException(String message, List<SqlAttempt> attempts) {
    super(message);
    this.attempts = List.copyOf(Checks.requireNoNulls(attempts, "attempts"));
  }

  /** An exception with the attempts made so far, oldest first, and the underlying cause. */
  public TextToSqlException(String message, List<SqlAttempt> attempts, Throwable cause) {
    super(message, cause);
    this.attempts = List.copyOf(Checks.requireNoNulls(attempts, "attempts"));
  }

  /**
   * The completed attempts, oldest first. An attempt cut short because the database could not be reached
   * is not among them, so this is empty when that happened on the first one.
   */
  public List<SqlAttempt> attempts() {
    return attempts == null ? List.of() : attempts;
  }
}
