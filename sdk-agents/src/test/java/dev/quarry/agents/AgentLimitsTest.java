package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quarry.agents.tool.Param;
import dev.quarry.agents.tool.Tool;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.testkit.ManualClock;
import dev.quarry.testkit.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every limit ends a run with its own outcome, never a hang. Time limits run on a {@link ManualClock}: a model or
 * tool that "takes" time advances it, then blocks until the run abandons it, so no test waits for real time.
 */
class AgentLimitsTest {
  private static final Duration SAFETY_NET = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();

  static class Counter {
    final AtomicInteger calls = new AtomicInteger();

    @Tool(description = "Counts")
    public int count() {
      return calls.incrementAndGet();
    }

    @Tool(description = "Always fails")
    public int broken(@Param(name = "why") String why) {
      throw new IllegalStateException(why);
    }
  }

  /** A tool that takes a second of the test's clock, then blocks until it is interrupted. */
  static class Stuck {
    final ManualClock clock;

    Stuck(ManualClock clock) {
      this.clock = clock;
    }

    @Tool(description = "Takes a second, then blocks until interrupted")
    public String stuck() throws InterruptedException {
      clock.advance(Duration.ofSeconds(1));
      blockUntilInterrupted();
      return "woke";
    }
  }

  /** Waits until the thread is interrupted; never returns normally. */
  static void blockUntilInterrupted() throws InterruptedException {
    new CountDownLatch(1).await();
  }

  private static ChatResponse toolCalls(String name, String json, int tokens) {
    AssistantMessage message =
        new AssistantMessage("", List.of(new ToolCall("c-" + tokens, name, json.replace('\'', '"'))));
    return new ChatResponse(message, new TokenUsage(tokens, 0), FinishReason.TOOL_CALLS);
  }

  @Test
  void maxStepsEndsARunThatNeverAnswers() {
    Counter counter = new Counter();
    ScriptedChatModel model = ScriptedChatModel.answering(request -> toolCalls("count", "{}", 1));

    AgentResult result = Agent.builder(model).tools(counter).maxSteps(3).build().run("count forever");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.MAX_STEPS);
    assertThat(result.answer()).isEmpty();
    assertThat(result.message()).isEqualTo("stopped after 3 model calls without a final answer");
    assertThat(model.requests()).hasSize(3);
    assertThat(counter.calls).hasValue(2); // the third reply's tools would never reach the model
    assertThat(result.trace().modelSteps()).hasSize(3);
    assertThat(result.trace().toolSteps()).hasSize(2);
  }

  @Test
  void wallTimeEndsARunWhoseModelNeverAnswers() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    ScriptedChatModel model = ScriptedChatModel.answering(request -> {
      clock.advance(Duration.ofMillis(300)); // the call takes the whole wall time and still does not answer
      try {
        blockUntilInterrupted();
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      throw new IllegalStateException("interrupted");
    });
    Agent agent = Agent.builder(model).maxWallTime(Duration.ofMillis(300)).clock(clock).build();

    AgentResult result = assertTimeoutPreemptively(SAFETY_NET, () -> agent.run("hello?"));

    assertThat(result.outcome()).isEqualTo(AgentOutcome.WALL_TIME);
    assertThat(result.message()).startsWith("stopped: the wall time of 300ms ran out");
    assertThat(result.trace().duration()).isEqualTo(Duration.ofMillis(300));
    assertThat(result.trace().steps()).singleElement().isInstanceOfSatisfying(FailedModelStep.class,
        step -> assertThat(step.failure()).isEqualTo("abandoned when the wall time ran out"));
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void wallTimeBoundsToolsTooWhateverTheirTimeout() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(new ToolCall("c1", "stuck", "{}")))
        .reply("never asked")
        .build();
    Agent agent = Agent.builder(model).tools(new Stuck(clock)).maxWallTime(Duration.ofSeconds(1))
        .toolTimeout(Duration.ofMinutes(5)).clock(clock).build();

    AgentResult result = assertTimeoutPreemptively(SAFETY_NET, () -> agent.run("get stuck"));

    assertThat(result.outcome()).isEqualTo(AgentOutcome.WALL_TIME);
    assertThat(model.requests()).hasSize(1);
    ToolStep step = result.trace().toolSteps().getFirst();
    assertThat(step.failed()).isTrue();
    assertThat(step.outcome().content()).isEqualTo("tool 'stuck' was stopped: the run's wall time ran out");
    assertThat(step.outcome().duration()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void toolsStoppedByTheWallTimeEndTheRunWithWallTimeNotToolErrors() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(new ToolCall("c1", "stuck", "{}"), new ToolCall("c2", "stuck", "{}")))
        .reply("never asked")
        .build();
    Agent agent = Agent.builder(model).tools(new Stuck(clock)).maxWallTime(Duration.ofSeconds(1))
        .maxToolErrors(2).clock(clock).build();

    AgentResult result = assertTimeoutPreemptively(SAFETY_NET, () -> agent.run("get stuck twice"));

    assertThat(result.outcome()).as(result.message()).isEqualTo(AgentOutcome.WALL_TIME);
    assertThat(result.message()).startsWith("stopped: the wall time of 1s ran out after 1 model call and 2");
    assertThat(result.trace().toolSteps()).hasSize(2).allMatch(ToolStep::failed);
  }

  @Test
  void hugeDurationsAreAcceptedWithoutOverflow() {
    Counter counter = new Counter();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(new ToolCall("c1", "count", "{}")))
        .reply("counted")
        .build();
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    Agent agent = Agent.builder(model).tools(counter).maxWallTime(forever).toolTimeout(forever).build();

    AgentResult result = assertTimeoutPreemptively(SAFETY_NET, () -> agent.run("count once"));

    assertThat(result.answer()).contains("counted");
    assertThat(result.trace().toolSteps()).extracting(ToolStep::failed).containsExactly(false);
  }

  @Test
  void tokenLimitEndsTheRunAndSkipsTheToolsOfTheReplyThatCrossedIt() {
    Counter counter = new Counter();
    ScriptedChatModel model = ScriptedChatModel.answering(request -> toolCalls("count", "{}", 600));

    AgentResult result = Agent.builder(model).tools(counter).maxTotalTokens(1000).build().run("count");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.TOKEN_LIMIT);
    assertThat(result.message()).isEqualTo("stopped: 1200 tokens used, the budget was 1000");
    assertThat(result.usage().totalTokens()).isEqualTo(1200);
    assertThat(model.requests()).hasSize(2);
    assertThat(counter.calls).hasValue(1);
  }

  @Test
  void aFinalAnswerIsKeptEvenIfItsCallCrossedTheTokenLimit() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply(new ChatResponse(
            AssistantMessage.of("long answer"), new TokenUsage(900, 300), FinishReason.STOP))
        .build();

    AgentResult result = Agent.builder(model).maxTotalTokens(1000).build().run("tell me everything");

    assertThat(result.answer()).contains("long answer");
  }

  @Test
  void maxToolErrorsEndsARunWhoseToolsKeepFailing() {
    ScriptedChatModel model =
        ScriptedChatModel.answering(request -> toolCalls("broken", "{'why':'disk full'}", 1));

    AgentResult result = Agent.builder(model).tools(new Counter()).maxToolErrors(2).build().run("go");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.TOOL_ERRORS);
    assertThat(result.message()).isEqualTo("stopped after 2 failing tool calls in a row; the last: tool"
        + " 'broken' failed: IllegalStateException: disk full");
    assertThat(model.requests()).hasSize(2);
    assertThat(result.trace().toolSteps()).hasSize(2).allMatch(ToolStep::failed);
  }
}
