package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testkit.ScriptedChatModel;
import java.sql.Connection;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A function the schema defines itself is never reached through a built-in's name: on PostgreSQL the schema
 * comes first in the search path, so {@code initcap(x)} would call {@code shop.initcap} if the schema had
 * one; {@link TextToSql} takes such names off the guard's allow-list when it is built. User-defined functions
 * are otherwise refused by name unless allowed explicitly.
 */
class SchemaFunctionsTest {

  @Test
  void aPostgresFunctionShadowingABuiltInIsRefusedByName() throws Exception {
    String url = System.getenv(ShopDatabases.POSTGRES_URL_VARIABLE);
    Assumptions.assumeTrue(url != null && !url.isBlank(), "needs PostgreSQL");
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS quarry_shadow CASCADE");
      statement.execute("CREATE SCHEMA quarry_shadow");
      statement.execute("CREATE TABLE quarry_shadow.notes (body text)");
      statement.execute("INSERT INTO quarry_shadow.notes VALUES ('hello')");
      statement.execute("CREATE FUNCTION quarry_shadow.initcap(text) RETURNS text LANGUAGE sql"
          + " AS 'SELECT ''shadowed'''");
    }
    dataSource.setCurrentSchema("quarry_shadow");

    TextToSql shadowed = TextToSql.builder(dataSource, ScriptedChatModel.builder()
        .reply("SELECT initcap(body) AS b FROM notes").reply("SELECT upper(body) AS b FROM notes").build())
        .allowTables("notes").answer(false).build();
    TextToSqlResult result = shadowed.ask("Notes?");

    assertThat(result.attempts().get(0).verdict()).isInstanceOfSatisfying(SqlVerdict.Refused.class,
        r -> assertThat(r.message()).startsWith("function 'initcap' is not allowed"));
    assertThat(result.rows()).containsExactly(java.util.List.of("HELLO"));
  }

  @Test
  void anH2AliasIsRefusedUnlessAllowedByName() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:schema-functions;DB_CLOSE_DELAY=-1");
    try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE notes (n INT)");
      statement.execute("INSERT INTO notes VALUES (255)");
      statement.execute("CREATE ALIAS HEX_OF FOR 'java.lang.Integer.toHexString'");
    }
    String reply = "SELECT HEX_OF(n) AS h FROM notes";

    TextToSql refusing = TextToSql.builder(h2, ScriptedChatModel.builder().reply(reply).build())
        .allowTables("notes").maxRepairs(0).answer(false).build();
    TextToSql allowing = TextToSql.builder(h2, ScriptedChatModel.builder().reply(reply).build())
        .allowTables("notes").allowFunction("hex_of").answer(false).build();

    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(TextToSqlException.class,
        () -> refusing.ask("Notes?"))).hasMessageContaining("function 'HEX_OF' is not allowed");
    assertThat(allowing.ask("Notes?").rows()).containsExactly(java.util.List.of("ff"));
  }
}
