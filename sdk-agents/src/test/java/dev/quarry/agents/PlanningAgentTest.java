package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quarry.agents.tool.Param;
import dev.quarry.agents.tool.Tool;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.testkit.ManualClock;
import dev.quarry.testkit.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Plan, execute, synthesise: the happy path, repairs, and the limits. Time limits run on a {@link ManualClock}
 * that Slowtown's weather advances, so no test waits for real time.
 */
class PlanningAgentTest {
  private final ManualClock clock = new ManualClock();

  /**
   * Weather for two cities that answer only together, proving that sub-tasks run concurrently; Slowtown's takes a
   * second of the test's clock and then blocks until it is interrupted.
   */
  class Weather {
    final CyclicBarrier bothCities = new CyclicBarrier(2);
    final AtomicInteger calls = new AtomicInteger();

    @Tool(description = "Today's weather in a city")
    public String weather(@Param(name = "city") String city) throws Exception {
      calls.incrementAndGet();
      if (city.equals("Atlantis")) {
        throw new IllegalArgumentException("no such city: " + city);
      }
      if (city.equals("Slowtown")) {
        clock.advance(Duration.ofSeconds(1));
        new CountDownLatch(1).await();
      }
      bothCities.await(5, TimeUnit.SECONDS);
      return city.equals("Paris") ? "rain, 12°C" : "sun, 24°C";
    }
  }

  private static final String PLAN = """
      {"steps": [
        {"task": "Weather in Paris", "tool": "weather", "arguments": {"city": "Paris"}},
        {"task": "Weather in Rome", "tool": "weather", "arguments": {"city": "Rome"}},
        {"task": "Say which is nicer", "tool": null}]}""";

  private static String text(Message message) {
    return switch (message) {
      case SystemMessage s -> s.text();
      case UserMessage u -> u.text();
      case AssistantMessage a -> a.text();
      default -> message.toString();
    };
  }

  private static ChatResponse withUsage(String text, int tokens) {
    return new ChatResponse(AssistantMessage.of(text), new TokenUsage(tokens, 0), FinishReason.STOP);
  }

  @Test
  void plansExecutesConcurrentlyAndSynthesises() {
    Weather weather = new Weather();
    ScriptedChatModel model = ScriptedChatModel.builder().reply(PLAN).reply("Rome is nicer today.").build();
    List<AgentStep> heard = new ArrayList<>();
    PlanningAgent planner = PlanningAgent.builder(model).tools(weather).listener(heard::add).build();

    AgentResult result = planner.run("Where is the weather nicer today, Paris or Rome?");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.ANSWERED);
    assertThat(result.answer()).contains("Rome is nicer today.");
    assertThat(result.message()).isEqualTo("answered after 2 model calls and 2 tool calls");

    ChatRequest planning = model.requests().get(0);
    assertThat(planning.tools()).isEmpty();
    assertThat(text(planning.messages().get(0)))
        .contains("- weather: Today's weather in a city", "\"city\":{\"type\":\"string\"}", "\"steps\"");
    assertThat(planning.messages().get(1))
        .isEqualTo(new UserMessage("Where is the weather nicer today, Paris or Rome?"));

    ChatRequest synthesis = model.requests().get(1);
    assertThat(synthesis.tools()).isEmpty();
    assertThat(text(synthesis.messages().get(0))).endsWith(ToolResultFence.RULE);
    assertThat(Fenced.withoutFences(text(synthesis.messages().get(1)))).contains(
        "Task: Where is the weather nicer today, Paris or Rome?",
        "1. Weather in Paris\n   Tool weather {\"city\":\"Paris\"} returned:\nrain, 12°C",
        "2. Weather in Rome\n   Tool weather {\"city\":\"Rome\"} returned:\nsun, 24°C",
        "3. Say which is nicer\n   No tool: answer this part yourself.");

