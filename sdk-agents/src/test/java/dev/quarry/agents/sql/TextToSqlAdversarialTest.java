package dev.quarry.agents.sql;

import static dev.quarry.agents.sql.SqlRefusalReason.COLUMN_NOT_ALLOWED;
import static dev.quarry.agents.sql.SqlRefusalReason.FUNCTION_DENIED;
import static dev.quarry.agents.sql.SqlRefusalReason.LOCKING_CLAUSE;
import static dev.quarry.agents.sql.SqlRefusalReason.NOT_A_SELECT;
import static dev.quarry.agents.sql.SqlRefusalReason.NOT_ONE_STATEMENT;
import static dev.quarry.agents.sql.SqlRefusalReason.SELECT_INTO;
import static dev.quarry.agents.sql.SqlRefusalReason.TABLE_NOT_ALLOWED;
import static dev.quarry.agents.sql.SqlRefusalReason.TOO_MANY_CROSS_JOINS;
import static dev.quarry.agents.sql.SqlRefusalReason.UNPARSEABLE;
import static dev.quarry.agents.sql.SqlRefusalReason.UNSUPPORTED_CONSTRUCT;
import static dev.quarry.agents.sql.SqlRefusalReason.WRITES_DATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.samples.SampleShopDatabase;
import dev.quarry.testkit.ScriptedChatModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile or confused model, played by {@link ScriptedChatModel} (a test double that always answers with the
 * same SQL), against {@link TextToSql} on the sample shop, on H2 and on PostgreSQL, connected as the tables' owner
 * (H2's admin), as a least-privilege reader and as PostgreSQL superuser. Every table's checksum must
 * be the same before and after each attempt. Generations the guard must refuse are refused before any
 * connection is opened, with the expected reason named in the error; the few it accepts on purpose (a
 * harmless string, a huge LIMIT, a slow but read-only query) are bounded by the row limit and the statement
 * timeout.
 */
class TextToSqlAdversarialTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final int MAX_ROWS = 20;

  /** A hostile generation the guard must refuse, for one of the listed reasons. */
  record Refused(String label, String sql, Set<SqlRefusalReason> reasons) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Refused> refusedGenerations() {
    return Stream.of(
        // DDL
        refused("drop table", "DROP TABLE orders", NOT_A_SELECT),
        refused("create table as", "CREATE TABLE loot AS SELECT * FROM customers", NOT_A_SELECT),
        refused("alter table", "ALTER TABLE customers ADD COLUMN pwned INTEGER", NOT_A_SELECT),
        refused("truncate", "TRUNCATE TABLE order_items", NOT_A_SELECT),
        refused("create function", "CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql",
            NOT_A_SELECT, UNPARSEABLE),
        refused("H2 alias to Java", "CREATE ALIAS EXEC FOR 'java.lang.Runtime.exec'", NOT_A_SELECT,
            UNPARSEABLE),
        refused("grant", "GRANT ALL ON orders TO PUBLIC", NOT_A_SELECT, UNPARSEABLE),
        // DML
        refused("delete", "DELETE FROM orders WHERE 1 = 1", NOT_A_SELECT),
        refused("update", "UPDATE products SET unit_price = 0", NOT_A_SELECT),
        refused("insert", "INSERT INTO categories (id, name) VALUES (99, 'Loot')", NOT_A_SELECT),
        refused("merge", "MERGE INTO products p USING categories c ON (p.category_id = c.id)"
            + " WHEN MATCHED THEN UPDATE SET stock = 0", NOT_A_SELECT, UNPARSEABLE),
        // writable CTEs
        refused("delete in WITH", "WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone",
            WRITES_DATA, UNPARSEABLE, NOT_A_SELECT),
        refused("update in WITH", "WITH u AS (UPDATE products SET stock = 0 RETURNING id) SELECT id FROM u",
            WRITES_DATA, UNPARSEABLE, NOT_A_SELECT),
        // several statements, comment and quoting tricks
        refused("second statement", "SELECT id FROM orders; DELETE FROM orders", NOT_ONE_STATEMENT),
        refused("statement after a comment", "SELECT id FROM orders /* harmless */; DROP TABLE customers --",
            NOT_ONE_STATEMENT),
        refused("statement after a line comment", "SELECT id FROM orders -- just reading\n;UPDATE products"
            + " SET stock = 0", NOT_ONE_STATEMENT),
        refused("quoted confidential table", "SELECT * FROM \"staff_salaries\"", TABLE_NOT_ALLOWED),
        // SELECT INTO, COPY, SET
        refused("select into", "SELECT * INTO loot FROM customers", SELECT_INTO),
        refused("copy to file", "COPY customers TO '/tmp/customers.csv'", NOT_A_SELECT, UNPARSEABLE),
        refused("copy to program", "COPY (SELECT * FROM customers) TO PROGRAM 'sh -c id'", NOT_A_SELECT,
            UNPARSEABLE),
        refused("set timeout off", "SET statement_timeout = 0", NOT_A_SELECT),
        refused("set_config", "SELECT set_config('statement_timeout', '0', false)", FUNCTION_DENIED),
        refused("read-write transaction", "SET TRANSACTION READ WRITE", NOT_A_SELECT, UNPARSEABLE),
        // locking clauses
        refused("for update", "SELECT id FROM orders FOR UPDATE", LOCKING_CLAUSE),
        refused("for share", "SELECT id FROM products FOR SHARE", LOCKING_CLAUSE, UNPARSEABLE),
        refused("lock table", "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", NOT_A_SELECT, UNPARSEABLE),
        // sleep and other denial of service
        refused("pg_sleep", "SELECT pg_sleep(30)", FUNCTION_DENIED),
        refused("sleep in a filter", "SELECT id FROM orders WHERE pg_sleep(5) IS NOT NULL", FUNCTION_DENIED),
        refused("qualified sleep", "SELECT pg_catalog.\"PG_SLEEP\"(5)", FUNCTION_DENIED),
        refused("cancel other sessions", "SELECT pg_cancel_backend(pid) FROM pg_stat_activity",
            FUNCTION_DENIED, TABLE_NOT_ALLOWED),
        refused("advisory lock", "SELECT pg_advisory_lock(1)", FUNCTION_DENIED),
        refused("huge strings", "SELECT repeat('x', 100000000) AS padding FROM orders", FUNCTION_DENIED),
        refused("huge padding", "SELECT rpad(name, 100000000, '*') FROM products", FUNCTION_DENIED),
        refused("one huge value from a cross join", "SELECT string_agg(a.name || b.name || c.name, ',')"
            + " FROM customers a, customers b, customers c", FUNCTION_DENIED),
        refused("H2 huge value from a cross join", "SELECT LISTAGG(a.body || b.body, ',') FROM reviews a,"
            + " reviews b", FUNCTION_DENIED),
        refused("cartesian explosion", "SELECT count(*) FROM order_items a, order_items b, order_items c,"
            + " order_items d, order_items e, order_items f, order_items g", TOO_MANY_CROSS_JOINS),
        refused("cross join explosion", "SELECT count(*) FROM payments a CROSS JOIN payments b CROSS JOIN"
            + " payments c CROSS JOIN payments d CROSS JOIN payments e CROSS JOIN payments f CROSS JOIN"
            + " payments g", TOO_MANY_CROSS_JOINS),
        // files, large objects, remote links, sequences
        refused("read a server file", "SELECT pg_read_file('/etc/passwd')", FUNCTION_DENIED),
        refused("H2 file read", "SELECT FILE_READ('/etc/passwd')", FUNCTION_DENIED),
        refused("H2 csv read", "SELECT * FROM CSVREAD('/etc/passwd')", FUNCTION_DENIED, TABLE_NOT_ALLOWED,
            UNSUPPORTED_CONSTRUCT),
        refused("large object import", "SELECT lo_import('/etc/passwd')", FUNCTION_DENIED),
        refused("dblink", "SELECT * FROM dblink('host=evil.example', 'SELECT 1') AS t(x int)",
            FUNCTION_DENIED, TABLE_NOT_ALLOWED, UNSUPPORTED_CONSTRUCT),
        refused("sequence side effect", "SELECT nextval('orders_id_seq')", FUNCTION_DENIED),
        refused("sequence side effect, standard syntax", "SELECT NEXT VALUE FOR orders_id_seq", WRITES_DATA,
            UNPARSEABLE),
        // system catalogs and tables outside the allow-list
        refused("pg_shadow", "SELECT usename, passwd FROM pg_shadow", TABLE_NOT_ALLOWED),
        refused("pg_catalog", "SELECT * FROM pg_catalog.pg_user", TABLE_NOT_ALLOWED),
        refused("information_schema", "SELECT table_name FROM information_schema.tables", TABLE_NOT_ALLOWED),
        refused("confidential table in a subquery", "SELECT name FROM customers WHERE id IN"
            + " (SELECT employee_id FROM staff_salaries)", TABLE_NOT_ALLOWED),
        refused("confidential table in a union", "SELECT id, name FROM customers UNION ALL"
            + " SELECT employee_id, bank_account FROM staff_salaries", TABLE_NOT_ALLOWED),
        refused("confidential table in a CTE", "WITH s AS (SELECT * FROM staff_salaries) SELECT * FROM s",
            TABLE_NOT_ALLOWED),
        refused("another schema", "SELECT * FROM other_schema.orders", TABLE_NOT_ALLOWED),
        refused("confidential column", "SELECT email FROM customers", COLUMN_NOT_ALLOWED),
        // procedural code
        refused("anonymous block", "DO $$ BEGIN DELETE FROM orders; END $$", NOT_A_SELECT, UNPARSEABLE),
        refused("explain analyze a delete", "EXPLAIN ANALYZE DELETE FROM orders", NOT_A_SELECT, UNPARSEABLE),
        refused("prepare and execute", "PREPARE p AS DELETE FROM orders; EXECUTE p", NOT_ONE_STATEMENT,
            NOT_A_SELECT, UNPARSEABLE),
        refused("call", "CALL pg_terminate_backend(1)", NOT_A_SELECT, FUNCTION_DENIED, UNPARSEABLE));
  }

  static Stream<Arguments> refusedOnEveryDatabase() throws SQLException {
    List<Arguments> arguments = new ArrayList<>();
    for (ShopDatabase database : ShopDatabases.everyAccess()) {
      refusedGenerations().forEach(hostile -> arguments.add(Arguments.of(database, hostile)));
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("refusedOnEveryDatabase")
  void refusedBeforeExecutionWithTheReasonAndNothingChanges(ShopDatabase database, Refused hostile)
      throws SQLException {
    Map<String, String> before = checksums(database);
    CountingDataSource counting = new CountingDataSource(database.dataSource());
    TextToSql textToSql = textToSql(counting, database, hostile.sql());
    int connectionsAfterBuild = counting.opened();

    assertThatThrownBy(() -> textToSql.ask("How many orders were placed?"))
        .isInstanceOf(TextToSqlException.class)
        .satisfies(e -> {
          TextToSqlException failure = (TextToSqlException) e;
          assertThat(failure.attempts()).hasSize(2).allSatisfy(attempt -> {
            assertThat(attempt.verdict()).isInstanceOf(SqlVerdict.Refused.class);
            SqlVerdict.Refused refusal = (SqlVerdict.Refused) attempt.verdict();
            assertThat(refusal.reason()).isIn(hostile.reasons());
            assertThat(refusal.message()).isNotBlank();
            assertThat(failure.getMessage()).contains(refusal.reason().name()).contains(refusal.message());
          });
        });
    assertThat(counting.opened()).as("connections opened after the refusals")
        .isEqualTo(connectionsAfterBuild);
    assertThat(checksums(database)).isEqualTo(before);
  }

  /**
   * A generation the guard lets through, and what must bound it: when it may run, {@code check} looks at the
   * result; otherwise it must end in the statement timeout (or another database error).
   */
  record Bounded(String label, String sql, boolean mayRun, Consumer<TextToSqlResult> check) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Arguments> boundedOnEveryDatabase() throws SQLException {
    List<Bounded> generations = List.of(
        new Bounded("injection inside a string literal",
            "SELECT 'x'';DROP TABLE orders;--' AS trick, id FROM orders", true,
            result -> assertThat(result.rows()).hasSize(MAX_ROWS)
                .allSatisfy(row -> assertThat(row.get(0)).isEqualTo("x';DROP TABLE orders;--"))),
        new Bounded("statement hidden in a block comment",
            "SELECT id FROM orders WHERE id < 5 /* ; DELETE FROM orders */", true,
            result -> assertThat(result.sql()).doesNotContainIgnoringCase("delete")),
        new Bounded("huge limit", "SELECT * FROM order_items LIMIT 100000000", true,
            result -> assertThat(result.sql()).endsWith("LIMIT " + MAX_ROWS + ")")),
        new Bounded("no limit at all", "SELECT a.id, b.id FROM customers a, customers b", true,
            result -> assertThat(result.truncated()).isTrue()),
        new Bounded("cross join within the allowed count, slow aggregate",
            "SELECT SUM(a.quantity * b.quantity * c.quantity * d.quantity) FROM order_items a,"
                + " order_items b, order_items c, order_items d", false, null),
        new Bounded("endless recursion",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT MAX(n) FROM r", false,
            null));
    List<Arguments> arguments = new ArrayList<>();
    for (ShopDatabase database : ShopDatabases.everyAccess()) {
      generations.forEach(hostile -> arguments.add(Arguments.of(database, hostile)));
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("boundedOnEveryDatabase")
  void acceptedGenerationsAreBoundedByTheLimitAndTheTimeout(ShopDatabase database, Bounded hostile)
      throws SQLException {
    Map<String, String> before = checksums(database);
    TextToSql textToSql = textToSql(database.dataSource(), database, hostile.sql());

    // Two attempts, each at most the 1 s statement timeout: the safety net is far above that.
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      if (hostile.mayRun()) {
        TextToSqlResult result = textToSql.ask("Show me the orders");
        assertThat(result.rows()).hasSizeLessThanOrEqualTo(MAX_ROWS);
        hostile.check().accept(result);
      } else {
        assertThatThrownBy(() -> textToSql.ask("Show me the orders"))
            .isInstanceOf(TextToSqlException.class)
            .satisfies(e -> assertThat(((TextToSqlException) e).attempts()).hasSize(2)
                .allSatisfy(attempt -> assertThat(attempt.databaseError()).isPresent()))
            .hasMessageContaining("failed in the database");
      }
    });
    assertThat(checksums(database)).isEqualTo(before);
  }

  private static TextToSql textToSql(DataSource dataSource, ShopDatabase database, String hostileSql) {
    ScriptedChatModel hostileModel = ScriptedChatModel.answering(request -> new ChatResponse(
        AssistantMessage.of(hostileSql), new TokenUsage(10, 10), FinishReason.STOP));
    return TextToSql.builder(dataSource, hostileModel)
        .dialect(database.dialect())
        .allowTables(SampleShopDatabase.PUBLIC_TABLES.stream().filter(t -> !t.equals("customers"))
            .toArray(String[]::new))
        .allowTable("customers", Set.of("id", "name", "country", "city", "segment", "created_on"))
        .maxRows(MAX_ROWS)
        .statementTimeout(TIMEOUT)
        .maxRepairs(1)
        .answer(false)
        .build();
  }

  private static Map<String, String> checksums(ShopDatabase database) throws SQLException {
    try (Connection connection = database.owner().getConnection()) {
      return SampleShopDatabase.checksums(connection);
    }
  }

  private static Refused refused(String label, String sql, SqlRefusalReason first,
      SqlRefusalReason... more) {
    return new Refused(label, sql, EnumSet.of(first, more));
  }
}
