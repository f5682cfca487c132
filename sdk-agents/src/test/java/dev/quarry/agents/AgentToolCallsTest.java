package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quarry.agents.tool.Param;
import dev.quarry.agents.tool.Tool;
import dev.quarry.api.memory.MessageWindowMemory;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.testkit.ManualClock;
import dev.quarry.testkit.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Tool calls inside a run: concurrency, timeouts, and errors the model corrects. */
class AgentToolCallsTest {

  /** Two tools that can only both finish if they run at the same time. */
  static class Rendezvous {
    final CyclicBarrier barrier = new CyclicBarrier(2);
    final CompletableFuture<Thread> leftThread = new CompletableFuture<>();

    @Tool(description = "Waits for its partner")
    public String left() throws Exception {
      leftThread.complete(Thread.currentThread());
      barrier.await(5, TimeUnit.SECONDS);
      return "left met right";
    }

    @Tool(description = "Waits for its partner")
    public String right() throws Exception {
      barrier.await(5, TimeUnit.SECONDS);
      // finishes after left (whose thread ends once its result is in), yet its result still comes second
      assertThat(leftThread.get(5, TimeUnit.SECONDS).join(Duration.ofSeconds(5))).isTrue();
      return "right met left";
    }
  }

  /**
   * A slow tool that takes its whole timeout on the test's clock, once the fast tool's result is in (its thread
   * has ended), then blocks until it is interrupted; and the fast tool.
   */
  static class SlowAndFast {
    final ManualClock clock;
    final Duration slowness;
    final CountDownLatch interrupted = new CountDownLatch(1);
    final CompletableFuture<Thread> fastThread = new CompletableFuture<>();

    SlowAndFast(ManualClock clock, Duration slowness) {
      this.clock = clock;
      this.slowness = slowness;
    }

    @Tool(description = "Takes its time")
    public String slow() {
      try {
        assertThat(fastThread.get(5, TimeUnit.SECONDS).join(Duration.ofSeconds(5))).isTrue();
        clock.advance(slowness);
        new CountDownLatch(1).await();
        return "done";
      } catch (InterruptedException e) {
        interrupted.countDown();
        return "interrupted";
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(e);
      }
    }

    @Tool(description = "Answers at once")
    public String fast() {
      fastThread.complete(Thread.currentThread());
      return "fast";
    }
  }

  /** A tool that blocks until the run is interrupted. */
  static class Slow {
    @Tool(description = "Blocks until interrupted")
    public String slow() throws InterruptedException {
      new CountDownLatch(1).await();
      return "done";
    }
  }


  /** Takes 300 ms of the test's clock, then waits until released, whatever interrupts it gets. */
  static class Stubborn {
    final ManualClock clock;
    final CountDownLatch release = new CountDownLatch(1);

    Stubborn(ManualClock clock) {
      this.clock = clock;
    }

    @Tool(description = "Ignores interrupts")
    public String stubborn() {
      clock.advance(Duration.ofMillis(300));
      while (true) {
        try {
          release.await();
          return "released";
        } catch (InterruptedException ignored) {
          // keeps waiting
        }
      }
    }
  }

  static class Flaky {
    @Tool(description = "Divides")
    public long divide(@Param(name = "a") long a, @Param(name = "b") long b) {
      return a / b;
    }
  }

  private static ToolCall call(String id, String name, String json) {
    return new ToolCall(id, name, json.replace('\'', '"'));
  }

  private static List<ToolResultMessage> results(ChatRequest request) {
    return Fenced.results(request);
  }

  private static ToolResultMessage lastResult(ChatRequest request) {
    return Fenced.open((ToolResultMessage) request.messages().getLast());
  }

