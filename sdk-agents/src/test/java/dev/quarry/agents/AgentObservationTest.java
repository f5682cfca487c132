package dev.quarry.agents;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.agents.tool.Param;
import dev.quarry.agents.tool.Tool;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.observation.ObservationNames;
import dev.quarry.observation.ObservedChatModel;
import dev.quarry.observation.PriceTable;
import dev.quarry.testkit.ScriptedChatModel;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** One agent run and a planning run observed through a {@link TestObservationRegistry}. */
class AgentObservationTest {
  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final ConcurrentLinkedQueue<Observation.Context> stopped = new ConcurrentLinkedQueue<>();

  AgentObservationTest() {
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context);
      }
    });
  }

  static class Calculator {
    @Tool(description = "Adds two integers")
    public long add(@Param(name = "a") long a, @Param(name = "b") long b) {
      return a + b;
    }
  }

  private static ChatResponse toolCalls(ToolCall... calls) {
    return new ChatResponse(new AssistantMessage("", List.of(calls)), new TokenUsage(100, 10),
        FinishReason.TOOL_CALLS);
  }

  private ObservedChatModel observed(ScriptedChatModel model) {
    PriceTable prices = PriceTable.builder(Currency.getInstance("EUR"))
        .model("scripted", new BigDecimal("10"), new BigDecimal("10")).build();
    return ObservedChatModel.builder(model, registry).provider("test").model("scripted").prices(prices).build();
  }

  private String parentOf(String contextualName) {
    return stopped.stream().filter(c -> contextualName.equals(c.getContextualName())).findFirst()
        .map(c -> c.getParentObservation().getContextView().getContextualName()).orElseThrow();
  }

  @Test
  void anAgentRunIsObservedWithItsModelAndToolCallsUnderIt() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply(toolCalls(new ToolCall("c1", "add", "{\"a\":2,\"b\":40}"),
            new ToolCall("c2", "rm -rf /; drop table", "{}")))
        .reply(new ChatResponse(AssistantMessage.of("42"), new TokenUsage(150, 5), FinishReason.STOP))
        .build();
    Agent agent = Agent.builder(observed(model)).tools(new Calculator()).observationRegistry(registry).build();

    AgentResult result = agent.run("What is 2 + 40?");

    assertThat(result.answer()).contains("42");
    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(ObservationNames.AGENT_RUN, 1)
        .hasNumberOfObservationsWithNameEqualTo(ObservationNames.MODEL_CALL, 2)
        .hasNumberOfObservationsWithNameEqualTo(ObservationNames.TOOL_CALL, 2)
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.AGENT_RUN)
            .hasLowCardinalityKeyValue("gen_ai.operation.name", "invoke_agent")
            .hasLowCardinalityKeyValue("gen_ai.agent.name", "agent")
            .hasLowCardinalityKeyValue("quarry.outcome", "answered")
            .hasLowCardinalityKeyValue("error.type", "none")
            .hasHighCardinalityKeyValue("quarry.steps", "4")
            .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "250")
            .hasHighCardinalityKeyValue("quarry.cost", "0.00265 EUR")) // 265 tokens at 10 per million
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.TOOL_CALL)
            .hasLowCardinalityKeyValue("gen_ai.operation.name", "execute_tool")
            .hasLowCardinalityKeyValue("gen_ai.tool.name", "add")
            .hasLowCardinalityKeyValue("quarry.outcome", "ok"))
        // a name the model made up is not a tag value: it could be anything
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.TOOL_CALL)
            .hasLowCardinalityKeyValue("gen_ai.tool.name", "unknown")
            .hasLowCardinalityKeyValue("quarry.outcome", "error"));
    assertThat(parentOf("execute_tool add")).isEqualTo("invoke_agent agent");
    assertThat(parentOf("execute_tool unknown")).isEqualTo("invoke_agent agent");
    assertThat(parentOf("chat scripted")).isEqualTo("invoke_agent agent");
  }

  @Test
  void aRunStoppedByALimitIsObservedWithItsOutcome() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply(toolCalls(new ToolCall("c1", "add", "{\"a\":1,\"b\":1}")))
        .build();
    Agent agent = Agent.builder(observed(model)).tools(new Calculator()).maxSteps(1)
        .observationRegistry(registry).build();

    assertThat(agent.run("Loop forever").answered()).isFalse();

    assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.AGENT_RUN)
        .hasLowCardinalityKeyValue("quarry.outcome", "max_steps"));
  }

  @Test
  void aPlanningRunObservesItsConcurrentToolCalls() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("{\"steps\": [{\"task\": \"add\", \"tool\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2}},"
            + " {\"task\": \"add more\", \"tool\": \"add\", \"arguments\": {\"a\": 3, \"b\": 4}}]}")
        .reply("3 and 7")
        .build();
    PlanningAgent agent = PlanningAgent.builder(observed(model)).tools(new Calculator())
        .observationRegistry(registry).build();

    AgentResult result = agent.run("Add 1 and 2, and 3 and 4");

    assertThat(result.answer()).contains("3 and 7");
    assertThat(registry)
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.AGENT_RUN)
            .hasLowCardinalityKeyValue("gen_ai.agent.name", "planning_agent")
            .hasLowCardinalityKeyValue("quarry.outcome", "answered"))
        .hasNumberOfObservationsWithNameEqualTo(ObservationNames.TOOL_CALL, 2);
    assertThat(parentOf("execute_tool add")).isEqualTo("invoke_agent planning_agent");
  }
}
