package dev.quarry.agents.sql;

import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What {@link TextToSql#ask(String)} found. Values in {@link #rows()} are JSON-friendly: null, Boolean,
 * Integer, Long, BigInteger, BigDecimal, Double, String (dates and times in ISO-8601, binary data in Base64)
 * or a List for SQL arrays; text and binary values are cut at 10,000 characters or bytes. Immutable and
 * thread-safe.
 *
 * @param question  the question asked
 * @param sql       the SQL that ran: the guard's re-printed query, with its row limit
 * @param columns   the result's column labels, in order
 * @param rows      the rows, each a list in column order (values may be null)
 * @param truncated whether the row cap ({@code maxRows}) was reached, so that more rows may exist
 * @param answer    the model's answer written from the rows; empty when answers are switched off
 * @param attempts  every attempt, oldest first; the last one succeeded
 * @param usage     the tokens of every model call, answer included
 */
public record TextToSqlResult(String question, String sql, List<String> columns, List<List<Object>> rows,
    boolean truncated, Optional<String> answer, List<SqlAttempt> attempts, TokenUsage usage) {

  public TextToSqlResult {
    Checks.requireNonNull(question, "question");
    Checks.requireNonNull(sql, "sql");
    columns = List.copyOf(Checks.requireNoNulls(columns, "columns"));
    rows = Checks.requireNoNulls(rows, "rows").stream()
        .map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
    Checks.requireNonNull(answer, "answer");
    attempts = List.copyOf(Checks.requireNoNulls(attempts, "attempts"));
    Checks.requireNonNull(usage, "usage");
  }
}
