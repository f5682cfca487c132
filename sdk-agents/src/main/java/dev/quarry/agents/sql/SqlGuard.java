package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The safety gate for model-written SQL. {@link #check(String)} parses the text with JSqlParser and accepts
 * it only if it is one read-only {@code SELECT} (WITH allowed) that reads allow-listed tables and columns,
 * calls no denied function and takes no row locks; the accepted SQL is the parsed tree printed back, with
 * its outermost row limit capped at {@code maxRows}. Always execute {@link SqlVerdict.Accepted#sql()},
 * never the original text: comments and anything JSqlParser did not see are gone from it.
 *
 * <p>Identifiers: an unquoted name in the query matches an allow-list entry case-insensitively; a quoted
 * one ({@code "Orders"}) must match exactly. Tables are matched with the same number of parts, so
 * {@code orders} does not allow {@code other.orders}; system catalogs ({@code pg_catalog},
 * {@code information_schema}) are refused unless listed. When several tables are in scope and one has a
 * column allow-list, unqualified columns must be allowed in every such table, so qualify them.
 *
 * <p>This is a parser-level filter, one layer of several: run accepted SQL as a database role with read
 * access to the allowed objects only, in a read-only transaction with a statement timeout.
 *
 * <p>Immutable and thread-safe; build one and share it.
 */
public final class SqlGuard {

  /** Default row cap. */
  public static final int DEFAULT_MAX_ROWS = 100;
  /** Longest SQL text the guard parses; longer text is refused before parsing. */
  public static final int MAX_SQL_LENGTH = 20_000;
  /** Default bound on tables joined without a condition (comma or CROSS JOIN) in one SELECT level. */
  public static final int DEFAULT_MAX_CROSS_JOINED_TABLES = 6;

  private static final UnvisitedNodeFinder UNVISITED = new UnvisitedNodeFinder();

  private final RowLimiter rowLimiter;
  private final QueryChecker queryChecker;

  private SqlGuard(Builder builder) {
    List<AllowedTable> tables = new ArrayList<>();
    builder.tables.forEach((name, columns) -> tables.add(AllowedTable.parse(name, columns)));
    this.rowLimiter = new RowLimiter(builder.maxRows);
    this.queryChecker = new QueryChecker(tables, new DeniedFunctions(builder.dialect, builder.deniedFunctions),
        builder.maxCrossJoinedTables);
  }

  /** Starts a guard for the given dialect. */
  public static Builder builder(SqlDialect dialect) {
    return new Builder(Objects.requireNonNull(dialect, "dialect"));
  }

  /** Checks one model-written statement; never throws for bad SQL, it refuses it. */
  public SqlVerdict check(String sql) {
    if (sql == null || sql.isBlank()) {
      return new SqlVerdict.Refused(SqlRefusalReason.NOT_ONE_STATEMENT, "no SQL statement given");
    }
    if (sql.length() > MAX_SQL_LENGTH) {
      return new SqlVerdict.Refused(SqlRefusalReason.UNPARSEABLE, "the SQL is " + sql.length()
          + " characters long; at most " + MAX_SQL_LENGTH + " are parsed");
    }
    Statements statements;
    try {
      statements = CCJSqlParserUtil.parseStatements(sql);
    } catch (JSQLParserException | RuntimeException | StackOverflowError e) {
      return new SqlVerdict.Refused(SqlRefusalReason.UNPARSEABLE,
          "could not parse the SQL: " + firstLine(e.getMessage()));
    }
    if (statements == null || statements.size() != 1) {
      return new SqlVerdict.Refused(SqlRefusalReason.NOT_ONE_STATEMENT, "expected exactly one statement, got "
          + (statements == null ? 0 : statements.size()));
    }
    Statement statement = statements.get(0);
    if (!(statement instanceof Select select)) {
      return new SqlVerdict.Refused(SqlRefusalReason.NOT_A_SELECT, "only SELECT queries are allowed, got "
          + statement.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT) + " statement");
    }
    try {
      Scope root = new Scope(null);
      queryChecker.checkSelect(select, root);
      UNVISITED.requireAllSeen(select, root.seen());
      rowLimiter.apply(select);
      return new SqlVerdict.Accepted(select.toString());
    } catch (SqlRefusedException e) {
      return e.toVerdict();
    } catch (StackOverflowError e) {
      return new SqlVerdict.Refused(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "the query is nested too deeply");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    String line = message.strip().lines().findFirst().orElse("syntax error");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  /** Collects the allow-lists and limits; not thread-safe. */
  public static final class Builder {
    private final SqlDialect dialect;
    private final Map<String, Set<String>> tables = new LinkedHashMap<>();
    private final Set<String> deniedFunctions = new HashSet<>();
    private int maxRows = DEFAULT_MAX_ROWS;
    private int maxCrossJoinedTables = DEFAULT_MAX_CROSS_JOINED_TABLES;

    private Builder(SqlDialect dialect) {
      this.dialect = dialect;
    }

    /** Allows every column of a table, written {@code table} or {@code schema.table}. */
    public Builder allowTable(String table) {
      return allowTable(table, Set.of());
    }

    /** Allows only the given columns of a table; an empty set allows every column. */
    public Builder allowTable(String table, Set<String> columns) {
      Objects.requireNonNull(columns, "columns");
      AllowedTable.parse(table, columns);
      tables.put(table.strip(), Set.copyOf(columns));
      return this;
    }

    /** Denies a further function (case-insensitive, matched on its last name part). */
    public Builder denyFunction(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("function name must not be blank");
      }
      deniedFunctions.add(name.strip());
      return this;
    }

    /** The largest number of rows an accepted query may return; default {@value SqlGuard#DEFAULT_MAX_ROWS}. */
    public Builder maxRows(int maxRows) {
      if (maxRows < 1) {
        throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
      }
      this.maxRows = maxRows;
      return this;
    }

    /**
     * The most tables one SELECT level may join without ON/USING (a Cartesian product); default
     * {@value SqlGuard#DEFAULT_MAX_CROSS_JOINED_TABLES}.
     */
    public Builder maxCrossJoinedTables(int maxCrossJoinedTables) {
      if (maxCrossJoinedTables < 1) {
        throw new IllegalArgumentException("maxCrossJoinedTables must be at least 1, got " + maxCrossJoinedTables);
      }
      this.maxCrossJoinedTables = maxCrossJoinedTables;
      return this;
    }

    /** Validates and returns an immutable guard; at least one table must be allowed. */
    public SqlGuard build() {
      if (tables.isEmpty()) {
        throw new IllegalStateException("allow at least one table (allowTable) before build()");
      }
      return new SqlGuard(this);
    }
  }
}