    assertThat(result.trace().steps()).extracting(step -> step.getClass().getSimpleName())
        .containsExactly("ModelStep", "ToolStep", "ToolStep", "ModelStep");
    assertThat(result.trace().toolSteps()).extracting(step -> step.call().id())
        .containsExactly("subtask-1", "subtask-2");
    assertThat(heard).isEqualTo(result.trace().steps());
  }

  @Test
  void anInvalidPlanIsSentBackOnceWithItsProblem() {
    Weather weather = new Weather();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("First I will look up the weather in both cities.")
        .reply("```json\n" + PLAN + "\n```")
        .reply("Rome.")
        .build();

    AgentResult result = PlanningAgent.builder(model).tools(weather).build().run("Paris or Rome?");

    assertThat(result.answer()).contains("Rome.");
    List<Message> repair = model.requests().get(1).messages();
    assertThat(repair).hasSize(4);
    assertThat(repair.get(2))
        .isEqualTo(AssistantMessage.of("First I will look up the weather in both cities."));
    assertThat(text(repair.get(3))).isEqualTo("Your plan could not be used: the reply holds no JSON object."
        + " Reply with the corrected plan: one JSON object and nothing else.");
    assertThat(weather.calls).hasValue(2);
  }

  @Test
  void aPlanThatStaysInvalidEndsTheRun() {
    String teleport = "{\"steps\":[{\"task\":\"go\",\"tool\":\"teleport\",\"arguments\":{}}]}";
    ScriptedChatModel model = ScriptedChatModel.builder().reply(teleport).reply(teleport).build();

    AgentResult result = PlanningAgent.builder(model).tools(new Weather()).build().run("Go to Rome");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.PLAN_INVALID);
    assertThat(result.answer()).isEmpty();
    assertThat(result.message()).isEqualTo("stopped: no valid plan after 1 repair round; the last problem:"
        + " step 1 names an unknown tool 'teleport'; available tools: [weather], or null for none");
    assertThat(model.requests()).hasSize(2);
    assertThat(result.trace().toolSteps()).isEmpty();
  }

  @Test
  void withoutRepairRoundsTheFirstInvalidPlanEndsTheRun() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("no plan").build();

    AgentResult result =
        PlanningAgent.builder(model).tools(new Weather()).maxPlanRepairs(0).build().run("Go");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.PLAN_INVALID);
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void failedSubTasksReachTheSynthesisAsErrors() {
    String plan = """
        {"steps": [{"task": "Weather in Atlantis", "tool": "weather", "arguments": {"city": "Atlantis"}},
                   {"task": "Weather in Paris", "tool": "weather", "arguments": {"town": "Paris"}}]}""";
    ScriptedChatModel model =
        ScriptedChatModel.builder().reply(plan).reply("Nothing could be found.").build();

    AgentResult result = PlanningAgent.builder(model).tools(new Weather()).maxToolErrors(5).build().run("Weather?");

    assertThat(result.answer()).contains("Nothing could be found.");
    assertThat(Fenced.withoutFences(text(model.lastRequest().messages().get(1)))).contains(
        "failed:\ntool 'weather' failed: IllegalArgumentException: no such city: Atlantis",
        "failed:\ninvalid arguments for tool 'weather': missing required argument 'city'");
  }

  @Test
  void aSubTaskPastTheToolTimeoutReachesTheSynthesisAsAnError() {
    // Apart from the other failures: a sub-task that finishes at once could look late once Slowtown moves the clock
    String plan = """
        {"steps": [{"task": "Weather in Slowtown", "tool": "weather", "arguments": {"city": "Slowtown"}}]}""";
    ScriptedChatModel model =
        ScriptedChatModel.builder().reply(plan).reply("Nothing could be found.").build();

    AgentResult result = PlanningAgent.builder(model).tools(new Weather())
        .toolTimeout(Duration.ofSeconds(1)).maxToolErrors(5).clock(clock).build().run("Weather?");

    assertThat(result.answer()).contains("Nothing could be found.");
    assertThat(Fenced.withoutFences(text(model.lastRequest().messages().get(1))))
        .contains("failed:\ntool 'weather' timed out after 1s");
  }

  @Test
  void failingToolsInARowEndTheRunBeforeTheSynthesis() {
    String plan = """
        {"steps": [{"task": "a", "tool": "weather", "arguments": {"city": "Atlantis"}},
                   {"task": "b", "tool": "weather", "arguments": {"city": "Atlantis"}}]}""";
    ScriptedChatModel model = ScriptedChatModel.builder().reply(plan).build();

    AgentResult result =
        PlanningAgent.builder(model).tools(new Weather()).maxToolErrors(2).build().run("Weather?");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.TOOL_ERRORS);
    assertThat(model.requests()).hasSize(1);
    assertThat(result.trace().toolSteps()).hasSize(2);
  }

  @Test
  void maxStepsCountsPlanningRepairAndSynthesisCalls() {
    Weather weather = new Weather();
    ScriptedChatModel model = ScriptedChatModel.builder().reply("no plan").reply(PLAN).build();

    AgentResult result = PlanningAgent.builder(model).tools(weather).maxSteps(2).build().run("Go");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.MAX_STEPS);
    assertThat(result.message()).isEqualTo("stopped after 2 model calls without a final answer");
    assertThat(result.trace().modelSteps()).hasSize(2);
    assertThat(weather.calls).as("no tool runs when no synthesis may follow").hasValue(0);
  }

  @Test
  void tokenLimitEndsTheRunBeforeToolsWhoseResultsCouldNotBeUsed() {
    Weather weather = new Weather();
    ScriptedChatModel model = ScriptedChatModel.builder().reply(withUsage(PLAN, 800)).build();

    AgentResult result =
        PlanningAgent.builder(model).tools(weather).maxTotalTokens(500).build().run("Go");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.TOKEN_LIMIT);
    assertThat(weather.calls).hasValue(0);
    assertThat(result.usage().totalTokens()).isEqualTo(800);
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void wallTimeEndsARunWhoseModelNeverAnswers() {
    ScriptedChatModel model = ScriptedChatModel.answering(request -> {
      clock.advance(Duration.ofMillis(300)); // the call takes the whole wall time and still does not answer
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("interrupted");
    });
    PlanningAgent planner = PlanningAgent.builder(model).tools(new Weather())
        .maxWallTime(Duration.ofMillis(300)).clock(clock).build();

    AgentResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> planner.run("Go"));

    assertThat(result.outcome()).isEqualTo(AgentOutcome.WALL_TIME);
  }

  @Test
  void subTasksStoppedByTheWallTimeEndTheRunWithWallTimeNotToolErrors() {
    String plan = """
        {"steps": [{"task": "Weather in Slowtown", "tool": "weather", "arguments": {"city": "Slowtown"}}]}""";
    ScriptedChatModel model = ScriptedChatModel.builder().reply(plan).reply("never asked").build();
    PlanningAgent planner = PlanningAgent.builder(model).tools(new Weather())
        .maxWallTime(Duration.ofSeconds(1)).maxToolErrors(1).clock(clock).build();

    AgentResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> planner.run("Weather?"));

    assertThat(result.outcome()).as(result.message()).isEqualTo(AgentOutcome.WALL_TIME);
    assertThat(result.trace().toolSteps()).extracting(ToolStep::failed).containsExactly(true);
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void aSynthesisWithoutTextFailsTheRun() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("{\"steps\":[{\"task\":\"think\"}]}")
        .replyWithToolCalls(List.of(new ToolCall("c1", "weather", "{}")))
        .build();

    AgentResult result = PlanningAgent.builder(model).tools(new Weather()).build().run("Think");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.MODEL_FAILED);
    assertThat(result.message()).isEqualTo("the synthesis reply held no text, only tool calls");
  }

  @Test
  void samplingOptionsGoOnEveryRequest() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply(PLAN).reply("Rome.").build();
    PlanningAgent.builder(model).tools(new Weather()).temperature(0.2).maxOutputTokens(100).build()
        .run("Paris or Rome?");

    assertThat(model.requests()).hasSize(2).allSatisfy(request -> {
      assertThat(request.temperature()).hasValue(0.2);
      assertThat(request.maxOutputTokens()).hasValue(100);
    });
  }

  @Test
  void rejectsInvalidSettings() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("x").build();
    assertThatThrownBy(() -> PlanningAgent.builder(model).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs tools");
    assertThatThrownBy(() -> PlanningAgent.builder(model).maxSubTasks(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSubTasks must be at least 1, was 0");
    assertThatThrownBy(() -> PlanningAgent.builder(model).maxPlanRepairs(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPlanRepairs");
    assertThatThrownBy(() -> PlanningAgent.builder(model).tools(new Weather()).build().run(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task");
  }
}
