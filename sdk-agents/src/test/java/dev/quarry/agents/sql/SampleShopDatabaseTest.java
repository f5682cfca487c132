package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import dev.quarry.samples.SampleShopDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample shop fixture holds the same data on every database, and its checksums notice changes. */
class SampleShopDatabaseTest {

  static List<ShopDatabase> databases() throws SQLException {
    return ShopDatabases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void holdsTenRelatedTablesWithSeededRows(ShopDatabase database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      Map<String, String> sums = SampleShopDatabase.checksums(connection);
      assertThat(sums.keySet()).containsExactlyInAnyOrder("categories", "suppliers", "products", "customers",
          "employees", "orders", "order_items", "payments", "reviews", "staff_salaries");
      assertThat(sums.get("orders")).startsWith(SampleShopDatabase.ORDERS + ":");
      assertThat(scalar(connection, "SELECT COUNT(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id"
          + " JOIN products p ON p.id = oi.product_id JOIN categories c ON c.id = p.category_id"))
          .isEqualTo(scalar(connection, "SELECT COUNT(*) FROM order_items")).isGreaterThan(1_000);
      assertThat(scalar(connection, "SELECT COUNT(*) FROM payments p JOIN orders o ON o.id = p.order_id"
          + " WHERE o.status = 'cancelled'")).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void sameRowsOnEveryDatabase(ShopDatabase database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      // A fingerprint of the generated data that does not depend on how a database prints its values.
      assertThat(scalar(connection, "SELECT SUM(quantity * product_id) FROM order_items"))
          .isEqualTo(reference("SELECT SUM(quantity * product_id) FROM order_items"));
      assertThat(scalar(connection, "SELECT SUM(CAST(amount * 100 AS BIGINT)) FROM payments"))
          .isEqualTo(reference("SELECT SUM(CAST(amount * 100 AS BIGINT)) FROM payments"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void checksumsChangeWithAnyWriteAndComeBackAfterRollback(ShopDatabase database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      Map<String, String> before = SampleShopDatabase.checksums(connection);
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE products SET stock = stock + 1 WHERE id = 7");
        assertThat(SampleShopDatabase.checksums(connection)).isNotEqualTo(before)
            .containsEntry("orders", before.get("orders"));
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      assertThat(SampleShopDatabase.checksums(connection)).isEqualTo(before);
    }
  }

  @org.junit.jupiter.api.Test
  void checksumsOnlyTheTablesOfTheCurrentSchema() throws SQLException {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:sample-shop-checksum-schemas;DB_CLOSE_DELAY=-1");
    try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA shop_a");
      statement.execute("CREATE SCHEMA shopxa"); // matched by the LIKE pattern SHOP_A
      statement.execute("CREATE TABLE shop_a.mine (id INT)");
      statement.execute("CREATE TABLE shopxa.other (id INT)");
      connection.setSchema("SHOP_A");

      assertThat(SampleShopDatabase.checksums(connection)).containsOnlyKeys("mine");
    }
  }

  /** The value on the first database (H2), which every other database must match. */
  private static long reference(String sql) throws SQLException {
    try (Connection h2 = ShopDatabases.all().get(0).dataSource().getConnection()) {
      return scalar(h2, sql);
    }
  }

  private static long scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
