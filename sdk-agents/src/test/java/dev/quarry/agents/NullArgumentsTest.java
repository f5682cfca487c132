package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.memory.InMemoryChatMemoryStore;
import dev.quarry.api.memory.MessageWindowMemory;
import dev.quarry.api.memory.TokenWindowMemory;
import dev.quarry.agents.sql.SqlAttempt;
import dev.quarry.agents.sql.SqlDialect;
import dev.quarry.agents.sql.SqlGuard;
import dev.quarry.agents.sql.SqlRefusalReason;
import dev.quarry.agents.sql.SqlVerdict;
import dev.quarry.agents.sql.TextToSql;
import dev.quarry.agents.sql.TextToSqlException;
import dev.quarry.agents.sql.TextToSqlResult;
import dev.quarry.agents.sql.TextToSqlTool;
import dev.quarry.agents.tool.RetrieverTool;
import dev.quarry.agents.tool.ToolBox;
import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.testkit.ScriptedChatModel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public builder, factory and record of the module refuses a null argument with an {@link
 * IllegalArgumentException} naming the parameter, never a {@link NullPointerException}.
 */
class NullArgumentsTest {
  private static final ScriptedChatModel MODEL = ScriptedChatModel.builder().reply("ok").build();
  private static final DataSource DATA_SOURCE = new JdbcDataSource();
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final ChatRequest REQUEST = ChatRequest.of(new UserMessage("hi"));
  private static final ToolCall CALL = new ToolCall("c1", "echo", "{}");
  private static final ToolOutcome OUTCOME = new ToolOutcome("c1", "echo", "ok", false, SECOND);
  private static final SqlVerdict ACCEPTED = new SqlVerdict.Accepted("SELECT 1");

  /** A tool box with one tool, for the agents' builders. */
  static final class Echo {
    @dev.quarry.agents.tool.Tool(name = "echo", description = "Echoes its text")
    public String echo(@dev.quarry.agents.tool.Param(name = "text", description = "the text") String text) {
      return text;
    }
  }

