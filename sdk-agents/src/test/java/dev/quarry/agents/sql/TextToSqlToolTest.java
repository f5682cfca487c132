package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.agents.tool.ToolBox;
import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.testkit.ScriptedChatModel;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@link TextToSql#asTool()} through the {@link ToolBox}, as an agent would call it. */
class TextToSqlToolTest {

  private static DataSource h2() throws SQLException {
    return ShopDatabases.all().get(0).dataSource();
  }

  @Test
  void offersOneQueryDatabaseToolTakingAQuestion() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT 1").build();
    ToolBox tools = ToolBox.of(TextToSql.builder(h2(), model).allowTables("orders").build().asTool());

    ToolSpec spec = tools.specs().get(0);
    assertThat(tools.specs()).hasSize(1);
    assertThat(spec.name()).isEqualTo("query_database");
    assertThat(spec.description()).contains("read-only SQL");
    JsonNode schema = new ObjectMapper().readTree(spec.parametersJsonSchema());
    assertThat(schema.at("/properties/question/type").asText()).isEqualTo("string");
    assertThat(schema.at("/required/0").asText()).isEqualTo("question");
  }

  @Test
  void returnsTheSqlRowsAndAnswerAsJson() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT country, COUNT(*) AS suppliers FROM suppliers GROUP BY country ORDER BY 2 DESC, 1 LIMIT 2")
        .reply("Most suppliers are in ...")
        .build();
    ToolBox tools = ToolBox.of(TextToSql.builder(h2(), model).allowTables("suppliers").build().asTool());

    ToolOutcome outcome = tools.execute(new ToolCall("c1", "query_database",
        "{\"question\": \"Which countries have the most suppliers?\"}"));

    assertThat(outcome.error()).isFalse();
    JsonNode json = new ObjectMapper().readTree(outcome.content());
    assertThat(json.get("sql").asText()).endsWith("LIMIT 2)");
    assertThat(json.get("columns").toString()).isEqualToIgnoringCase("[\"COUNTRY\",\"SUPPLIERS\"]");
    assertThat(json.get("rows")).hasSize(2);
    assertThat(json.at("/rows/0/1").isNumber()).isTrue();
    assertThat(json.get("truncated").asBoolean()).isFalse();
    assertThat(json.get("answer").asText()).isEqualTo("Most suppliers are in ...");
  }

  @Test
  void aFailedQuestionBecomesAToolErrorThatSaysWhy() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT salary FROM staff_salaries")
        .reply("SELECT bank_account FROM staff_salaries")
        .build();
    ToolBox tools = ToolBox.of(TextToSql.builder(h2(), model).allowTables("employees").maxRepairs(1).build()
        .asTool());

    ToolOutcome outcome = tools.execute(new ToolCall("c2", "query_database",
        "{\"question\": \"What do employees earn?\"}"));

    assertThat(outcome.error()).isTrue();
    assertThat(outcome.content()).startsWith("tool 'query_database' failed: TextToSqlException: no query could"
        + " be run after 2 attempts; the last query was refused (TABLE_NOT_ALLOWED)");
  }
}
