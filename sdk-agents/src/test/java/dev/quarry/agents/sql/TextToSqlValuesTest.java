package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** JDBC values come back as JSON-friendly Java values on every database. */
class TextToSqlValuesTest {

  static List<ShopDatabase> databases() throws SQLException {
    return ShopDatabases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void convertsDatabaseTypesToJsonFriendlyValues(ShopDatabase database) throws Exception {
    boolean postgres = database.dialect() == SqlDialect.POSTGRESQL;
    String sql = "SELECT CAST(7 AS SMALLINT), CAST(1.50 AS DECIMAL(5, 2)), CAST(2.5 AS DOUBLE PRECISION),"
        + " DATE '2024-02-29', TIMESTAMP '2024-02-29 13:45:00', TRUE, CAST(NULL AS INTEGER), 'text',"
        + (postgres ? " CAST('\\x0102' AS BYTEA), ARRAY[1, 2], CAST('NaN' AS DOUBLE PRECISION),"
            + " CAST('2024-02-29 13:45:00+01' AS TIMESTAMPTZ)"
            : " X'0102', ARRAY[1, 2], CAST('NaN' AS DOUBLE PRECISION),"
            + " TIMESTAMP WITH TIME ZONE '2024-02-29 13:45:00+01'");
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(database.dataSource(), database.dialect(),
        schemaOf(database), Duration.ofSeconds(5), TextToSql.DEFAULT_MAX_RESULT_BYTES);

    List<Object> row = runner.query(sql, 1).rows().get(0);

    assertThat(row.subList(0, 11)).containsExactly(7, new BigDecimal("1.50"), 2.5, "2024-02-29",
        "2024-02-29T13:45", true, null, "text", "AQI=", List.of(1, 2), "NaN");
    assertThat(row.get(11)).isIn("2024-02-29T12:45:00Z", "2024-02-29T13:45+01:00");
    assertThat(new ObjectMapper().writeValueAsString(row)).startsWith("[7,1.50,2.5,\"2024-02-29\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void cutsLongTextAndBinaryValuesLikeLargeObjects(ShopDatabase database) throws Exception {
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(database.dataSource(), database.dialect(),
        schemaOf(database), Duration.ofSeconds(5), TextToSql.DEFAULT_MAX_RESULT_BYTES);

    List<Object> row = runner.query(
        "SELECT REPEAT('x', 25000), CAST(REPEAT('y', 25000) AS CLOB)".replace("CLOB",
            database.dialect() == SqlDialect.POSTGRESQL ? "TEXT" : "CLOB"), 1).rows().get(0);

    assertThat(row).containsExactly("x".repeat(JdbcValues.MAX_LOB_CHARS), "y".repeat(JdbcValues.MAX_LOB_CHARS));
    assertThat(Base64.getDecoder().decode((String) JdbcValues.convert(new byte[25_000], "bytea")))
        .hasSize(JdbcValues.MAX_LOB_CHARS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void readsXmlAndJsonAsTheirText(ShopDatabase database) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(database.dialect() == SqlDialect.POSTGRESQL,
        "PostgreSQL types");
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(database.dataSource(), database.dialect(),
        schemaOf(database), Duration.ofSeconds(5), TextToSql.DEFAULT_MAX_RESULT_BYTES);

    List<Object> row = runner.query("SELECT CAST('<a>1</a>' AS XML),"
        + " CAST('{\"a\": 1}' AS JSONB), CAST('[' || REPEAT('1,', 6000) || '1]' AS JSON)", 1).rows().get(0);

    assertThat(row.subList(0, 2)).containsExactly("<a>1</a>", "{\"a\": 1}");
    assertThat((String) row.get(2)).hasSize(JdbcValues.MAX_LOB_CHARS);
  }

  private static String schemaOf(ShopDatabase database) throws SQLException {
    try (var connection = database.dataSource().getConnection()) {
      return connection.getSchema();
    }
  }
}