  static Stream<Arguments> nullArguments() {
    ToolBox tools = ToolBox.of(new Echo());
    return Stream.of(
        // agents
        refused("Agent.builder(null)", "model", () -> Agent.builder(null)),
        refused("Agent.Builder.tools(null)", "targets", () -> Agent.builder(MODEL).tools((Object[]) null)),
        refused("Agent.Builder.toolBox(null)", "toolBox", () -> Agent.builder(MODEL).toolBox(null)),
        refused("Agent.Builder.systemPrompt(null)", "systemPrompt", () -> Agent.builder(MODEL).systemPrompt(null)),
        refused("Agent.Builder.memory(null)", "memory", () -> Agent.builder(MODEL).memory(null)),
        refused("Agent.Builder.maxWallTime(null)", "maxWallTime", () -> Agent.builder(MODEL).maxWallTime(null)),
        refused("Agent.Builder.toolTimeout(null)", "toolTimeout", () -> Agent.builder(MODEL).toolTimeout(null)),
        refused("Agent.Builder.listener(null)", "listener", () -> Agent.builder(MODEL).listener(null)),
        refused("Agent.run(null)", "userMessage", () -> Agent.builder(MODEL).build().run(null)),
        refused("PlanningAgent.builder(null)", "model", () -> PlanningAgent.builder(null)),
        refused("PlanningAgent.Builder.tools(null)", "targets",
            () -> PlanningAgent.builder(MODEL).tools((Object[]) null)),
        refused("PlanningAgent.Builder.toolBox(null)", "toolBox", () -> PlanningAgent.builder(MODEL).toolBox(null)),
        refused("PlanningAgent.Builder.maxWallTime(null)", "maxWallTime",
            () -> PlanningAgent.builder(MODEL).maxWallTime(null)),
        refused("PlanningAgent.Builder.toolTimeout(null)", "toolTimeout",
            () -> PlanningAgent.builder(MODEL).toolTimeout(null)),
        refused("PlanningAgent.Builder.listener(null)", "listener", () -> PlanningAgent.builder(MODEL).listener(null)),
        refused("PlanningAgent.run(null)", "task", () -> PlanningAgent.builder(MODEL).toolBox(tools).build().run(null)),
        refused("AgentResult(null outcome)", "outcome",
            () -> new AgentResult(null, Optional.empty(), "m", new AgentTrace(List.of(), SECOND), Optional.empty())),
        refused("AgentResult(null trace)", "trace",
            () -> new AgentResult(AgentOutcome.MAX_STEPS, Optional.empty(), "m", null, Optional.empty())),
        refused("AgentTrace(null steps)", "steps", () -> new AgentTrace(null, SECOND)),
        refused("AgentTrace(a null step)", "steps", () -> new AgentTrace(Arrays.asList((AgentStep) null), SECOND)),
        refused("AgentTrace(null duration)", "duration", () -> new AgentTrace(List.of(), null)),
        refused("ModelStep(null request)", "request",
            () -> new ModelStep(1, null, MODEL.chat(REQUEST), SECOND)),
        refused("ModelStep(null response)", "response", () -> new ModelStep(1, REQUEST, null, SECOND)),
        refused("FailedModelStep(null failure)", "failure", () -> new FailedModelStep(1, REQUEST, null, SECOND)),
        refused("ToolStep(null call)", "call", () -> new ToolStep(1, null, OUTCOME)),
        refused("ToolStep(null outcome)", "outcome", () -> new ToolStep(1, CALL, null)),
        // tools
        refused("ToolBox.of(null)", "targets", () -> ToolBox.of((Object[]) null)),
        refused("ToolBox.execute(null)", "call", () -> tools.execute(null)),
        refused("ToolOutcome(null content)", "content", () -> new ToolOutcome("c1", "echo", null, false, SECOND)),
        refused("ToolOutcome(null duration)", "duration", () -> new ToolOutcome("c1", "echo", "ok", false, null)),
        refused("RetrieverTool.builder(null)", "retriever", () -> RetrieverTool.builder(null)),
        // memory
        refused("MessageWindowMemory.builder(null, 5)", "memory id", () -> MessageWindowMemory.builder(null, 5)),
        refused("MessageWindowMemory.Builder.store(null)", "store",
            () -> MessageWindowMemory.builder("m", 5).store(null)),
        refused("MessageWindowMemory.add(null)", "message", () -> MessageWindowMemory.builder("m", 5).build().add(null)),
        refused("TokenWindowMemory.builder(null counter)", "token counter",
            () -> TokenWindowMemory.builder("m", 100, null)),
        refused("InMemoryChatMemoryStore.load(null)", "memory id", () -> new InMemoryChatMemoryStore().load(null)),
        refused("InMemoryChatMemoryStore.save(null messages)", "messages",
            () -> new InMemoryChatMemoryStore().save("m", null)),
        // text-to-SQL
        refused("TextToSql.builder(null, model)", "dataSource", () -> TextToSql.builder(null, MODEL)),
        refused("TextToSql.builder(dataSource, null)", "model", () -> TextToSql.builder(DATA_SOURCE, null)),
        refused("TextToSql.Builder.dialect(null)", "dialect", () -> TextToSql.builder(DATA_SOURCE, MODEL).dialect(null)),
        refused("TextToSql.Builder.schema(null)", "schema", () -> TextToSql.builder(DATA_SOURCE, MODEL).schema(null)),
        refused("TextToSql.Builder.allowTables(null)", "tables",
            () -> TextToSql.builder(DATA_SOURCE, MODEL).allowTables((String[]) null)),
        refused("TextToSql.Builder.allowTable(null, columns)", "table",
            () -> TextToSql.builder(DATA_SOURCE, MODEL).allowTable(null, java.util.Set.of())),
        refused("TextToSql.Builder.allowTable(table, null)", "columns",
            () -> TextToSql.builder(DATA_SOURCE, MODEL).allowTable("t", null)),
        refused("TextToSql.Builder.statementTimeout(null)", "statementTimeout",
            () -> TextToSql.builder(DATA_SOURCE, MODEL).statementTimeout(null)),
        refused("TextToSql.Builder.denyFunction(null)", "function name",
            () -> TextToSql.builder(DATA_SOURCE, MODEL).denyFunction(null)),
        refused("TextToSql.Builder.allowFunction(null)", "function name",
            () -> TextToSql.builder(DATA_SOURCE, MODEL).allowFunction(null)),
        refused("SqlGuard.builder(null)", "dialect", () -> SqlGuard.builder(null)),
        refused("SqlGuard.Builder.allowTable(null)", "table", () -> SqlGuard.builder(SqlDialect.H2).allowTable(null)),
        refused("SqlGuard.Builder.allowTable(table, null)", "columns",
            () -> SqlGuard.builder(SqlDialect.H2).allowTable("t", null)),
        refused("SqlGuard.Builder.denyFunction(null)", "function name",
            () -> SqlGuard.builder(SqlDialect.H2).denyFunction(null)),
        refused("SqlVerdict.Accepted(null)", "sql", () -> new SqlVerdict.Accepted(null)),
        refused("SqlVerdict.Refused(null reason)", "reason", () -> new SqlVerdict.Refused(null, "m")),
        refused("SqlVerdict.Refused(null message)", "message",
            () -> new SqlVerdict.Refused(SqlRefusalReason.UNPARSEABLE, null)),
        refused("SqlAttempt(null verdict)", "verdict", () -> new SqlAttempt("s", null, Optional.empty(), SECOND)),
        refused("SqlAttempt(null duration)", "duration", () -> new SqlAttempt("s", ACCEPTED, Optional.empty(), null)),
        refused("TextToSqlResult(null columns)", "columns",
            () -> new TextToSqlResult("q", "s", null, List.of(), false, Optional.empty(), List.of(), TokenUsage.ZERO)),
        refused("TextToSqlResult(null rows)", "rows",
            () -> new TextToSqlResult("q", "s", List.of(), null, false, Optional.empty(), List.of(), TokenUsage.ZERO)),
        refused("TextToSqlResult(null attempts)", "attempts",
            () -> new TextToSqlResult("q", "s", List.of(), List.of(), false, Optional.empty(), null, TokenUsage.ZERO)),
        refused("TextToSqlResult(null usage)", "usage",
            () -> new TextToSqlResult("q", "s", List.of(), List.of(), false, Optional.empty(), List.of(), null)),
        refused("TextToSqlTool.Result(null columns)", "columns",
            () -> new TextToSqlTool.Result("s", null, List.of(), false, null)),
        refused("TextToSqlTool.Result(null rows)", "rows",
            () -> new TextToSqlTool.Result("s", List.of(), null, false, null)),
        refused("TextToSqlException(null attempts)", "attempts", () -> new TextToSqlException("m", null)));
  }

  private static Arguments refused(String call, String parameter, ThrowingCallable callable) {
    return Arguments.of(call, parameter, callable);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullArguments")
  void aNullArgumentIsAnIllegalArgumentNamingIt(String call, String parameter, ThrowingCallable callable) {
    assertThatThrownBy(callable)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(parameter);
  }
}
