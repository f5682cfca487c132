package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading the allow-listed schema from JDBC metadata, on the sample shop and on a small H2 schema. */
class SchemaReaderTest {

  private static JdbcDataSource small;

  static List<ShopDatabase> databases() throws SQLException {
    return ShopDatabases.all();
  }

  @BeforeAll
  static void createSmallSchema() throws SQLException {
    small = new JdbcDataSource();
    small.setURL("jdbc:h2:mem:schema-reader-test;DB_CLOSE_DELAY=-1");
    try (Connection connection = small.getConnection(); Statement s = connection.createStatement()) {
      s.execute("CREATE SCHEMA sales");
      s.execute("CREATE TABLE sales.regions (code CHAR(2), name VARCHAR(40) NOT NULL, PRIMARY KEY (code))");
      s.execute("CREATE TABLE sales.shops (region CHAR(2), shop_no INT, city VARCHAR(40),"
          + " \"Value\" INT, PRIMARY KEY (region, shop_no),"
          + " FOREIGN KEY (region) REFERENCES sales.regions(code))");
      s.execute("CREATE TABLE sales.visits (id INT PRIMARY KEY, region CHAR(2), shop_no INT, visited DATE,"
          + " FOREIGN KEY (region, shop_no) REFERENCES sales.shops(region, shop_no))");
      s.execute("CREATE TABLE sales.\"notes\" (id INT PRIMARY KEY, body VARCHAR(100))");
      s.execute("CREATE TABLE sales.\"NOTES\" (id INT PRIMARY KEY, secret VARCHAR(100))");
      s.execute("COMMENT ON TABLE sales.shops IS 'Our shops,\n one row each'");
      s.execute("INSERT INTO sales.regions VALUES ('DE', 'Germany'), ('FR', 'France'), ('IT', 'Italy')");
      s.execute("INSERT INTO sales.shops VALUES ('DE', 1, 'Berlin', 1), ('DE', 2, 'Bonn', 2),"
          + " ('FR', 1, 'Lyon', 3)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void readsTablesColumnsKeysAndComments(ShopDatabase database) throws SQLException {
    DatabaseSchema schema = read(database, Map.of());

    assertThat(schema.tables()).extracting(t -> t.name().toLowerCase()).containsExactly("categories",
        "customers", "employees", "order_items", "orders", "payments", "products", "reviews", "staff_salaries",
        "suppliers");
    DatabaseSchema.Table products = table(schema, "products");
    assertThat(products.remarks()).isEqualTo("Everything the shop sells");
    assertThat(products.primaryKey()).extracting(String::toLowerCase).containsExactly("id");
    DatabaseSchema.Column price = column(products, "unit_price");
    assertThat(price.remarks()).isEqualTo("Current list price in euros");
    assertThat(price.type()).endsWith("(10,2)");
    assertThat(price.nullable()).isFalse();
    assertThat(price.text()).isFalse();
    assertThat(column(products, "name").text()).isTrue();
    assertThat(products.foreignKeys()).extracting(k -> k.targetTable().toLowerCase())
        .containsExactlyInAnyOrder("categories", "suppliers");
    assertThat(table(schema, "order_items").primaryKey()).extracting(String::toLowerCase)
        .containsExactly("order_id", "product_id");
    DatabaseSchema.ForeignKey manager = table(schema, "employees").foreignKeys().get(0);
    assertThat(manager.columns()).extracting(String::toLowerCase).containsExactly("manager_id");
    assertThat(manager.targetTable()).isEqualToIgnoringCase("employees");
    assertThat(column(table(schema, "orders"), "shipped_on").nullable()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void keepsOnlyAllowedTablesColumnsAndTheKeysBetweenThem(ShopDatabase database) throws SQLException {
    Map<String, Set<String>> allow = new LinkedHashMap<>();
    allow.put("ORDERS", Set.of());
    allow.put("customers", Set.of("id", "COUNTRY"));
    allow.put("Order_Items", Set.of("order_id", "quantity"));

    DatabaseSchema schema = read(database, allow);

    assertThat(schema.tables()).extracting(t -> t.name().toLowerCase())
        .containsExactly("customers", "order_items", "orders");
    DatabaseSchema.Table customers = table(schema, "customers");
    assertThat(customers.allColumns()).isFalse();
    assertThat(customers.columns()).extracting(c -> c.name().toLowerCase()).containsExactly("id", "country");
    assertThat(table(schema, "orders").allColumns()).isTrue();
    assertThat(table(schema, "orders").foreignKeys()).extracting(k -> k.targetTable().toLowerCase())
        .containsExactly("customers"); // employees is not allowed
    assertThat(table(schema, "order_items").primaryKey()).isEmpty(); // product_id is hidden
    assertThat(table(schema, "order_items").foreignKeys()).extracting(k -> k.targetTable().toLowerCase())
        .containsExactly("orders");
  }

  @Test
  void readsCompositeForeignKeysCommentsAndAnotherSchema() throws SQLException {
    DatabaseSchema schema = readSmall(Optional.of("sales"), Map.of("regions", Set.of(), "shops", Set.of(),
        "visits", Set.of()));

    assertThat(schema.schema()).isEqualTo("SALES");
    assertThat(schema.folding()).isEqualTo(DatabaseSchema.Folding.UPPER);
    DatabaseSchema.Table shops = schema.table("SHOPS").orElseThrow();
    assertThat(shops.remarks()).isEqualTo("Our shops, one row each");
    assertThat(shops.primaryKey()).containsExactly("REGION", "SHOP_NO");
    assertThat(shops.columns()).extracting(DatabaseSchema.Column::name)
        .containsExactly("REGION", "SHOP_NO", "CITY", "Value");
    assertThat(shops.columns().get(0).type()).isEqualTo("CHARACTER(2)");
    DatabaseSchema.ForeignKey key = schema.table("VISITS").orElseThrow().foreignKeys().get(0);
    assertThat(key.columns()).containsExactly("REGION", "SHOP_NO");
    assertThat(key.targetTable()).isEqualTo("SHOPS");
    assertThat(key.targetColumns()).containsExactly("REGION", "SHOP_NO");
  }

  @Test
  void rendersTheSchemaAsCompactCreateTableLines() throws SQLException {
    DatabaseSchema schema = readSmall(Optional.of("SALES"), Map.of("regions", Set.of(), "shops", Set.of()));

    String prompt = SqlPrompts.generation(SqlDialect.H2, schema.folding(), schema.tables(), 25);

    assertThat(prompt).contains("""
        -- Our shops, one row each
        CREATE TABLE shops (
          region CHARACTER(2) NOT NULL,
          shop_no INTEGER NOT NULL,
          city CHARACTER VARYING(40),
          "Value" INTEGER,
          PRIMARY KEY (region, shop_no),
          FOREIGN KEY (region) REFERENCES regions (code)
        );
        """);
    assertThat(prompt).contains("H2").contains("At most 25 rows").contains("DATEADD").contains("ILIKE")
        .contains("reply with SELECT 'cannot answer: <why>' AS error");
    assertThat(SqlPrompts.generation(SqlDialect.POSTGRESQL, DatabaseSchema.Folding.LOWER, List.of(), 10))
        .contains("PostgreSQL").contains("ILIKE");
  }

  @Test
  void readsSampleValuesOfAllowedTextColumnsOnly() throws Exception {
    DatabaseSchema schema = readSmall(Optional.of("sales"), Map.of("regions", Set.of("code", "name"),
        "shops", Set.of("region", "shop_no", "city")));
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(small, SqlDialect.H2, "SALES", Duration.ofSeconds(5),
        TextToSql.DEFAULT_MAX_RESULT_BYTES);

    DatabaseSchema sampled = SampleReader.withSamples(schema, runner, 2);

    DatabaseSchema.Table regions = sampled.table("REGIONS").orElseThrow();
    assertThat(regions.column("NAME").orElseThrow().samples()).containsExactly("France", "Germany");
    assertThat(regions.column("CODE").orElseThrow().samples()).containsExactly("DE", "FR");
    DatabaseSchema.Table shops = sampled.table("SHOPS").orElseThrow();
    assertThat(shops.column("CITY").orElseThrow().samples()).containsExactly("Berlin", "Bonn");
    assertThat(shops.column("SHOP_NO").orElseThrow().samples()).isEmpty(); // not text
    assertThat(shops.column("Value")).isEmpty(); // not allowed
    assertThat(SqlPrompts.generation(SqlDialect.H2, sampled.folding(), sampled.tables(), 10))
        .contains("city CHARACTER VARYING(40), -- e.g. 'Berlin', 'Bonn'");
  }

  @Test
  void samplesABoundedNumberOfRowsSoThatHugeTablesCostNoMore() throws Exception {
    try (Connection connection = small.getConnection(); Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE sales.events (id INT PRIMARY KEY, kind VARCHAR(10))");
      s.execute("INSERT INTO sales.events SELECT X, 'common' FROM SYSTEM_RANGE(1, " + SampleReader.SCANNED_ROWS
          + ")");
      s.execute("INSERT INTO sales.events VALUES (" + (SampleReader.SCANNED_ROWS + 1) + ", 'rare')");
    }
    DatabaseSchema schema = readSmall(Optional.of("sales"), Map.of("events", Set.of()));
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(small, SqlDialect.H2, "SALES", Duration.ofSeconds(5),
        TextToSql.DEFAULT_MAX_RESULT_BYTES);

    DatabaseSchema sampled = SampleReader.withSamples(schema, runner, 5);

    assertThat(sampled.table("EVENTS").orElseThrow().column("KIND").orElseThrow().samples())
        .containsExactly("common"); // 'rare' is past the rows read
  }

  @Test
  void rejectsUnknownNamesAndAllowListsTheGuardCouldNotEnforce() {
    assertThatThrownBy(() -> readSmall(Optional.of("sales"), Map.of("nowhere", Set.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table 'nowhere' does not exist")
        .hasMessageContaining("REGIONS");
    assertThatThrownBy(() -> readSmall(Optional.of("sales"), Map.of("regions", Set.of("colour"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'colour' does not exist");
    assertThatThrownBy(() -> readSmall(Optional.of("nope"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema 'nope' does not exist");
    assertThatThrownBy(() -> readSmall(Optional.of("sales"), Map.of("notes", Set.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'notes' is allowed but 'NOTES' is not");
  }

  private static DatabaseSchema read(ShopDatabase database, Map<String, Set<String>> allow) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      return SchemaReader.read(connection, Optional.empty(), allow);
    }
  }

  private static DatabaseSchema readSmall(Optional<String> schema, Map<String, Set<String>> allow)
      throws SQLException {
    try (Connection connection = small.getConnection()) {
      return SchemaReader.read(connection, schema, allow);
    }
  }

  private static DatabaseSchema.Table table(DatabaseSchema schema, String name) {
    return schema.tables().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElseThrow();
  }

  private static DatabaseSchema.Column column(DatabaseSchema.Table table, String name) {
    return table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElseThrow();
  }
}
