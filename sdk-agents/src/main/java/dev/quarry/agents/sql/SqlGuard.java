package dev.quarry.agents.sql;

import dev.quarry.api.internal.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The safety gate for model-written SQL. {@link #check(String)} parses the text with JSqlParser and accepts
 * it only if it is one read-only {@code SELECT} (WITH allowed) that
 * <ul>
 *   <li>reads allow-listed tables and columns only, by any name: CTEs, derived tables, parenthesised joins
 *       with an alias, LATERAL, USING and NATURAL joins and every qualifier are resolved as the database
 *       resolves them, and a name that the two databases could resolve differently is refused;</li>
 *   <li>calls only functions on the dialect's allow-list ({@link AllowedFunctions}: built-ins that compute
 *       over their arguments; never one that takes SQL text, touches server state or builds a value of
 *       unbounded size), casts only to plain types, and matches LIKE patterns that cannot backtrack;</li>
 *   <li>cannot build a value of more than {@value Width#MAX_COPIES} stored values by concatenation, nor
 *       grow a value at every step of a recursive query;</li>
 *   <li>uses only constructs the guard has rules for (anything else is refused, not ignored) and takes no
 *       row locks.</li>
 * </ul>
 * The accepted SQL is the checked tree printed back without comments or hints, its outermost row limit
 * capped at {@code maxRows}, inside parentheses (see {@link SqlVerdict.Accepted#sql()}); before it is
 * accepted, that text is parsed and checked again and must print back to itself, and it must pass a lexical
 * check that it holds one statement and no comment by the rules of both databases. Always execute
 * {@link SqlVerdict.Accepted#sql()}, never the original text.
 *
 * <p>Identifiers: an unquoted name in the query matches an allow-list entry case-insensitively; a quoted
 * one ({@code "Orders"}) must match exactly. Tables are matched with the same number of parts, so
 * {@code orders} does not allow {@code other.orders}; system catalogs ({@code pg_catalog},
 * {@code information_schema}) are refused unless listed. When several tables are in scope and one has a
 * column allow-list, unqualified columns must be allowed in every such table, so qualify them.
 *
 * <p>This is a parser-level filter, one layer of several: run accepted SQL as a database role with read
 * access to the allowed objects only, in a read-only transaction with a statement timeout, as
 * {@link TextToSql} does.
 *
 * <p>Immutable and thread-safe; build one and share it.
 */
public final class SqlGuard {

  /** Default row cap. */
  public static final int DEFAULT_MAX_ROWS = 100;
  /** Longest SQL text the guard parses; longer text is refused before parsing. */
  public static final int MAX_SQL_LENGTH = 20_000;
  /** Most levels of subqueries one inside another (parentheses around a SELECT); deeper is refused. */
  public static final int MAX_QUERY_NESTING = 8;
  /** Default bound on tables joined without a condition (comma or CROSS JOIN) in one SELECT level. */
  public static final int DEFAULT_MAX_CROSS_JOINED_TABLES = 6;

  private static final TreeAudit AUDIT = new TreeAudit();

  private final SqlDialect dialect;
  private final RowLimiter rowLimiter;
  private final QueryChecker queryChecker;

  private SqlGuard(Builder builder) {
    List<AllowedTable> tables = new ArrayList<>();
    builder.tables.forEach((name, columns) -> tables.add(AllowedTable.parse(name, columns)));
    this.dialect = builder.dialect;
    this.rowLimiter = new RowLimiter(builder.maxRows);
    this.queryChecker = new QueryChecker(tables,
        AllowedFunctions.of(builder.dialect, builder.allowedFunctions, builder.deniedFunctions), builder.dialect,
        builder.maxCrossJoinedTables);
  }

  /** Starts a guard for the given dialect. */
  public static Builder builder(SqlDialect dialect) {
    return new Builder(Checks.requireNonNull(dialect, "dialect"));
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
    try {
      Select select = parseOneSelect(sql, MAX_QUERY_NESTING);
      checkTree(select);
      rowLimiter.apply(select);
      String text = SqlText.parenthesised(select);
      requireSameWhenReparsed(text);
      SqlText.requireOneStatement(text);
      return new SqlVerdict.Accepted(text);
    } catch (SqlRefusedException e) {
      return e.toVerdict();
    } catch (StackOverflowError e) {
      return new SqlVerdict.Refused(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "the query is nested too deeply");
    }
  }

  private static Select parseOneSelect(String sql, int maxNesting) {
    int nesting = StatementParser.queryNesting(sql);
    if (nesting > maxNesting) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "subqueries are nested " + nesting
          + " levels deep (at most " + MAX_QUERY_NESTING + "); use WITH to name the steps");
    }
    Statements statements;
    try {
      statements = StatementParser.parse(sql);
    } catch (JSQLParserException | RuntimeException | StackOverflowError e) {
      throw new SqlRefusedException(SqlRefusalReason.UNPARSEABLE,
          "could not parse the SQL: " + firstLine(e.getMessage()));
    }
    if (statements == null || statements.size() != 1) {
      throw new SqlRefusedException(SqlRefusalReason.NOT_ONE_STATEMENT, "expected exactly one statement, got "
          + (statements == null ? 0 : statements.size()));
    }
    Statement statement = statements.get(0);
    if (!(statement instanceof Select select)) {
      throw new SqlRefusedException(SqlRefusalReason.NOT_A_SELECT, "only SELECT queries are allowed, got "
          + statement.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT) + " statement");
    }
    return select;
  }

  private void checkTree(Select select) {
    Scope root = Scope.root(dialect);
    queryChecker.checkQuery(select, root);
    AUDIT.require(select, root.seen());
  }

  /**
   * What runs is what was checked: the text to run is parsed again and must pass every check as it stands
   * and print back to itself, so no printing quirk of JSqlParser can change its meaning unseen.
   */
  private void requireSameWhenReparsed(String text) {
    Select reparsed;
    try {
      reparsed = parseOneSelect(text, MAX_QUERY_NESTING + 1); // the parentheses around it
    } catch (SqlRefusedException e) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
          "the query does not read back the same once printed (" + e.getMessage() + ")");
    }
    checkTree(reparsed);
    if (!text.equals(reparsed.toString())) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
          "the query does not print back to the same text, so it is not run: " + text);
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
    private final Set<String> allowedFunctions = new HashSet<>();
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
      Checks.requireNonNull(columns, "columns");
      AllowedTable.parse(table, columns);
      tables.put(table.strip(), Set.copyOf(columns));
      return this;
    }

    /**
     * Takes a function off the allow-list (case-insensitive): the dialect's built-in functions that compute
     * over their arguments are allowed, every other function is refused anyway.
     */
    public Builder denyFunction(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("function name must not be blank");
      }
      deniedFunctions.add(name.strip());
      return this;
    }

    /**
     * Allows one more function by its unqualified name (case-insensitive), such as a user-defined function
     * that only computes over its arguments. Its result is assumed to be as large as its arguments together.
     * Allow only functions that neither write, nor read tables, nor run for long: the guard cannot see inside
     * them.
     */
    public Builder allowFunction(String name) {
      allowedFunctions.add(AllowedFunctions.plainName(name));
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
