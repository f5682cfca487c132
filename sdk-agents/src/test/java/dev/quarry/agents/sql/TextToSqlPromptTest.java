package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testkit.ScriptedChatModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the model is shown: the relevant tables of a large schema, and how its reply is read. */
class TextToSqlPromptTest {

  private static DatabaseSchema shop;
  private static JdbcDataSource large;

  @BeforeAll
  static void readSchemas() throws SQLException {
    try (Connection connection = ShopDatabases.all().get(0).dataSource().getConnection()) {
      shop = SchemaReader.read(connection, Optional.empty(), Map.of());
    }
    large = new JdbcDataSource();
    large.setURL("jdbc:h2:mem:text-to-sql-prompt-test;DB_CLOSE_DELAY=-1");
    try (Connection connection = large.getConnection(); Statement s = connection.createStatement()) {
      for (int i = 0; i < 40; i++) {
        s.execute("CREATE TABLE module" + i + "_records (id INT PRIMARY KEY, label VARCHAR(20))");
      }
      s.execute("CREATE TABLE warehouses (id INT PRIMARY KEY, city VARCHAR(40))");
      s.execute("CREATE TABLE stock_levels (warehouse_id INT REFERENCES warehouses(id), sku VARCHAR(20),"
          + " units INT)");
      s.execute("COMMENT ON TABLE stock_levels IS 'Inventory per warehouse'");
    }
  }

  @Test
  void choosesTheTablesThatShareWordsWithTheQuestion() {
    TableSelector selector = new TableSelector(shop);

    assertThat(names(selector.select("What is the average rating of the reviews per product category?", 3)))
        .containsExactly("categories", "products", "reviews");
    assertThat(names(selector.select("Which suppliers are based in Sweden?", 2))).contains("suppliers");
    assertThat(selector.select("anything", 10)).isEqualTo(shop.tables());
  }

  @Test
  void fillsRemainingRoomWithForeignKeyNeighbours() {
    List<String> chosen = names(new TableSelector(shop).select("Show the ten latest orders", 4));

    assertThat(chosen).hasSize(4).contains("orders");
    assertThat(chosen).allMatch(List.of("orders", "customers", "employees", "order_items", "payments")::contains);
  }

  @Test
  void isDeterministicAndNeverEmpty() {
    TableSelector selector = new TableSelector(shop);

    List<String> first = names(selector.select("zzz qqq", 3));
    assertThat(first).hasSize(3).isEqualTo(names(selector.select("zzz qqq", 3)));
  }

  @Test
  void showsOnlyTheRelevantTablesOfALargeSchema() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT SUM(units) FROM stock_levels").build();
    TextToSql textToSql = TextToSql.builder(large, model).maxPromptTables(2).answer(false).build();

    textToSql.ask("How much inventory does each warehouse hold?");

    String system = TextToSqlTest.text(model.requests().get(0).messages().get(0));
    assertThat(system).contains("CREATE TABLE stock_levels (").contains("CREATE TABLE warehouses (")
        .contains("-- Inventory per warehouse").doesNotContain("module");
    assertThat(textToSql.tables()).hasSize(42);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "SELECT 1|SELECT 1",
      "  SELECT 1 ;  |SELECT 1",
      "SELECT 1;;|SELECT 1",
      "```sql\\nSELECT 1;\\n```|SELECT 1",
      "```\\nSELECT 1\\n```|SELECT 1",
      "Here it is:\\n```SQL\\nSELECT a\\nFROM t\\n```\\nThis counts rows.|SELECT a\\nFROM t",
      "```sql SELECT 1```|SELECT 1",
      "```sql\\nSELECT 1|SELECT 1",
      "```sql\\nSELECT 1\\n```\\n```sql\\nDROP TABLE t\\n```|SELECT 1",
      "Here is the query:\\n\\nSELECT a\\nFROM t;\\n\\nIt lists every a.|SELECT a\\nFROM t",
      "The answer needs a join.\\nWITH x AS (SELECT 1) SELECT * FROM x; This works."
          + "|WITH x AS (SELECT 1) SELECT * FROM x",
      "SELECT 'a; b', \"c;d\" FROM t -- it's; here\\n; Done|SELECT 'a; b', \"c;d\" FROM t -- it's; here",
      "SELECT 1; DROP TABLE t|SELECT 1; DROP TABLE t",
      "SELECT 1;\\n\\ndelete from t|SELECT 1;\\n\\ndelete from t",
      "I cannot answer that.|I cannot answer that.",
      "With the tables given:\\n(Dates are UTC.)\\n\\nWITH RECURSIVE r (n) AS (SELECT 1) SELECT n FROM r"
          + "|WITH RECURSIVE r (n) AS (SELECT 1) SELECT n FROM r",
      "Here:\\n(SELECT 1) UNION (SELECT 2)|(SELECT 1) UNION (SELECT 2)"})
  void takesTheSqlOutOfTheReply(String reply, String sql) {
    assertThat(SqlExtractor.extract(reply.replace("\\n", "\n"))).isEqualTo(sql.replace("\\n", "\n"));
  }

  @Test
  void keepsTheAnswerPromptSmallWhenTheRowsAreWide() {
    List<String> columns = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "column_" + i).toList();
    List<Object> wide = java.util.Collections.nCopies(40, "x".repeat(500));
    QueryRows rows = new QueryRows(columns, java.util.Collections.nCopies(100, wide), true);

    String prompt = SqlPrompts.answerUser("Everything?", "SELECT * FROM t LIMIT 100", rows, true);

    assertThat(prompt).contains("Result: 100 rows (the row limit was reached; more rows may exist), the first"
        + " 1 shown\ncolumn_0 | column_1 |");
    assertThat(prompt.length()).isLessThan(2 * SqlPrompts.MAX_ANSWER_TABLE_CHARS);
    QueryRows narrow = new QueryRows(List.of("n"), java.util.Collections.nCopies(60, List.of(7)), false);
    assertThat(SqlPrompts.answerUser("?", "SELECT", narrow, false)).contains("60 rows, the first 50 shown")
        .endsWith("n\n" + "7\n".repeat(50));
  }

  @Test
  void quotesIdentifiersOnlyWhereNeeded() {
    assertThat(SqlPrompts.identifier("ORDERS", DatabaseSchema.Folding.UPPER)).isEqualTo("orders");
    assertThat(SqlPrompts.identifier("orders", DatabaseSchema.Folding.UPPER)).isEqualTo("\"orders\"");
    assertThat(SqlPrompts.identifier("orders", DatabaseSchema.Folding.LOWER)).isEqualTo("orders");
    assertThat(SqlPrompts.identifier("Orders", DatabaseSchema.Folding.LOWER)).isEqualTo("\"Orders\"");
    assertThat(SqlPrompts.identifier("user", DatabaseSchema.Folding.LOWER)).isEqualTo("\"user\"");
    assertThat(SqlPrompts.identifier("VALUE", DatabaseSchema.Folding.UPPER)).isEqualTo("\"VALUE\"");
    assertThat(SqlPrompts.identifier("my col", DatabaseSchema.Folding.NONE)).isEqualTo("\"my col\"");
    assertThat(SqlPrompts.identifier("a\"b", DatabaseSchema.Folding.NONE)).isEqualTo("\"a\"\"b\"");
  }

  private static List<String> names(List<DatabaseSchema.Table> tables) {
    return tables.stream().map(t -> t.name().toLowerCase()).toList();
  }
}
