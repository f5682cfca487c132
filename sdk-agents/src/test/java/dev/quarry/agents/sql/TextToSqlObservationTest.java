package dev.quarry.agents.sql;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

import dev.quarry.observation.ObservationNames;
import dev.quarry.samples.SampleShopDatabase;
import dev.quarry.testkit.ScriptedChatModel;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

/** Each query of a text-to-SQL question observed through a {@link TestObservationRegistry}. */
class TextToSqlObservationTest {
  private final TestObservationRegistry registry = TestObservationRegistry.create();

  @Test
  void textToSqlObservesEveryQueryWithTheGuardsVerdict() throws Exception {
    ShopDatabases.ShopDatabase h2 = ShopDatabases.all().get(0);
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("DELETE FROM orders")
        .reply("SELECT name FROM categories ORDER BY name")
        .reply("Here are the categories.")
        .build();
    TextToSql sql = TextToSql.builder(h2.dataSource(), model)
        .allowTables(SampleShopDatabase.PUBLIC_TABLES.toArray(String[]::new))
        .observationRegistry(registry)
        .build();

    sql.ask("Which categories are there?");

    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(ObservationNames.SQL_QUERY, 2)
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.SQL_QUERY)
            .hasLowCardinalityKeyValue("quarry.sql.verdict", "refused")
            .hasLowCardinalityKeyValue("db.system.name", "h2"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.SQL_QUERY)
            .hasLowCardinalityKeyValue("quarry.sql.verdict", "accepted")
            .hasLowCardinalityKeyValue("db.operation.name", "SELECT")
            .hasLowCardinalityKeyValue("error.type", "none"));
  }
}
