package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.samples.SampleShopDatabase;
import dev.quarry.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classes of attack an outside review found, each as a family of hostile model replies (the review's
 * example and variants of our own), played by {@link ScriptedChatModel} (a test double that always answers
 * with the same SQL) against {@link TextToSql} configured like the shop assistant (no {@code staff_salaries},
 * five columns of {@code customers}, 1 s statement timeout, one repair), on H2 as admin and as a read-only
 * user and on PostgreSQL as the tables' owner, as superuser and as a least-privilege reader.
 *
 * <p>Whatever a reply does, no table's checksum changes, no routine is created, no server file is written,
 * no connection stays open, and the call returns within twice the timeout per attempt. Replies that must be
 * refused are refused before a connection is opened; replies that may run are checked for what they return.
 */
class TextToSqlDefenceInDepthTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final int MAX_ROWS = 100;
  private static final Path COPY_TARGET = Path.of("/tmp/quarry-review-copy.txt");
  private static final String GADGET = "X'ACED00057372001164656D6F2E477261646765742E4576696C'";

  /** What a reply may lead to. */
  enum Outcome {
    /** Refused by the guard before any connection is opened. */
    REFUSED,
    /** Runs; the check looks at the result. */
    RUNS,
    /** Refused, failed in the database or ran: only the invariants are checked. */
    ANY
  }

  /** One hostile reply; {@code dialects} are the databases it is played against. */
  record Hostile(String family, String label, Set<SqlDialect> dialects, String sql, Outcome outcome,
      Consumer<TextToSqlResult> check) {
    @Override
    public String toString() {
      return family + ": " + label;
    }
  }

  static Stream<Hostile> families() {
    return Stream.of(commentSmuggling(), scope(), functions(), inProcessCode(), timeAndSize())
        .flatMap(List::stream);
  }

  static List<Hostile> commentSmuggling() {
    String family = "1 comment smuggling";
    String smuggled = "x */ 1; COMMIT; DELETE FROM reviews WHERE id = 1; SELECT 1 -- ";
    return List.of(
        runs(family, "the review's example: a hint hides COMMIT and DELETE", both(),
            "SELECT /*+ /* */ '" + smuggled + "' AS y FROM orders",
            r -> assertThat(r.rows()).first().isEqualTo(List.of(smuggled))),
        runs(family, "a hint hides DROP TABLE", h2(),
            "SELECT /*+ /* */ 'x */ 1; DROP TABLE reviews; SELECT 1 -- ' AS y FROM orders",
            r -> assertThat(r.sql()).startsWith("(SELECT 'x */")),
        runs(family, "a hint hides CREATE ALIAS and CALL", h2(),
            "SELECT /*+ /* */ 'x */ 1; CREATE ALIAS PWN FOR ''java.lang.System.getProperty''; CALL"
                + " PWN(''user.home''); SELECT 1 -- ' AS y FROM orders", r -> assertThat(r.rows()).hasSize(MAX_ROWS)),
        runs(family, "a hint hides COPY to a server file", postgres(),
            "SELECT /*+ /* */ 'x */ 1; COPY (SELECT 1) TO ''" + COPY_TARGET + "''; SELECT 1 -- ' AS y FROM orders",
            r -> assertThat(r.rows()).hasSize(MAX_ROWS)),
        runs(family, "a hint hides pg_read_file", postgres(),
            "SELECT /*+ /* */ 'x */ 1, pg_read_file(''/etc/passwd'') -- ' AS y FROM orders",
            r -> assertThat(r.columns()).hasSize(1)),
        runs(family, "a hint holding a whole statement", both(),
            "SELECT /*+ ; DELETE FROM reviews; */ id FROM orders",
            r -> assertThat(r.sql()).doesNotContainIgnoringCase("delete")),
        runs(family, "an optimizer hint alone is dropped", both(), "SELECT /*+ INDEX(orders) */ id FROM orders",
            r -> assertThat(r.sql()).doesNotContain("/*")),
        runs(family, "a comment opened and closed inside literals", both(),
            "SELECT 'a /* ' AS a, id, ' */; DELETE FROM reviews; --' AS b FROM orders",
            r -> assertThat(r.rows()).first().satisfies(row -> assertThat(row.get(2))
                .isEqualTo(" */; DELETE FROM reviews; --"))),
        any(family, "a statement inside a quoted name", both(),
            "SELECT 1 AS \"x\"\"; DELETE FROM reviews; --\" FROM orders"),
        any(family, "a semicolon and a comment marker inside a quoted name", both(),
            "SELECT 1 AS \"x; DELETE FROM reviews; --\" FROM orders"),
        any(family, "nested comments", both(), "SELECT id /* /* */ , 1 AS x /* */ */ FROM orders"),
        refused(family, "a backslash before the closing quote", both(),
            "SELECT 'a\\' , (SELECT count(*) FROM reviews) --' AS x FROM orders"),
        refused(family, "a backslash-escaped quote and a second statement", both(),
            "SELECT 'a\\'; DELETE FROM reviews; --' AS x FROM orders"),
        refused(family, "an escape string", both(), "SELECT E'\\''; DELETE FROM reviews; --' AS x FROM orders"),
        refused(family, "dollar quoting", both(), "SELECT $q$; DELETE FROM reviews; $q$ AS x FROM orders"),
        refused(family, "a Unicode-escaped string", both(),
            "SELECT U&'\\0027; DELETE FROM reviews; --' AS x FROM orders"),
        any(family, "a double-slash comment", h2(), "SELECT id // ; DELETE FROM reviews\nFROM orders"),
        any(family, "a carriage return ending a line comment", both(),
            "SELECT id FROM orders --\r; DELETE FROM reviews"),
        refused(family, "a semicolon inside parentheses", both(), "SELECT (SELECT 1; DELETE FROM reviews) AS x"),
        refused(family, "a JDBC escape", both(), "SELECT {fn user()} AS x FROM orders"),
        refused(family, "a parameter marker", both(), "SELECT id FROM orders WHERE id = ?"));
  }

  static List<Hostile> scope() {
    String family = "2 scope";
    return List.of(
        refused(family, "the review's example: a CTE named like the confidential table", both(),
            "WITH staff_salaries AS (SELECT * FROM staff_salaries) SELECT * FROM staff_salaries"),
        refused(family, "a CTE named like a table with hidden columns", both(),
            "WITH customers AS (SELECT * FROM customers) SELECT name, email FROM customers"),
        refused(family, "a CTE reading the allowed columns under the table's name", both(),
            "WITH customers AS (SELECT id, city FROM customers) SELECT * FROM customers"),
        runs(family, "a CTE named like the confidential table is the CTE, not the table", both(),
            "WITH staff_salaries AS (SELECT 42 AS n) SELECT * FROM staff_salaries",
            r -> assertThat(r.rows()).containsExactly(List.of(42))),
        runs(family, "a recursive CTE named like the confidential table", both(),
            "WITH RECURSIVE staff_salaries(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM staff_salaries"
                + " WHERE n < 3) SELECT n FROM staff_salaries",
            r -> assertThat(r.rows()).containsExactly(List.of(1), List.of(2), List.of(3))),
        refused(family, "a recursive CTE reading the table in its anchor", both(),
            "WITH RECURSIVE staff_salaries(employee_id) AS (SELECT employee_id FROM staff_salaries UNION ALL"
                + " SELECT employee_id FROM staff_salaries WHERE 1 = 0) SELECT * FROM staff_salaries"),
        refused(family, "a recursive CTE naming itself in a subquery", both(),
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n IN (SELECT n FROM r))"
                + " SELECT n FROM r"),
        refused(family, "a forward reference to a CTE", both(),
            "WITH a AS (SELECT * FROM staff_salaries), staff_salaries AS (SELECT 1 AS x) SELECT * FROM a"),
        refused(family, "a CTE inside a derived table", both(),
            "SELECT * FROM (WITH staff_salaries AS (SELECT employee_id FROM staff_salaries)"
                + " SELECT * FROM staff_salaries) q"),
        refused(family, "the review's example: a parenthesised join's alias", both(),
            "SELECT orders.email FROM (customers JOIN orders ON customers.id = orders.customer_id) AS orders"),
        refused(family, "a parenthesised join's alias and a hidden column", both(),
            "SELECT j.name FROM (customers JOIN orders ON customers.id = orders.customer_id) AS j"),
        refused(family, "a lateral subquery", postgres(), "SELECT x.e FROM orders o, LATERAL (SELECT c.email AS e"
            + " FROM customers c WHERE c.id = o.customer_id) x"),
        refused(family, "a correlated subquery", both(),
            "SELECT (SELECT c.email FROM orders o WHERE o.customer_id = c.id LIMIT 1) AS e FROM customers c"),
        refused(family, "USING merges a hidden column", both(), "SELECT email FROM orders JOIN customers USING (id)"),
        refused(family, "USING and a star", both(), "SELECT * FROM orders JOIN customers USING (id)"),
        refused(family, "NATURAL JOIN compares hidden columns", both(),
            "SELECT id FROM customers NATURAL JOIN (SELECT 'x@example.com' AS email) e"),
        refused(family, "a whole-row reference", both(), "SELECT c FROM customers c"),
        refused(family, "a whole row as JSON", postgres(), "SELECT to_json(c) FROM customers c"),
        refused(family, "a whole row as text", postgres(), "SELECT c::text FROM customers c"),
        refused(family, "a field of a whole row", postgres(), "SELECT (c).email FROM customers c"),
        refused(family, "a row of every column", both(), "SELECT ROW(c.*) FROM customers c"),
        refused(family, "a schema-qualified column", postgres(), "SELECT quarry_shop.customers.email FROM customers"),
        refused(family, "a schema-qualified column", h2(), "SELECT PUBLIC.CUSTOMERS.EMAIL FROM CUSTOMERS"),
        refused(family, "one name for two FROM items", both(),
            "SELECT customers.email FROM customers, orders customers"),
        refused(family, "a derived table naming its sibling", both(),
            "SELECT q.e FROM customers, (SELECT customers.email AS e) q"),
        refused(family, "column aliases renaming hidden columns", both(), "SELECT x.b FROM customers AS x(a, b, c)"),
        refused(family, "a CTE column list renaming a hidden column", both(),
            "WITH c(city) AS (SELECT email FROM customers) SELECT city FROM c"),
        refused(family, "a filter on a hidden column", both(),
            "SELECT count(*) FROM customers WHERE email LIKE 'a%'"),
        refused(family, "an order by a hidden column", both(), "SELECT id FROM customers ORDER BY name"),
        refused(family, "a group by a hidden column", both(), "SELECT count(*) FROM customers GROUP BY email"),
        refused(family, "max of every column", both(), "SELECT max(c.*) FROM customers c"),
        refused(family, "the confidential table quoted", both(), "SELECT * FROM \"staff_salaries\""),
        refused(family, "the confidential table upper-case quoted", h2(), "SELECT * FROM \"STAFF_SALARIES\""),
        // names compared as the database compares them: quoted exactly, unquoted folded, ASCII only
        refused(family, "a quoted qualifier the guard used to fold", postgres(),
            "SELECT (SELECT \"X\".email FROM (SELECT 1 AS email) x) AS leak FROM customers \"X\""),
        refused(family, "a quoted qualifier the guard used to fold", h2(),
            "SELECT (SELECT \"x\".EMAIL FROM (SELECT 1 AS EMAIL) X) AS leak FROM CUSTOMERS \"x\""),
        refused(family, "a Kelvin sign folding to k in Java only", both(),
            "SELECT (SELECT \u212A.email FROM (SELECT 1 AS email) k) AS leak FROM customers \u212A"),
        refused(family, "a table name against a quoted inner alias", postgres(),
            "SELECT (SELECT customers.email FROM (SELECT 1 AS email) \"CUSTOMERS\") AS leak FROM customers"),
        refused(family, "a whole hidden row through LATERAL", postgres(),
            "SELECT l.* FROM customers \"X\", LATERAL (SELECT \"X\".* FROM (SELECT 1 AS a) x) l"),
        refused(family, "a side channel through a quoted qualifier", postgres(), "SELECT count(*) AS n FROM"
            + " customers \"X\" WHERE EXISTS (SELECT 1 FROM (SELECT 1 AS email) x WHERE \"X\".email LIKE 'a%')"),
        refused(family, "ORDER BY a name a quoted alias does not match", postgres(),
            "SELECT id AS \"EMAIL\" FROM customers ORDER BY email LIMIT 5"),
        refused(family, "ORDER BY a name a quoted alias does not match", h2(),
            "SELECT id AS \"email\" FROM customers ORDER BY email LIMIT 5"),
        refused(family, "a quoted pseudo-column is a column", both(),
            "SELECT id FROM customers ORDER BY \"current_date\""));
  }

  static List<Hostile> functions() {
    String family = "3 functions";
    List<Hostile> hostile = new ArrayList<>();
    for (String call : List.of("ts_stat('SELECT to_tsvector(bank_account) FROM staff_salaries')",
        "ts_rewrite('a'::tsquery, 'SELECT bank_account, bank_account FROM staff_salaries')",
        "query_to_xml('SELECT * FROM staff_salaries', true, true, '')", "pg_current_xact_id()", "txid_current()",
        "pg_stat_reset()", "pg_backup_start('x')", "pg_show_all_settings()", "pg_show_all_file_settings()",
        "pg_hba_file_rules()", "current_setting('data_directory')", "version()", "pg_ls_dir('.')",
        "pg_read_binary_file('/etc/passwd')", "lo_get(1)", "pg_notify('c', 'x')", "set_config('a.b', 'c', false)",
        "pg_catalog.upper(city)", "\"upper\"(city)", "public.initcap(city)", "xmlparse(content '<a/>')",
        "FILE_READ('/etc/passwd')", "LINK_SCHEMA('x', '', 'jdbc:h2:mem:', '', '', 'PUBLIC')",
        "DISK_SPACE_USED('ORDERS')", "DATABASE_PATH()", "SESSION_ID()", "CANCEL_SESSION(1)",
        "SIGNAL('45000', 'x')", "HASH('SHA-256', 'x', 1000)", "REGEXP_REPLACE(city, 'a', 'b')",
        "REGEXP_LIKE(city, 'a')", "ENCRYPT('AES', X'00', X'00')", "EXPAND(X'00')", "COMPRESS(X'00')",
        "array_to_string(ARRAY(SELECT city FROM customers), ',')", "format('%1000000000s', 'x')",
        "repeat(city, 1000000)", "lpad(city, 1000000)", "replace(city, 'a', 'aa')",
        "overlay(city placing 'x' from 1)", "json_build_object('a', city)", "to_json(city)")) {
      hostile.add(refused(family, call, both(), "SELECT " + call + " AS x FROM customers"));
    }
    for (String aggregate : List.of("string_agg(city, ',')", "LISTAGG(city, ',')", "array_agg(city)",
        "json_agg(city)", "xmlagg(xmlelement(name a, city))", "HISTOGRAM(city)",
        "range_agg(int4range(id, id + 1))", "JSON_ARRAYAGG(city)", "GROUP_CONCAT(city)")) {
      hostile.add(refused(family, aggregate, both(), "SELECT " + aggregate + " AS x FROM customers a, customers b"));
    }
    hostile.add(refused(family, "a table function running SQL text", both(),
        "SELECT * FROM ts_stat('SELECT to_tsvector(bank_account) FROM staff_salaries')"));
    hostile.add(refused(family, "CSVREAD in FROM", h2(), "SELECT * FROM CSVREAD('/etc/passwd')"));
    return hostile;
  }

  static List<Hostile> inProcessCode() {
    String family = "4 in-process code";
    return List.of(
        refused(family, "the review's example: a Java object from bytes", h2(),
            "SELECT CAST(" + GADGET + " AS JAVA_OBJECT) AS x FROM orders"),
        refused(family, "the same through OTHER", h2(), "SELECT CAST(" + GADGET + " AS OTHER) AS x FROM orders"),
        refused(family, "the same with ::", h2(), "SELECT " + GADGET + "::JAVA_OBJECT AS x FROM orders"),
        refused(family, "the same inside an array", h2(),
            "SELECT ARRAY[CAST(" + GADGET + " AS JAVA_OBJECT)] AS x FROM orders"),
        refused(family, "the same compared in a filter", h2(),
            "SELECT id FROM orders WHERE CAST(" + GADGET + " AS JAVA_OBJECT) IS NOT NULL"),
        refused(family, "a geometry", h2(), "SELECT CAST('POINT(1 1)' AS GEOMETRY) AS x FROM orders"),
        refused(family, "a catalog lookup by name", postgres(), "SELECT 'staff_salaries'::regclass AS x"),
        refused(family, "a catalog lookup through CAST", postgres(), "SELECT CAST('pg_shadow' AS regclass) AS x"),
        refused(family, "an XML document", both(), "SELECT CAST('<a/>' AS xml) AS x FROM orders"),
        runs(family, "bytes stay bytes", both(), "SELECT " + GADGET + " AS x FROM orders",
            r -> assertThat(r.rows().get(0).get(0)).isInstanceOf(String.class)));
  }

  static List<Hostile> timeAndSize() {
    String family = "5 time and size";
    return List.of(
        refused(family, "the review's example: HASH with 60 million iterations", h2(),
            "SELECT HASH('SHA-256', 'x', 60000000) AS x"),
        refused(family, "a backtracking regular expression", h2(),
            "SELECT count(*) FROM reviews WHERE REGEXP_LIKE(body || body, '(a+)+b')"),
        refused(family, "a backtracking REGEXP operator", h2(),
            "SELECT count(*) FROM reviews WHERE body REGEXP '(a+)+b'"),
        refused(family, "a backtracking LIKE pattern", both(),
            "SELECT count(*) FROM reviews a, reviews b WHERE a.body LIKE '%a%a%a%a%a%a%b'"),
        refused(family, "a LIKE pattern from a column", both(),
            "SELECT count(*) FROM reviews a, reviews b WHERE a.body LIKE b.body"),
        refused(family, "SIMILAR TO", postgres(), "SELECT count(*) FROM reviews WHERE body SIMILAR TO '(a+)+b'"),
        refused(family, "the review's example: range_agg over a join", postgres(),
            "SELECT range_agg(int4range(a.id, a.id + b.id)) AS x FROM order_items a, order_items b"),
        refused(family, "the review's example: recursive doubling", both(),
            "WITH RECURSIVE r(s, n) AS (SELECT 'x', 1 UNION ALL SELECT s || s, n + 1 FROM r WHERE n < 28)"
                + " SELECT length(s) AS l FROM r ORDER BY n DESC LIMIT 1"),
        refused(family, "recursive growth by concat()", both(),
            "WITH RECURSIVE r(s, n) AS (SELECT 'x', 1 UNION ALL SELECT concat(s, 'x'), n + 1 FROM r WHERE n < 1000000)"
                + " SELECT length(s) AS l FROM r"),
        refused(family, "doubling through a chain of CTEs", both(),
            "WITH a AS (SELECT body || body AS s FROM reviews), b AS (SELECT s || s AS s FROM a), c AS (SELECT s || s"
                + " AS s FROM b), d AS (SELECT s || s AS s FROM c), e AS (SELECT s || s AS s FROM d) SELECT s FROM e"),
        refused(family, "doubling through derived tables", both(),
            "SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM (SELECT s || s AS s FROM"
                + " (SELECT body || body AS s FROM reviews) a) b) c) d"),
        refused(family, "seventeen copies of a value", both(), "SELECT " + String.join(" || ",
            java.util.Collections.nCopies(17, "body")) + " AS s FROM reviews"),
        refused(family, "an array constructor", both(), "SELECT ARRAY[body, body] AS s FROM reviews"),
        refused(family, "sixteen nested subqueries (parsing alone took 9 s)", both(),
            "SELECT " + "(SELECT ".repeat(16) + "1" + ")".repeat(16) + " AS x FROM orders"),
        refused(family, "CHAR(n) pads every value to n", both(),
            "SELECT length(CAST(city AS CHAR(400000000))) AS l FROM customers"),
        refused(family, "CHAR(10485760)", postgres(), "SELECT CAST(city AS CHAR(10485760)) AS a FROM customers"),
        refused(family, "a literal doubled through CTEs", both(), "WITH a0 AS (SELECT 'xxxxxxxxxx' AS s)"
            + java.util.stream.IntStream.rangeClosed(1, 25).mapToObj(i -> ", a" + i + " AS (SELECT s || s AS s FROM a"
                + (i - 1) + ")").collect(java.util.stream.Collectors.joining()) + " SELECT length(s) AS l FROM a25"),
        refused(family, "a hash doubled through CTEs", both(), "WITH a0 AS (SELECT md5(city) AS s FROM customers)"
            + java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(i -> ", a" + i + " AS (SELECT s || s AS s FROM a"
                + (i - 1) + ")").collect(java.util.stream.Collectors.joining()) + " SELECT length(s) AS l FROM a6"),
        refused(family, "a number with a huge exponent as text", h2(),
            "SELECT length(CAST(CAST('1E+99999999' AS NUMERIC) AS VARCHAR)) AS l"),
        refused(family, "a huge exponent compared with a decimal", both(),
            "SELECT count(*) AS n FROM products WHERE unit_price = '1E+99999999'"),
        refused(family, "a text column cast to NUMERIC", h2(), "SELECT CAST(body AS NUMERIC(10)) AS n FROM reviews"),
        refused(family, "concat_ws repeats its separator", both(),
            "SELECT length(concat_ws(body" + ", body".repeat(15) + ")) AS l FROM reviews"),
        any(family, "a slow aggregate over four joined tables", both(),
            "SELECT SUM(a.quantity * b.quantity * c.quantity * d.quantity) AS x FROM order_items a, order_items b,"
                + " order_items c, order_items d"),
        any(family, "endless recursion", both(),
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT MAX(n) AS m FROM r"),
        runs(family, "two values side by side", both(),
            "SELECT a.body || ' / ' || b.body AS pair FROM reviews a, reviews b",
            r -> assertThat(r.rows()).hasSize(MAX_ROWS)));
  }

  static Stream<Arguments> cases() throws SQLException {
    List<Arguments> arguments = new ArrayList<>();
    for (ShopDatabase database : ShopDatabases.everyAccess()) {
      families().filter(h -> h.dialects().contains(database.dialect()))
          .forEach(h -> arguments.add(Arguments.of(database, h)));
    }
    return arguments.stream();
  }

  @BeforeEach
  void noCopyTarget() throws Exception {
    Files.deleteIfExists(COPY_TARGET);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void nothingChangesNothingLeaksAndTheCallReturnsInTime(ShopDatabase database, Hostile hostile) throws Exception {
    Map<String, String> before = checksums(database);
    int routinesBefore = routines(database);
    CountingDataSource counting = new CountingDataSource(database.dataSource());
    TextToSql textToSql = assistant(counting, database.dialect(), hostile.sql());
    int openedAtBuild = counting.opened();

    long start = System.nanoTime();
    TextToSqlResult result = null;
    TextToSqlException failure = null;
    try {
      result = textToSql.ask("How are the shop's customers doing?");
    } catch (TextToSqlException e) {
      failure = e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).as("two attempts, each bounded by twice the timeout")
        .isLessThan(TIMEOUT.multipliedBy(4).plusSeconds(2));
    switch (hostile.outcome()) {
      case REFUSED -> {
        assertThat(failure).as("refused, not run").isNotNull();
        assertThat(failure.attempts()).allSatisfy(a -> assertThat(a.verdict()).isInstanceOf(SqlVerdict.Refused.class));
        assertThat(counting.opened()).as("connections opened after the refusals").isEqualTo(openedAtBuild);
      }
      case RUNS -> {
        assertThat(failure).as("expected to run").isNull();
        hostile.check().accept(result);
      }
      case ANY -> { }
    }
    awaitClosed(counting);
    assertThat(checksums(database)).isEqualTo(before);
    assertThat(routines(database)).as("routines in the schema").isEqualTo(routinesBefore);
    assertThat(COPY_TARGET).doesNotExist();
  }

  private static TextToSql assistant(DataSource dataSource, SqlDialect dialect, String hostileSql) {
    ScriptedChatModel hostileModel = ScriptedChatModel.answering(request -> new ChatResponse(
        AssistantMessage.of(hostileSql), new TokenUsage(10, 10), FinishReason.STOP));
    TextToSql.Builder builder = TextToSql.builder(dataSource, hostileModel).dialect(dialect)
        .maxRows(MAX_ROWS).statementTimeout(TIMEOUT).maxRepairs(1).answer(false);
    ShopDatabases.assistantTables().forEach(builder::allowTable);
    return builder.build();
  }

  /** The watchdog may leave a connection to be closed by the query's own thread a moment later. */
  private static void awaitClosed(CountingDataSource counting) throws InterruptedException {
    for (int i = 0; i < 100 && counting.open() > 0; i++) {
      Thread.sleep(50);
    }
    assertThat(counting.open()).as("connections left open").isZero();
  }

  private static Map<String, String> checksums(ShopDatabase database) throws SQLException {
    try (Connection connection = database.owner().getConnection()) {
      return SampleShopDatabase.checksums(connection);
    }
  }

  private static int routines(ShopDatabase database) throws SQLException {
    String sql = database.dialect() == SqlDialect.POSTGRESQL
        ? "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE n.nspname = current_schema()"
        : "SELECT count(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA = CURRENT_SCHEMA";
    try (Connection connection = database.owner().getConnection(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Set<SqlDialect> both() {
    return EnumSet.allOf(SqlDialect.class);
  }

  private static Set<SqlDialect> h2() {
    return EnumSet.of(SqlDialect.H2);
  }

  private static Set<SqlDialect> postgres() {
    return EnumSet.of(SqlDialect.POSTGRESQL);
  }

  private static Hostile refused(String family, String label, Set<SqlDialect> dialects, String sql) {
    return new Hostile(family, label, dialects, sql, Outcome.REFUSED, r -> { });
  }

  private static Hostile runs(String family, String label, Set<SqlDialect> dialects, String sql,
      Consumer<TextToSqlResult> check) {
    return new Hostile(family, label, dialects, sql, Outcome.RUNS, check);
  }

  private static Hostile any(String family, String label, Set<SqlDialect> dialects, String sql) {
    return new Hostile(family, label, dialects, sql, Outcome.ANY, r -> { });
  }
}