  @Test
  void callsOfOneReplyRunConcurrentlyAndReturnInCallOrder() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "right", "{}"), call("c2", "left", "{}")))
        .reply("they met")
        .build();
    Agent agent = Agent.builder(model).tools(new Rendezvous()).toolTimeout(Duration.ofSeconds(10)).build();

    AgentResult result = agent.run("Meet");

    assertThat(result.answer()).contains("they met");
    assertThat(results(model.lastRequest()))
        .containsExactly(new ToolResultMessage("c1", "right", "right met left", false),
            new ToolResultMessage("c2", "left", "left met right", false));
  }

  @Test
  void aToolPastItsTimeoutIsInterruptedAndReportedWhileTheRunGoesOn() throws Exception {
    ManualClock clock = new ManualClock();
    SlowAndFast tools = new SlowAndFast(clock, Duration.ofSeconds(1));
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "slow", "{}"), call("c2", "fast", "{}")))
        .reply("the slow tool timed out")
        .build();
    Agent agent = Agent.builder(model).tools(tools).toolTimeout(Duration.ofSeconds(1)).clock(clock).build();

    AgentResult result = agent.run("Go");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.ANSWERED);
    List<ToolResultMessage> sent = results(model.lastRequest());
    assertThat(sent.get(0).error()).isTrue();
    assertThat(sent.get(0).content()).isEqualTo("tool 'slow' timed out after 1s");
    assertThat(sent.get(1)).isEqualTo(new ToolResultMessage("c2", "fast", "fast", false));
    assertThat(tools.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(result.trace().toolSteps().get(0).duration()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aToolThatIgnoresInterruptsIsAbandonedAtItsTimeout() {
    ManualClock clock = new ManualClock();
    Stubborn tools = new Stubborn(clock);
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "stubborn", "{}")))
        .reply("gave up on it")
        .build();
    Agent agent = Agent.builder(model).tools(tools).toolTimeout(Duration.ofMillis(300)).clock(clock).build();
    try {
      AgentResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> agent.run("Go"));

      assertThat(result.answer()).contains("gave up on it");
      assertThat(lastResult(model.lastRequest()).content())
          .isEqualTo("tool 'stubborn' timed out after 300ms");
    } finally {
      tools.release.countDown();
    }
  }

  @Test
  void anInterruptedRunLeavesNoUnansweredToolCallInMemory() throws Exception {
    Slow tools = new Slow();
    CountDownLatch started = new CountDownLatch(1);
    ScriptedChatModel model = ScriptedChatModel.answering(request -> {
      started.countDown();
      return new ChatResponse(new AssistantMessage("", List.of(call("c1", "slow", "{}"))),
          TokenUsage.ZERO, FinishReason.TOOL_CALLS);
    });
    MessageWindowMemory memory = MessageWindowMemory.builder("interrupted", 20).build();
    Agent agent = Agent.builder(model).tools(tools).memory(memory).build();
    AtomicReference<AgentResult> result = new AtomicReference<>();
    Thread runner = Thread.ofPlatform().start(() -> result.set(agent.run("Go slowly")));

    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    runner.interrupt(); // while the run waits for the model or for the slow tool
    runner.join(10_000);

    assertThat(runner.isAlive()).isFalse();
    assertThat(result.get().outcome()).isEqualTo(AgentOutcome.INTERRUPTED);
    assertThat(memory.messages()).containsExactly(new UserMessage("Go slowly"));
  }

  @Test
  void badArgumentsGoBackToTheModelWhichCorrectsThem() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "divide", "{'a':'six','b':3}")))
        .replyWithToolCalls(List.of(call("c2", "divide", "{'a':6,'b':3}")))
        .reply("6 / 3 = 2")
        .build();

    AgentResult result = Agent.builder(model).tools(new Flaky()).build().run("6 / 3?");

    assertThat(result.answer()).contains("6 / 3 = 2");
    ToolResultMessage first = lastResult(model.requests().get(1));
    assertThat(first.error()).isTrue();
    assertThat(first.content()).startsWith("invalid arguments for tool 'divide'").contains("'a'");
    assertThat(lastResult(model.requests().get(2)))
        .isEqualTo(new ToolResultMessage("c2", "divide", "2", false));
    assertThat(result.trace().toolSteps()).extracting(ToolStep::failed).containsExactly(true, false);
  }

  @Test
  void aThrowingToolGoesBackToTheModelAsAnError() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "divide", "{'a':1,'b':0}")))
        .reply("You cannot divide by zero.")
        .build();

    AgentResult result = Agent.builder(model).tools(new Flaky()).build().run("1 / 0?");

    assertThat(result.answer()).contains("You cannot divide by zero.");
    ToolResultMessage error = lastResult(model.lastRequest());
    assertThat(error.error()).isTrue();
    assertThat(error.content()).isEqualTo("tool 'divide' failed: ArithmeticException: / by zero");
  }

  @Test
  void aSuccessResetsTheCountOfFailuresInARow() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "divide", "{'a':1,'b':0}")))
        .replyWithToolCalls(List.of(call("c2", "divide", "{'a':4,'b':2}")))
        .replyWithToolCalls(List.of(call("c3", "divide", "{'a':1,'b':0}")))
        .reply("done")
        .build();

    AgentResult result = Agent.builder(model).tools(new Flaky()).maxToolErrors(2).build().run("go");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.ANSWERED);
    assertThat(result.trace().toolSteps()).extracting(ToolStep::failed).containsExactly(true, false, true);
  }
}
