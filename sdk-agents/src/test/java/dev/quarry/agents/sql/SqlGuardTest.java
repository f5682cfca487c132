package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlGuardTest {

  private static Connection h2;

  private static SqlGuard guard(SqlDialect dialect, int maxRows) {
    return SqlGuard.builder(dialect)
        .allowTable("customers", Set.of("id", "name", "country"))
        .allowTable("orders")
        .allowTable("order_items")
        .maxRows(maxRows)
        .build();
  }

  @BeforeAll
  static void createTables() throws SQLException {
    h2 = DriverManager.getConnection("jdbc:h2:mem:sqlguard;DB_CLOSE_DELAY=-1");
    try (Statement s = h2.createStatement()) {
      s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50), country VARCHAR(2),"
          + " email VARCHAR(80))");
      s.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2))");
      s.execute("CREATE TABLE order_items (order_id INT, sku VARCHAR(10), qty INT)");
      for (int i = 1; i <= 30; i++) {
        s.execute("INSERT INTO customers VALUES (" + i + ", 'c" + i + "', '" + (i % 2 == 0 ? "DE" : "FR")
            + "', 'c" + i + "@example.com')");
        s.execute("INSERT INTO orders VALUES (" + i + ", " + (i % 10 + 1) + ", " + (i * 3.5) + ")");
        s.execute("INSERT INTO order_items VALUES (" + i + ", 'sku" + (i % 4) + "', " + i + ")");
      }
    }
  }

  @AfterAll
  static void close() throws SQLException {
    h2.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT c.name, sum(o.total) AS spent FROM customers c JOIN orders o ON o.customer_id = c.id"
          + " GROUP BY c.name HAVING sum(o.total) > 10 ORDER BY spent DESC",
      "SELECT o.id, i.sku FROM orders o LEFT JOIN order_items i ON i.order_id = o.id WHERE i.qty > 2",
      "WITH big AS (SELECT id, total FROM orders WHERE total > 50) SELECT count(*) FROM big",
      "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 5) SELECT k FROM n",
      "SELECT id, total, rank() OVER (PARTITION BY customer_id ORDER BY total DESC) AS r FROM orders",
      "SELECT name FROM customers WHERE id IN (SELECT o.customer_id FROM orders o WHERE o.total > 20)",
      "SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)",
      "SELECT country, count(*) FROM customers GROUP BY country",
      "SELECT id FROM orders UNION SELECT order_id FROM order_items",
      "SELECT id FROM orders INTERSECT SELECT order_id FROM order_items",
      "SELECT x.s FROM (SELECT sku AS s, sum(qty) AS q FROM order_items GROUP BY sku) x ORDER BY x.q",
      "SELECT CASE WHEN total > 50 THEN 'big' ELSE 'small' END AS size, CAST(total AS INT) FROM orders",
      "SELECT \"ID\" FROM orders",
      "SELECT upper(name), coalesce(country, '?') FROM customers ORDER BY 1",
      "SELECT o.id, i.sku FROM orders o, order_items i WHERE i.order_id = o.id",
      "SELECT name AS email FROM customers ORDER BY email"})
  void acceptsReadOnlyQueriesAndTheyRunOnH2(String sql) throws SQLException {
    SqlVerdict verdict = guard(SqlDialect.H2, 10).check(sql);

    assertThat(verdict).isInstanceOf(SqlVerdict.Accepted.class);
    assertThat(rowCount(((SqlVerdict.Accepted) verdict).sql())).isBetween(1, 10);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT DISTINCT ON (o.customer_id) o.customer_id, o.total FROM orders o ORDER BY o.customer_id, o.total DESC",
      "SELECT d::date FROM generate_series('2024-01-01'::timestamp, '2024-01-31', '1 day') AS g(d)",
      "SELECT o.id, x.n FROM orders o, LATERAL (SELECT count(*) AS n FROM order_items i WHERE i.order_id = o.id) x",
      "SELECT name FROM customers WHERE name ILIKE 'a%' AND country IN ('DE', 'FR')",
      "SELECT date_trunc('month', now()) AS m, count(*) FROM orders GROUP BY 1",
      "SELECT id FROM orders WHERE total > ALL (SELECT o2.total FROM orders o2 WHERE o2.id < 3)"})
  void acceptsPostgresQueries(String sql) {
    SqlVerdict verdict = guard(SqlDialect.POSTGRESQL, 10).check(sql);

    assertThat(verdict).isInstanceOf(SqlVerdict.Accepted.class);
    assertThat(((SqlVerdict.Accepted) verdict).sql()).endsWith("LIMIT 10)");
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void addsLimitWhenAbsent(SqlDialect dialect) throws SQLException {
    String sql = accepted(guard(dialect, 7), "SELECT id FROM orders");

    assertThat(sql).isEqualTo("(SELECT id FROM orders LIMIT 7)");
    assertThat(rowCount(sql)).isEqualTo(7);
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void lowersLargerLimit(SqlDialect dialect) throws SQLException {
    String sql = accepted(guard(dialect, 5), "SELECT id FROM orders ORDER BY id LIMIT 1000 OFFSET 2");

    assertThat(sql).isEqualTo("(SELECT id FROM orders ORDER BY id LIMIT 5 OFFSET 2)");
    assertThat(rowCount(sql)).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void keepsSmallerLimit(SqlDialect dialect) throws SQLException {
    String sql = accepted(guard(dialect, 50), "SELECT id FROM orders LIMIT 3");

    assertThat(sql).isEqualTo("(SELECT id FROM orders LIMIT 3)");
    assertThat(rowCount(sql)).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void lowersLimitThatIsNotALiteral(SqlDialect dialect) {
    assertThat(accepted(guard(dialect, 4), "SELECT id FROM orders LIMIT ALL")).endsWith("LIMIT 4)");
    assertThat(accepted(guard(dialect, 4), "SELECT id FROM orders LIMIT NULL")).endsWith("LIMIT 4)");
    assertThat(accepted(guard(dialect, 4), "SELECT id FROM orders LIMIT 2 * 100")).endsWith("LIMIT 4)");
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void lowersLargerFetchFirst(SqlDialect dialect) throws SQLException {
    String sql = accepted(guard(dialect, 6), "SELECT id FROM orders ORDER BY id FETCH FIRST 500 ROWS ONLY");

    assertThat(sql).contains("FETCH FIRST 6 ROWS ONLY").doesNotContain("LIMIT");
    assertThat(rowCount(sql)).isEqualTo(6);
  }

  @Test
  void keepsSmallerFetchFirst() throws SQLException {
    String sql = accepted(guard(SqlDialect.H2, 6), "SELECT id FROM orders FETCH FIRST 2 ROWS ONLY");

    assertThat(rowCount(sql)).isEqualTo(2);
  }

  @Test
  void limitsTheWholeSetOperation() throws SQLException {
    String sql = accepted(guard(SqlDialect.H2, 8), "SELECT id FROM orders UNION ALL SELECT qty FROM order_items");

    assertThat(sql).endsWith("LIMIT 8)");
    assertThat(rowCount(sql)).isEqualTo(8);
  }

  @Test
  void refusesUnqualifiedColumnThatCouldResolveToARestrictedOuterTable() {
    SqlVerdict verdict = guard(SqlDialect.H2, 10)
        .check("SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders)");

    assertThat(verdict).isEqualTo(new SqlVerdict.Refused(SqlRefusalReason.COLUMN_NOT_ALLOWED,
        "column 'customer_id' is not allowed for table 'customers' (allowed: country, id, name;"
            + " qualify columns when several tables are in scope)"));
  }

  @Test
  void dropsCommentsFromTheAcceptedSql() {
    String sql = accepted(guard(SqlDialect.POSTGRESQL, 10), "SELECT id /* note */ FROM orders -- tail");

    assertThat(sql).isEqualTo("(SELECT id FROM orders LIMIT 10)");
  }

  @Test
  void matchesUnquotedNamesCaseInsensitivelyAndQuotedExactly() {
    SqlGuard guard = SqlGuard.builder(SqlDialect.POSTGRESQL).allowTable("Orders").build();

    assertThat(guard.check("SELECT * FROM ORDERS").accepted()).isTrue();
    assertThat(guard.check("SELECT * FROM \"Orders\"").accepted()).isTrue();
    assertThat(guard.check("SELECT * FROM \"orders\"")).isInstanceOf(SqlVerdict.Refused.class);
  }

  @Test
  void allowsSchemaQualifiedTableOnlyWithItsSchema() {
    SqlGuard guard = SqlGuard.builder(SqlDialect.POSTGRESQL).allowTable("sales.orders").build();

    assertThat(guard.check("SELECT id FROM sales.orders").accepted()).isTrue();
    assertThat(guard.check("SELECT id FROM orders").accepted()).isFalse();
  }

  @Test
  void builderRejectsInvalidSettings() {
    assertThatThrownBy(() -> SqlGuard.builder(SqlDialect.H2).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowTable");
    assertThatThrownBy(() -> SqlGuard.builder(SqlDialect.H2).maxRows(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRows");
    assertThatThrownBy(() -> SqlGuard.builder(SqlDialect.H2).allowTable("a.b.c"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.table");
    assertThatThrownBy(() -> SqlGuard.builder(SqlDialect.H2).denyFunction(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
  }

  private static String accepted(SqlGuard guard, String sql) {
    SqlVerdict verdict = guard.check(sql);
    assertThat(verdict).isInstanceOf(SqlVerdict.Accepted.class);
    return ((SqlVerdict.Accepted) verdict).sql();
  }

  private static int rowCount(String sql) throws SQLException {
    try (Statement s = h2.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int rows = 0;
      while (rs.next()) {
        rows++;
      }
      return rows;
    }
  }
}
