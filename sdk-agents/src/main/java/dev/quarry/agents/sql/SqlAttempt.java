package dev.quarry.agents.sql;

import dev.quarry.api.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * One try of {@link TextToSql#ask(String)}: what the model wrote, what the guard said, and what the database
 * said if the query ran. Immutable and thread-safe.
 *
 * @param generated     the model's reply as written (before the SQL was taken out of it)
 * @param verdict       the guard's verdict; {@link SqlVerdict.Accepted#sql()} is the SQL that was executed
 * @param databaseError when an accepted query failed, the database's error as the model was shown it (a
 *                      timeout explained, whitespace collapsed, cut at 600 characters); empty otherwise
 * @param duration      how long generating, checking and running took
 */
public record SqlAttempt(String generated, SqlVerdict verdict, Optional<String> databaseError,
    Duration duration) {

  public SqlAttempt {
    Checks.requireNonNull(generated, "generated");
    Checks.requireNonNull(verdict, "verdict");
    Checks.requireNonNull(databaseError, "databaseError");
    Checks.requireNonNull(duration, "duration");
    if (!verdict.accepted() && databaseError.isPresent()) {
      throw new IllegalArgumentException("a refused query cannot have a database error");
    }
  }

  /** Whether the query was accepted and ran without error. */
  public boolean succeeded() {
    return verdict.accepted() && databaseError.isEmpty();
  }
}
