package dev.quarry.agents.sql;

import dev.quarry.agents.tool.Param;
import dev.quarry.agents.tool.Tool;
import dev.quarry.api.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link TextToSql} as an agent tool: {@code ToolBox.of(textToSql.asTool())} gives the model one tool,
 * {@code query_database}, that takes a question in plain language. The result reaches the model as JSON
 * ({@link Result}); when no query could be run, the {@link TextToSqlException} becomes a tool error whose
 * text says why, so the model can rephrase.
 *
 * <p>Immutable and thread-safe, like the {@link TextToSql} it wraps.
 */
public final class TextToSqlTool {

  private final TextToSql textToSql;

  TextToSqlTool(TextToSql textToSql) {
    this.textToSql = Checks.requireNonNull(textToSql, "textToSql");
  }

  /**
   * Answers the question from the database.
   *
   * @throws TextToSqlException when no query could be run; the tool box reports it to the model
   */
  @Tool(name = "query_database", description = "Answers a question about the data in the application's"
      + " database by writing and running one read-only SQL query. Ask one precise question in plain"
      + " language (not SQL); the result has the SQL that ran, the rows and a short answer.")
  public Result queryDatabase(@Param(name = "question", description = "the question, in plain language,"
      + " with any names, dates or numbers it depends on") String question) {
    TextToSqlResult result = textToSql.ask(question);
    return new Result(result.sql(), result.columns(), result.rows(), result.truncated(),
        result.answer().orElse(null));
  }

  /**
   * What the tool returns to the model. Immutable.
   *
   * @param sql       the SQL that ran
   * @param columns   the column labels
   * @param rows      the rows, each in column order
   * @param truncated whether the row cap was reached, so that more rows may exist
   * @param answer    the answer written from the rows, or null when answers are off
   */
  public record Result(String sql, List<String> columns, List<List<Object>> rows, boolean truncated,
      String answer) {
    public Result {
      Checks.requireNonNull(sql, "sql");
      columns = List.copyOf(Checks.requireNoNulls(columns, "columns"));
      rows = Checks.requireNoNulls(rows, "rows").stream()
          .map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
    }
  }
}
