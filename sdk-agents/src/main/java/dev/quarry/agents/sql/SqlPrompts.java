package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The texts {@link TextToSql} sends to the model: the generation prompt (rules, dialect notes and the
 * schema as compact CREATE TABLE lines with comments, keys and sample values), the feedback after a refused
 * or failed query, and the answer-writing prompt (at most {@link #ANSWER_ROWS} rows and
 * {@link #MAX_ANSWER_TABLE_CHARS} characters of them, each value cut at {@link #MAX_VALUE_CHARS}).
 * Stateless.
 */
final class SqlPrompts {

  /** Most rows shown to the model when it writes the answer. */
  static final int ANSWER_ROWS = 50;
  /** Most characters of result rows shown when it writes the answer (and of the header, and of one row). */
  static final int MAX_ANSWER_TABLE_CHARS = 12_000;
  /** Longest value shown in a prompt; longer ones are cut. */
  static final int MAX_VALUE_CHARS = 200;
  /** Longest database error message passed back to the model. */
  static final int MAX_ERROR_CHARS = 600;

  /** Words that must be quoted as identifiers in H2 or PostgreSQL. */
  private static final Set<String> KEYWORDS = Set.of("all", "and", "any", "array", "as", "asc", "between",
      "both", "case", "cast", "check", "collate", "column", "constraint", "create", "cross", "current_date",
      "current_time", "current_timestamp", "current_user", "day", "default", "desc", "distinct", "do", "else",
      "end", "except", "exists", "false", "fetch", "for", "foreign", "from", "full", "grant", "group", "having",
      "hour", "if", "ilike", "in", "inner", "intersect", "interval", "into", "is", "join", "key", "leading",
      "left", "like", "limit", "minute", "month", "natural", "not", "null", "offset", "on", "only", "or",
      "order", "over", "partition", "primary", "qualify", "range", "references", "regexp", "right", "row",
      "rownum", "rows", "second", "select", "session_user", "set", "some", "table", "then", "to", "top",
      "trailing", "true", "union", "unique", "unknown", "user", "using", "value", "values", "when", "where",
      "window", "with", "year");

  private SqlPrompts() {
  }

  static String generation(SqlDialect dialect, DatabaseSchema.Folding folding, List<DatabaseSchema.Table> tables,
      int maxRows) {
    StringBuilder prompt = new StringBuilder();
    prompt.append("You write one SQL query that answers the user's question from a ")
        .append(dialectName(dialect)).append(" database.\n\nRules:\n")
        .append("- Reply with the SQL only: exactly one SELECT statement (WITH is allowed), no explanation.\n")
        .append("- Read data only. Never write INSERT, UPDATE, DELETE, DDL, SET, CALL or several statements.\n")
        .append("- Use only the tables and columns listed below, spelled as listed (names shown in double")
        .append(" quotes must be quoted exactly so). Qualify columns with a table alias when you join.\n")
        .append("- At most ").append(maxRows).append(" rows are returned: aggregate in SQL rather than")
        .append(" listing rows, and add ORDER BY when the order or a top-N matters.\n")
        .append("- Plain SQL only: common built-in functions (no system or user-defined ones), LIKE or ILIKE")
        .append(" patterns written as one string with % only at the start or end, no regular expressions,")
        .append(" comments or hints; do not give a CTE the name of a table.\n")
        .append("- If these tables cannot answer the question, reply with SELECT 'cannot answer: <why>' AS")
        .append(" error\n\n")
        .append("SQL dialect notes (").append(dialectName(dialect)).append("):\n")
        .append(dialectNotes(dialect)).append("\nTables:\n");
    for (DatabaseSchema.Table table : tables) {
      appendTable(prompt, folding, table);
    }
    return prompt.toString();
  }

  static String refused(SqlVerdict.Refused refused) {
    return "That query was refused before running (" + refused.reason() + "): " + refused.message()
        + "\nWrite one corrected SELECT query that follows the rules. Reply with the SQL only.";
  }

  static String failed(String databaseError) {
    return "The database returned an error for that query: " + databaseError
        + "\nWrite one corrected SELECT query. Reply with the SQL only.";
  }

  static String databaseError(java.sql.SQLException e, boolean timeout, long timeoutMillis) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    if (timeout) {
      message = "the query was cancelled after the statement timeout of " + timeoutMillis
          + " ms; write a cheaper query (" + message + ")";
    }
    return cut(message.replaceAll("\\s+", " "), MAX_ERROR_CHARS);
  }

  static String answerSystem() {
    return "You answer a user's question from the result of a SQL query that was run for it. Use only the"
        + " result shown; do not invent values. If the result is empty, say that nothing matched. If the"
        + " result was cut off at the row limit, say the answer may be incomplete. Answer briefly, in the"
        + " language of the question.";
  }

  static String answerUser(String question, String sql, QueryRows result,
      boolean truncated) {
    StringBuilder text = new StringBuilder();
    text.append("Question: ").append(question).append("\n\nSQL:\n").append(sql).append("\n\nResult: ")
        .append(result.rows().size()).append(result.rows().size() == 1 ? " row" : " rows");
    if (truncated) {
      text.append(" (the row limit was reached; more rows may exist)");
    }
    List<String> lines = new ArrayList<>();
    int chars = 0;
    for (List<Object> row : result.rows()) {
      String line = cut(row.stream().map(SqlPrompts::value).collect(Collectors.joining(" | ")),
          MAX_ANSWER_TABLE_CHARS);
      if (lines.size() == ANSWER_ROWS || !lines.isEmpty() && chars + line.length() > MAX_ANSWER_TABLE_CHARS) {
        break;
      }
      lines.add(line);
      chars += line.length() + 1;
    }
    if (lines.size() < result.rows().size()) {
      text.append(", the first ").append(lines.size()).append(" shown");
    }
    text.append('\n').append(cut(result.columns().stream().map(c -> cut(c, MAX_VALUE_CHARS))
        .collect(Collectors.joining(" | ")), MAX_ANSWER_TABLE_CHARS)).append('\n');
    lines.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  private static void appendTable(StringBuilder prompt, DatabaseSchema.Folding folding,
      DatabaseSchema.Table table) {
    if (!table.remarks().isEmpty()) {
      prompt.append("-- ").append(cut(table.remarks(), MAX_VALUE_CHARS)).append('\n');
    }
    prompt.append("CREATE TABLE ").append(identifier(table.name(), folding)).append(" (\n");
    int lines = table.columns().size() + (table.primaryKey().isEmpty() ? 0 : 1) + table.foreignKeys().size();
    int line = 0;
    for (DatabaseSchema.Column column : table.columns()) {
      prompt.append("  ").append(identifier(column.name(), folding)).append(' ').append(column.type());
      if (!column.nullable()) {
        prompt.append(" NOT NULL");
      }
      prompt.append(++line < lines ? "," : "");
      String comment = columnComment(column);
      if (!comment.isEmpty()) {
        prompt.append(" -- ").append(comment);
      }
      prompt.append('\n');
    }
    if (!table.primaryKey().isEmpty()) {
      prompt.append("  PRIMARY KEY (").append(identifiers(table.primaryKey(), folding)).append(')')
          .append(++line < lines ? "," : "").append('\n');
    }
    for (DatabaseSchema.ForeignKey key : table.foreignKeys()) {
      prompt.append("  FOREIGN KEY (").append(identifiers(key.columns(), folding)).append(") REFERENCES ")
          .append(identifier(key.targetTable(), folding)).append(" (")
          .append(identifiers(key.targetColumns(), folding)).append(')')
          .append(++line < lines ? "," : "").append('\n');
    }
    prompt.append(");\n");
  }

  private static String columnComment(DatabaseSchema.Column column) {
    String comment = cut(column.remarks(), MAX_VALUE_CHARS);
    if (!column.samples().isEmpty()) {
      String samples = column.samples().stream().map(s -> "'" + s.replace("'", "''") + "'")
          .collect(Collectors.joining(", "));
      comment = (comment.isEmpty() ? "" : comment + "; ") + "e.g. " + samples;
    }
    return comment;
  }

  /**
   * The identifier as the model should write it: bare, in lower case, when that resolves to the stored name
   * ({@code ORDERS} on H2 is shown as {@code orders}); quoted when it is mixed case, a keyword or unusual.
   */
  static String identifier(String name, DatabaseSchema.Folding folding) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean plain = name.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(lower);
    return switch (folding) {
      case UPPER -> plain && name.equals(name.toUpperCase(Locale.ROOT))
          ? lower : ReadOnlyQueryRunner.quote(name);
      case LOWER -> plain && name.equals(lower) ? name : ReadOnlyQueryRunner.quote(name);
      case NONE -> plain ? name : ReadOnlyQueryRunner.quote(name);
    };
  }

  private static String identifiers(List<String> names, DatabaseSchema.Folding folding) {
    return names.stream().map(n -> identifier(n, folding)).collect(Collectors.joining(", "));
  }

  static String dialectName(SqlDialect dialect) {
    return dialect == SqlDialect.POSTGRESQL ? "PostgreSQL" : "H2";
  }

  private static String dialectNotes(SqlDialect dialect) {
    return switch (dialect) {
      case POSTGRESQL -> """
          - Limit rows with LIMIT n; concatenate strings with ||; case-insensitive match with ILIKE.
          - Dates: CURRENT_DATE, now(), date_trunc('month', ts), EXTRACT(YEAR FROM ts), ts - INTERVAL '7 days',
            age(a, b), to_char(ts, 'YYYY-MM').
          - Integer division truncates: cast to numeric for ratios (sum(a)::numeric / count(*)).
          - Text functions: lower, upper, length, substring(s FROM 1 FOR 3), position('x' IN s).
          - Return a list as rows: aggregates that join values into one (string_agg, array_agg, json_agg)
            are refused.
          """;
      case H2 -> """
          - Limit rows with LIMIT n; concatenate strings with ||; case-insensitive match with
            col ILIKE '%text%'.
          - Dates: CURRENT_DATE, CURRENT_TIMESTAMP, DATEADD('DAY', -7, CURRENT_DATE), DATEDIFF('DAY', a, b),
            EXTRACT(YEAR FROM d), FORMATDATETIME(d, 'yyyy-MM'), DATE_TRUNC('MONTH', d).
          - Integer division truncates: CAST(a AS DOUBLE PRECISION) / b for ratios.
          - Text functions: LOWER, UPPER, LENGTH, SUBSTRING(s, 1, 3), LOCATE('x', s).
          - Return a list as rows: aggregates that join values into one (LISTAGG, ARRAY_AGG, JSON_ARRAYAGG)
            are refused.
          """;
    };
  }

  private static String value(Object value) {
    return value == null ? "NULL" : cut(String.valueOf(value).replaceAll("\\s+", " "), MAX_VALUE_CHARS);
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
