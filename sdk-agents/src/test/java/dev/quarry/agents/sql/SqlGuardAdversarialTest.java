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

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlGuardAdversarialTest {

  private static final SqlGuard POSTGRES = guard(SqlDialect.POSTGRESQL);
  private static final SqlGuard H2 = guard(SqlDialect.H2);

  static SqlGuard guard(SqlDialect dialect) {
    return SqlGuard.builder(dialect)
        .allowTable("customers", Set.of("id", "name", "country"))
        .allowTable("orders")
        .allowTable("sales.items")
        .denyFunction("expensive_report")
        .maxRows(50)
        .maxCrossJoinedTables(3)
        .build();
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        // DDL and DML
        Arguments.of("DROP TABLE orders", NOT_A_SELECT, "DROP"),
        Arguments.of("CREATE TABLE x AS SELECT * FROM orders", NOT_A_SELECT, "CREATE"),
        Arguments.of("ALTER TABLE orders ADD COLUMN x INT", NOT_A_SELECT, "ALTER"),
        Arguments.of("TRUNCATE TABLE orders", NOT_A_SELECT, "TRUNCATE"),
        Arguments.of("INSERT INTO orders (id) VALUES (1)", NOT_A_SELECT, "INSERT"),
        Arguments.of("UPDATE orders SET total = 0", NOT_A_SELECT, "UPDATE"),
        Arguments.of("DELETE FROM orders", NOT_A_SELECT, "DELETE"),
        Arguments.of("MERGE INTO orders o USING customers c ON o.id = c.id WHEN MATCHED THEN DELETE",
            NOT_A_SELECT, "MERGE"),
        Arguments.of("GRANT SELECT ON orders TO public", NOT_A_SELECT, "GRANT"),
        Arguments.of("COPY orders TO '/tmp/x.csv'", UNPARSEABLE, "COPY"),
        Arguments.of("SET search_path = evil", NOT_A_SELECT, "SET"),
        Arguments.of("CALL expensive_report()", NOT_A_SELECT, ""),
        Arguments.of("WITH d AS (DELETE FROM orders RETURNING *) DELETE FROM orders", NOT_A_SELECT, ""),
        // writable CTEs
        Arguments.of("WITH d AS (DELETE FROM orders RETURNING id) SELECT id FROM d", WRITES_DATA, "'d'"),
        Arguments.of("WITH u AS (UPDATE orders SET total = 0 RETURNING id) SELECT * FROM u",
            WRITES_DATA, "'u'"),
        Arguments.of("WITH i AS (INSERT INTO orders (id) VALUES (9) RETURNING id) SELECT * FROM i",
            WRITES_DATA, "'i'"),
        Arguments.of("SELECT nextval('orders_id_seq')", FUNCTION_DENIED, "nextval"),
        // several statements, comments
        Arguments.of("SELECT * FROM orders; DROP TABLE orders", NOT_ONE_STATEMENT, "2"),
        Arguments.of("SELECT * FROM orders; SELECT * FROM orders", NOT_ONE_STATEMENT, "2"),
        Arguments.of("SELECT * FROM orders /* harmless */; DELETE FROM orders", NOT_ONE_STATEMENT, "2"),
        Arguments.of("SELECT * FROM orders -- just a comment\n; UPDATE orders SET total = 0",
            NOT_ONE_STATEMENT, "2"),
        Arguments.of("/* SELECT 1; */ DELETE FROM orders", NOT_A_SELECT, "DELETE"),
        Arguments.of("-- SELECT * FROM orders\nDROP TABLE orders", NOT_A_SELECT, "DROP"),
        Arguments.of("", NOT_ONE_STATEMENT, "no SQL"),
        Arguments.of("SELEKT * FROM orders", UNPARSEABLE, "parse"),
        // SELECT INTO and locks
        Arguments.of("SELECT * INTO stolen FROM orders", SELECT_INTO, "INTO"),
        Arguments.of("SELECT * FROM orders FOR UPDATE", LOCKING_CLAUSE, "FOR UPDATE"),
        Arguments.of("SELECT * FROM orders FOR SHARE", LOCKING_CLAUSE, "lock"),
        Arguments.of("SELECT * FROM orders FOR UPDATE SKIP LOCKED", LOCKING_CLAUSE, "lock"),
        // settings
        Arguments.of("SELECT set_config('statement_timeout', '0', false)", FUNCTION_DENIED, "set_config"),
        Arguments.of("SELECT current_setting('data_directory')", FUNCTION_DENIED, "current_setting"),
        // DoS and server access
        Arguments.of("SELECT pg_sleep(100)", FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT id FROM orders WHERE pg_sleep(10) IS NOT NULL", FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT id FROM orders ORDER BY PG_CATALOG.PG_SLEEP(1)", FUNCTION_DENIED, "PG_SLEEP"),
        Arguments.of("SELECT * FROM pg_sleep(5)", FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT \"pg_sleep\"(5)", FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT count(*) FROM orders GROUP BY id HAVING sleep(5) = 0", FUNCTION_DENIED, "sleep"),
        Arguments.of("SELECT benchmark(100000000, md5('x'))", FUNCTION_DENIED, "benchmark"),
        Arguments.of("SELECT pg_read_file('/etc/passwd')", FUNCTION_DENIED, "pg_read_file"),
        Arguments.of("SELECT pg_ls_dir('.')", FUNCTION_DENIED, "pg_ls_dir"),
        Arguments.of("SELECT lo_import('/etc/passwd')", FUNCTION_DENIED, "lo_import"),
        Arguments.of("SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(x int)", FUNCTION_DENIED, "dblink"),
        Arguments.of("SELECT pg_terminate_backend(42)", FUNCTION_DENIED, "pg_terminate_backend"),
        Arguments.of("SELECT query_to_xml('DELETE FROM orders', true, true, '')", FUNCTION_DENIED,
            "query_to_xml"),
        Arguments.of("SELECT expensive_report(id) FROM orders", FUNCTION_DENIED, "expensive_report"),
        Arguments.of("SELECT id FROM orders WHERE id IN (SELECT pg_sleep(1))", FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT CASE WHEN id > 0 THEN pg_sleep(1) END FROM orders", FUNCTION_DENIED,
            "pg_sleep"),
        Arguments.of("SELECT sum(id) OVER (ORDER BY pg_sleep(1)) FROM orders", FUNCTION_DENIED, "pg_sleep"),
        // system catalogs and other tables
        Arguments.of("SELECT * FROM pg_catalog.pg_user", TABLE_NOT_ALLOWED, "pg_catalog.pg_user"),
        Arguments.of("SELECT usename, passwd FROM pg_shadow", TABLE_NOT_ALLOWED, "pg_shadow"),
        Arguments.of("SELECT table_name FROM information_schema.tables", TABLE_NOT_ALLOWED,
            "information_schema.tables"),
        Arguments.of("SELECT * FROM secrets", TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("SELECT * FROM other.orders", TABLE_NOT_ALLOWED, "other.orders"),
        Arguments.of("SELECT * FROM items", TABLE_NOT_ALLOWED, "items"),
        Arguments.of("SELECT * FROM \"Orders\"", TABLE_NOT_ALLOWED, "Orders"),
        Arguments.of("SELECT o.id FROM orders o JOIN secrets s ON s.id = o.id", TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("SELECT id FROM orders WHERE id IN (SELECT id FROM secrets)", TABLE_NOT_ALLOWED,
            "secrets"),
        Arguments.of("SELECT id FROM orders WHERE EXISTS (SELECT 1 FROM pg_roles)", TABLE_NOT_ALLOWED,
            "pg_roles"),
        Arguments.of("WITH s AS (SELECT * FROM secrets) SELECT * FROM s", TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("SELECT id FROM orders UNION SELECT id FROM secrets", TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("SELECT id FROM orders EXCEPT SELECT id FROM secrets", TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("SELECT * FROM (SELECT * FROM secrets) AS orders", TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("SELECT o.id, x.v FROM orders o, LATERAL (SELECT secret AS v FROM secrets) x",
            TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("SELECT (SELECT max(token) FROM api_keys) FROM orders", TABLE_NOT_ALLOWED, "api_keys"),
        // columns
        Arguments.of("SELECT email FROM customers", COLUMN_NOT_ALLOWED, "email"),
        Arguments.of("SELECT * FROM customers", COLUMN_NOT_ALLOWED, "*"),
        Arguments.of("SELECT c.* FROM customers c", COLUMN_NOT_ALLOWED, "c.*"),
        Arguments.of("SELECT c.password_hash AS name FROM customers c", COLUMN_NOT_ALLOWED, "password_hash"),
        Arguments.of("SELECT id FROM customers WHERE email LIKE 'a%'", COLUMN_NOT_ALLOWED, "email"),
        Arguments.of("SELECT id FROM customers ORDER BY email", COLUMN_NOT_ALLOWED, "email"),
        Arguments.of("SELECT o.id FROM orders o JOIN customers c ON c.email = o.note", COLUMN_NOT_ALLOWED,
            "email"),
        Arguments.of("SELECT id FROM orders WHERE id IN (SELECT ssn FROM customers)", COLUMN_NOT_ALLOWED,
            "ssn"),
        Arguments.of("WITH c AS (SELECT id, email FROM customers) SELECT * FROM c", COLUMN_NOT_ALLOWED,
            "email"),
        Arguments.of("SELECT id FROM orders UNION ALL SELECT email FROM customers", COLUMN_NOT_ALLOWED,
            "email"),
        Arguments.of("SELECT x.e FROM (SELECT email AS e FROM customers) x", COLUMN_NOT_ALLOWED, "email"),
        Arguments.of("SELECT \"EMAIL\" FROM customers", COLUMN_NOT_ALLOWED, "EMAIL"),
        Arguments.of("SELECT \"ID\" FROM customers", COLUMN_NOT_ALLOWED, "ID"),
        Arguments.of("SELECT o.id FROM orders o NATURAL JOIN customers", COLUMN_NOT_ALLOWED, "NATURAL"),
        Arguments.of("SELECT o.id FROM orders o JOIN customers c USING (email)", COLUMN_NOT_ALLOWED, "email"),
        Arguments.of("SELECT id, note FROM orders JOIN customers c ON c.id = orders.id", COLUMN_NOT_ALLOWED,
            "note"),
        Arguments.of("SELECT z.id FROM orders o", COLUMN_NOT_ALLOWED, "z"),
        // subqueries hidden in less common expression forms
        Arguments.of("SELECT id FROM orders WHERE id = ANY (SELECT id FROM secrets)", TABLE_NOT_ALLOWED,
            "secrets"),
        Arguments.of("SELECT id FROM orders WHERE id = ANY (ARRAY(SELECT id FROM secrets))",
            FUNCTION_DENIED, "ANY"),
        Arguments.of("SELECT id FROM orders WHERE EXISTS (SELECT 1 FROM orders WHERE pg_sleep(1) IS NULL)",
            FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT * FROM orders, pg_sleep(5)", FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT * FROM (VALUES (pg_sleep(1))) v(x)", UNSUPPORTED_CONSTRUCT, ""),
        Arguments.of("SELECT CAST(pg_sleep(1) AS text)", FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT max(note ORDER BY pg_sleep(1)) FROM orders", FUNCTION_DENIED, "pg_sleep"),
        Arguments.of("SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM orders", FUNCTION_DENIED,
            "pg_sleep"),
        Arguments.of("SELECT id FROM orders LIMIT (SELECT count(*) FROM secrets)", UNPARSEABLE, ""),
        Arguments.of("SELECT public.\"PG_SLEEP\"(1)", FUNCTION_DENIED, "PG_SLEEP"),
        Arguments.of("SELECT \"lo_export\"(1, '/tmp/x')", FUNCTION_DENIED, "lo_export"),
        Arguments.of("SELECT pg_advisory_lock(1)", FUNCTION_DENIED, "pg_advisory_lock"),
        Arguments.of("SELECT setval('orders_id_seq', 1)", FUNCTION_DENIED, "setval"),
        Arguments.of("TABLE secrets", UNSUPPORTED_CONSTRUCT, ""),
        Arguments.of("EXPLAIN ANALYZE DELETE FROM orders", UNPARSEABLE, ""),
        Arguments.of("EXPLAIN SELECT id FROM orders", NOT_A_SELECT, "EXPLAIN"),
        Arguments.of("SELECT id FROM orders WHERE id IN (WITH s AS (SELECT id FROM secrets) SELECT id FROM s)",
            TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("WITH orders AS (SELECT id FROM secrets) SELECT id FROM orders", TABLE_NOT_ALLOWED,
            "secrets"),
        Arguments.of("SELECT o.id FROM orders o JOIN (customers c JOIN secrets s ON s.id = c.id) ON c.id = o.id",
            TABLE_NOT_ALLOWED, "secrets"),
        Arguments.of("SELECT name AS email FROM customers WHERE email = 'a@b.c'", COLUMN_NOT_ALLOWED, "email"),
        Arguments.of("SELECT name AS email FROM customers ORDER BY email || ''", COLUMN_NOT_ALLOWED, "email"),
        Arguments.of("SELECT c FROM customers c", COLUMN_NOT_ALLOWED, "'c'"),
        Arguments.of("SELECT row_to_json(customers) FROM customers", FUNCTION_DENIED, "row_to_json"),
        Arguments.of("SELECT to_json(c.*) FROM customers c", FUNCTION_DENIED, "to_json"),
        Arguments.of("SELECT (c).email FROM customers c", COLUMN_NOT_ALLOWED, "'c'"),
        // Cartesian explosions (the test guard allows 3 unconditioned tables)
        Arguments.of("SELECT count(*) FROM orders a, orders b, orders c, orders d", TOO_MANY_CROSS_JOINS, "4"),
        Arguments.of("SELECT count(*) FROM orders a CROSS JOIN orders b CROSS JOIN orders c"
            + " CROSS JOIN orders d CROSS JOIN orders e", TOO_MANY_CROSS_JOINS, "5"),
        // row limits that cannot be bounded
        Arguments.of("SELECT TOP 1000000 id FROM orders", UNSUPPORTED_CONSTRUCT, "TOP"));
  }

  static Stream<Arguments> hostileH2() {
    return Stream.of(
        Arguments.of("SELECT FILE_READ('/etc/passwd')", FUNCTION_DENIED, "FILE_READ"),
        Arguments.of("SELECT * FROM CSVREAD('/etc/passwd')", FUNCTION_DENIED, "CSVREAD"),
        Arguments.of("SELECT CSVWRITE('/tmp/out.csv', 'SELECT * FROM orders')", FUNCTION_DENIED, "CSVWRITE"),
        Arguments.of("SELECT FILE_WRITE('x', '/tmp/x')", FUNCTION_DENIED, "FILE_WRITE"),
        Arguments.of("SELECT LINK_SCHEMA('x', '', 'jdbc:h2:mem:', '', '', 'PUBLIC')", FUNCTION_DENIED,
            "LINK_SCHEMA"),
        Arguments.of("SELECT * FROM INFORMATION_SCHEMA.USERS", TABLE_NOT_ALLOWED, "INFORMATION_SCHEMA"),
        Arguments.of("RUNSCRIPT FROM '/tmp/evil.sql'", UNPARSEABLE, ""),
        Arguments.of("SELECT id FROM orders; SCRIPT TO '/tmp/dump.sql'", UNPARSEABLE, "SCRIPT"));
  }

  @Test
  void refusesOversizedText() {
    String sql = "SELECT id FROM orders WHERE id IN (" + "1, ".repeat(10_000) + "1)";

    assertRefused(POSTGRES.check(sql), UNPARSEABLE, "at most");
  }

  @Test
  void refusesOrSurvivesDeepNesting() {
    String sql = "SELECT " + "(".repeat(3_000) + "1" + ")".repeat(3_000);

    assertThat(POSTGRES.check(sql).accepted()).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {1}: {0}")
  @MethodSource("hostile")
  void refusesHostileStatementOnPostgres(String sql, SqlRefusalReason reason, String named) {
    assertRefused(POSTGRES.check(sql), reason, named);
  }

  @ParameterizedTest(name = "[{index}] {1}: {0}")
  @MethodSource("hostileH2")
  void refusesHostileStatementOnH2(String sql, SqlRefusalReason reason, String named) {
    assertRefused(H2.check(sql), reason, named);
  }

  private static void assertRefused(SqlVerdict verdict, SqlRefusalReason reason, String named) {
    assertThat(verdict).isInstanceOf(SqlVerdict.Refused.class);
    SqlVerdict.Refused refused = (SqlVerdict.Refused) verdict;
    assertThat(refused.reason()).as(refused.message()).isEqualTo(reason);
    assertThat(refused.message()).containsIgnoringCase(named);
  }
}
