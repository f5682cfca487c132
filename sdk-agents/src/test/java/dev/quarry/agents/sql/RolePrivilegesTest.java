package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.agents.sql.ShopDatabases.Access;
import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import dev.quarry.samples.SampleShopDatabase;
import dev.quarry.testkit.ScriptedChatModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TextToSql} checks at build time what the connection's role could do beyond reading the allowed
 * tables and columns, warns about it, and refuses to build with {@code requireLeastPrivilege(true)}.
 */
class RolePrivilegesTest {

  static Stream<ShopDatabase> databases() throws SQLException {
    return ShopDatabases.everyAccess().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void findsWhatTheRoleCouldDoBeyondReadingTheAllowedColumns(ShopDatabase database) {
    List<String> findings = assistant(database).build().privilegeFindings();

    switch (database.access()) {
      case SUPERUSER -> assertThat(findings).singleElement().asString().contains("superuser");
      case OWNER -> {
        if (database.dialect() == SqlDialect.H2) {
          assertThat(findings).singleElement().asString().contains("admin").contains("CREATE ALIAS");
        } else {
          assertThat(String.join("\n", findings)).contains("default_transaction_read_only")
              .contains("owns or may write tables").contains("staff_salaries").contains("hidden columns")
              .contains("CREATE");
        }
      }
      case READER -> {
        if (database.dialect() == SqlDialect.H2) { // H2 cannot grant columns: the one thing it cannot enforce
          assertThat(findings).singleElement().asString().containsIgnoringCase("customers")
              .contains("no column privileges");
        } else {
          assertThat(findings).isEmpty();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void requiringLeastPrivilegeRefusesEveryRoleButTheLeastPrivilegedOne(ShopDatabase database) {
    TextToSql.Builder builder = assistant(database).requireLeastPrivilege(true);

    if (database.access() == Access.READER && database.dialect() == SqlDialect.POSTGRESQL) {
      assertThat(builder.build().privilegeFindings()).isEmpty();
    } else {
      assertThatThrownBy(builder::build).isInstanceOf(TextToSqlException.class)
          .hasMessageContaining("least privilege is required");
    }
  }

  @Test
  void anH2UserWithSelectOnTheAllowedTablesOnlyHasNoFindings() throws Exception {
    JdbcDataSource admin = new JdbcDataSource();
    admin.setURL("jdbc:h2:mem:privileges-clean;DB_CLOSE_DELAY=-1");
    try (Connection connection = admin.getConnection()) {
      SampleShopDatabase.create(connection);
      Map<String, Set<String>> tables = new LinkedHashMap<>();
      tables.put("orders", Set.of());
      tables.put("order_items", Set.of());
      SampleShopDatabase.createReadOnlyUser(connection, "order_reader", "pw", tables);
    }
    JdbcDataSource reader = new JdbcDataSource();
    reader.setURL("jdbc:h2:mem:privileges-clean");
    reader.setUser("order_reader");
    reader.setPassword("pw");

    TextToSql textToSql = TextToSql.builder(reader, ScriptedChatModel.builder().reply("SELECT 1").build())
        .allowTables("orders", "order_items").requireLeastPrivilege(true).build();

    assertThat(textToSql.privilegeFindings()).isEmpty();
  }

  private static TextToSql.Builder assistant(ShopDatabase database) {
    TextToSql.Builder builder = TextToSql.builder(database.dataSource(),
        ScriptedChatModel.builder().reply("SELECT 1").build())
        .dialect(database.dialect());
    ShopDatabases.assistantTables().forEach(builder::allowTable);
    return builder;
  }
}
