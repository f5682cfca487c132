package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.memory.MessageWindowMemory;
import dev.quarry.api.memory.TokenWindowMemory;
import dev.quarry.agents.tool.Param;
import dev.quarry.agents.tool.Tool;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.testkit.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent loop: answers, tool rounds, memory, trace and listener. */
class AgentTest {

  static class Calculator {
    @Tool(description = "Adds two integers")
    public long add(@Param(name = "a") long a, @Param(name = "b") long b) {
      return a + b;
    }
  }

  private static ToolCall call(String id, String name, String json) {
    return new ToolCall(id, name, json.replace('\'', '"'));
  }

  private static ChatResponse response(AssistantMessage message, int in, int out) {
    FinishReason reason = message.hasToolCalls() ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    return new ChatResponse(message, new TokenUsage(in, out), reason);
  }

  @Test
  void answersWithoutTools() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("Paris.").build();
    Agent agent = Agent.builder(model).systemPrompt("Be brief.").build();

    AgentResult result = agent.run("Capital of France?");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.ANSWERED);
    assertThat(result.answered()).isTrue();
    assertThat(result.answer()).contains("Paris.");
    assertThat(result.error()).isEmpty();
    assertThat(result.message()).isEqualTo("answered after 1 model call and 0 tool calls");
    assertThat(model.lastRequest().messages())
        .containsExactly(new SystemMessage("Be brief."), new UserMessage("Capital of France?"));
    assertThat(model.lastRequest().tools()).isEmpty();
    assertThat(result.trace().steps()).hasSize(1);
  }

  @Test
  void runsOneToolRoundThenAnswers() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "add", "{'a':2,'b':40}")))
        .reply("2 + 40 = 42")
        .build();
    Agent agent = Agent.builder(model).tools(new Calculator()).build();

    AgentResult result = agent.run("What is 2 + 40?");

    assertThat(result.answer()).contains("2 + 40 = 42");
    assertThat(model.requests()).hasSize(2);
    assertThat(model.requests().get(0).tools()).extracting(spec -> spec.name()).containsExactly("add");
    List<Message> second = Fenced.conversation(model.requests().get(1));
    assertThat(second).hasSize(3);
    assertThat(second.get(0)).isEqualTo(new UserMessage("What is 2 + 40?"));
    assertThat(((AssistantMessage) second.get(1)).toolCalls()).extracting(ToolCall::id).containsExactly("c1");
    assertThat(second.get(2)).isEqualTo(new ToolResultMessage("c1", "add", "42", false));
    assertThat(model.requests().get(1).tools()).hasSize(1);
    assertThat(result.message()).isEqualTo("answered after 2 model calls and 1 tool call");
  }

  @Test
  void aToolCallWithoutToolsIsAnErrorTheModelCanRecoverFrom() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "search", "{}")))
        .reply("I cannot search, but here is what I know.")
        .build();

    AgentResult result = Agent.builder(model).build().run("Search something");

    assertThat(result.answered()).isTrue();
    ToolResultMessage error = (ToolResultMessage) Fenced.conversation(model.lastRequest()).get(2);
    assertThat(error.error()).isTrue();
    assertThat(error.content()).contains("unknown tool 'search'", "no tools are available");
  }

  @Test
  void traceHoldsArgumentsResultsDurationsAndSummedUsage() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply(response(new AssistantMessage("", List.of(call("c1", "add", "{'a':1,'b':2}"))), 10, 5))
        .reply(response(AssistantMessage.of("3"), 20, 1))
        .build();
    AgentResult result = Agent.builder(model).tools(new Calculator()).build().run("1+2?");

    AgentTrace trace = result.trace();
    assertThat(trace.steps()).extracting(AgentStep::number).containsExactly(1, 2, 3);
    assertThat(trace.steps())
        .allSatisfy(step -> assertThat(step.duration()).isGreaterThanOrEqualTo(Duration.ZERO));
    assertThat(trace.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
    ModelStep first = (ModelStep) trace.steps().get(0);
    assertThat(Fenced.conversation(first.request())).containsExactly(new UserMessage("1+2?"));
    assertThat(first.request().tools()).hasSize(1);
    assertThat(first.reply().toolCalls()).hasSize(1);
    assertThat(first.usage()).isEqualTo(new TokenUsage(10, 5));
    ToolStep tool = (ToolStep) trace.steps().get(1);
    assertThat(tool.call().argumentsJson()).isEqualTo("{\"a\":1,\"b\":2}");
    assertThat(tool.outcome().content()).isEqualTo("3");
    assertThat(tool.failed()).isFalse();
    assertThat(trace.modelSteps()).hasSize(2);
    assertThat(trace.toolSteps()).containsExactly(tool);
    assertThat(result.usage()).isEqualTo(new TokenUsage(30, 6));
  }

  @Test
  void anAnswerLargerThanATokenWindowMemoryIsStillReturnedAndKept() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("word ".repeat(40).strip()).build();
    TokenWindowMemory memory = TokenWindowMemory.builder("session-3", 20, ScriptedChatModel.DEFAULT_TOKEN_COUNTER)
        .build();

    AgentResult result = Agent.builder(model).memory(memory).build().run("Tell me everything.");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.ANSWERED);
    assertThat(result.answer()).hasValueSatisfying(answer -> assertThat(answer).startsWith("word word"));
    assertThat(memory.messages()).singleElement().isEqualTo(AssistantMessage.of(result.answer().orElseThrow()));
  }

  @Test
  void memoryKeepsTheConversationAcrossRunsWithoutTheSystemPrompt() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "add", "{'a':1,'b':1}")))
        .reply("Hello Ada, 1 + 1 = 2.")
        .reply("Your name is Ada.")
        .build();
    MessageWindowMemory memory = MessageWindowMemory.builder("session-1", 50).build();
    Agent agent = Agent.builder(model).systemPrompt("Be kind.").memory(memory).tools(new Calculator())
        .build();

    agent.run("I am Ada. What is 1 + 1?");
    AgentResult second = agent.run("What is my name?");

    assertThat(second.answer()).contains("Your name is Ada.");
    List<Message> sent = Fenced.conversation(model.lastRequest());
    assertThat(sent).hasSize(6);
    assertThat(sent.get(0)).isEqualTo(new SystemMessage("Be kind."));
    assertThat(sent.get(1)).isEqualTo(new UserMessage("I am Ada. What is 1 + 1?"));
    assertThat(sent.get(3)).isInstanceOf(ToolResultMessage.class);
    assertThat(sent.get(4)).isEqualTo(AssistantMessage.of("Hello Ada, 1 + 1 = 2."));
    assertThat(sent.get(5)).isEqualTo(new UserMessage("What is my name?"));
    assertThat(memory.messages()).hasSize(6).noneMatch(SystemMessage.class::isInstance);
    assertThat(memory.messages().getLast()).isEqualTo(AssistantMessage.of("Your name is Ada."));
  }

  @Test
  void theSystemPromptReplacesASystemMessageKeptInMemory() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();
    MessageWindowMemory memory = MessageWindowMemory.builder("session-2", 10).build();
    memory.add(new SystemMessage("Old instructions."));
    Agent.builder(model).systemPrompt("New instructions.").memory(memory).build().run("hi");

    assertThat(model.lastRequest().messages())
        .containsExactly(new SystemMessage("New instructions."), new UserMessage("hi"));
  }

  @Test
  void samplingOptionsGoOnEveryRequest() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "add", "{'a':1,'b':1}")))
        .reply("2")
        .build();
    Agent.builder(model).tools(new Calculator()).temperature(0).maxOutputTokens(256).build().run("1+1?");

    assertThat(model.requests()).hasSize(2).allSatisfy(request -> {
      assertThat(request.temperature()).hasValue(0.0);
      assertThat(request.maxOutputTokens()).hasValue(256);
    });
  }

  @Test
  void concurrentRunsOfOneAgentKeepTheirOwnConversations() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.answering(request -> {
      String question = ((UserMessage) request.messages().getFirst()).text();
      return response(AssistantMessage.of("echo " + question), 1, 1);
    });
    Agent agent = Agent.builder(model).build();
    List<java.util.concurrent.Future<AgentResult>> results = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 32; i++) {
        String question = "question " + i;
        results.add(pool.submit(() -> agent.run(question)));
      }
    }
    for (int i = 0; i < 32; i++) {
      AgentResult result = results.get(i).get();
      assertThat(result.answer()).contains("echo question " + i);
      assertThat(result.trace().modelSteps()).singleElement()
          .satisfies(step -> assertThat(step.messages()).hasSize(1));
    }
  }

  @Test
  void withoutMemoryEachRunStartsFresh() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("one").reply("two").build();
    Agent agent = Agent.builder(model).build();
    agent.run("first");
    agent.run("second");

    assertThat(model.lastRequest().messages()).containsExactly(new UserMessage("second"));
  }

  @Test
  void theListenerHearsEveryStepInOrder() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "add", "{'a':1,'b':1}"), call("c2", "add", "{'a':2,'b':2}")))
        .reply("2 and 4")
        .build();
    List<AgentStep> heard = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AgentResult result = Agent.builder(model).tools(new Calculator())
        .listener(step -> {
          heard.add(step);
          threads.add(Thread.currentThread());
        })
        .build().run("1+1 and 2+2?");

    assertThat(heard).isEqualTo(result.trace().steps());
    assertThat(heard).extracting(step -> step.getClass().getSimpleName())
        .containsExactly("ModelStep", "ToolStep", "ToolStep", "ModelStep");
    assertThat(threads).containsOnly(Thread.currentThread());
  }

  @Test
  void aThrowingListenerDoesNotBreakTheRun() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(call("c1", "add", "{'a':1,'b':1}")))
        .reply("2")
        .build();
    AgentResult result = Agent.builder(model).tools(new Calculator())
        .listener(step -> {
          throw new IllegalStateException("listener bug");
        })
        .build().run("1+1?");

    assertThat(result.answer()).contains("2");
    assertThat(result.trace().steps()).hasSize(3);
  }

  @Test
  void aFailingModelEndsTheRunWithItsException() {
    IllegalStateException down = new IllegalStateException("provider down");
    ScriptedChatModel model = ScriptedChatModel.builder().fail(down).build();

    AgentResult result = Agent.builder(model).build().run("hello");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.MODEL_FAILED);
    assertThat(result.answer()).isEmpty();
    assertThat(result.error()).containsSame(down);
    assertThat(result.message()).isEqualTo("the chat model failed: IllegalStateException: provider down");
    assertThat(result.trace().steps()).singleElement().isInstanceOfSatisfying(FailedModelStep.class, step -> {
      assertThat(step.number()).isEqualTo(1);
      assertThat(step.failure()).isEqualTo("IllegalStateException: provider down");
      assertThat(step.messages()).containsExactly(new UserMessage("hello"));
      assertThat(step.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
    });
    assertThat(result.trace().modelSteps()).isEmpty();
  }

  @Test
  void aModelReturningNullFailsTheRun() {
    Agent agent = Agent.builder(request -> null).build();

    AgentResult result = agent.run("hello");

    assertThat(result.outcome()).isEqualTo(AgentOutcome.MODEL_FAILED);
    assertThat(result.message()).isEqualTo("the chat model returned no response");
    assertThat(result.error()).get().isInstanceOf(IllegalStateException.class);
    assertThat(result.trace().steps()).singleElement().isInstanceOfSatisfying(FailedModelStep.class,
        step -> assertThat(step.failure()).isEqualTo("no response"));
  }

  @Test
  void anInterruptedCallerGetsTheInterruptedOutcomeAndKeepsItsFlag() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("too late").build();
    Agent agent = Agent.builder(model).build();

    Thread.currentThread().interrupt();
    AgentResult result = agent.run("hello");

    assertThat(Thread.interrupted()).isTrue();
    assertThat(result.outcome()).isEqualTo(AgentOutcome.INTERRUPTED);
    assertThat(result.answer()).isEmpty();
  }

  @Test
  void rejectsInvalidSettingsNamingThem() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("x").build();
    assertThatThrownBy(() -> Agent.builder(null)).hasMessageContaining("model");
    assertThatThrownBy(() -> Agent.builder(model).maxSteps(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSteps must be at least 1, was 0");
    assertThatThrownBy(() -> Agent.builder(model).maxWallTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWallTime");
    assertThatThrownBy(() -> Agent.builder(model).toolTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toolTimeout");
    assertThatThrownBy(() -> Agent.builder(model).maxTotalTokens(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTotalTokens");
    assertThatThrownBy(() -> Agent.builder(model).maxToolErrors(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxToolErrors");
    assertThatThrownBy(() -> Agent.builder(model).temperature(2.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("temperature must be in [0, 2], was 2.5");
    assertThatThrownBy(() -> Agent.builder(model).maxOutputTokens(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOutputTokens");
    assertThatThrownBy(() -> Agent.builder(model).systemPrompt(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("systemPrompt");
    assertThatThrownBy(() -> Agent.builder(model).tools())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> Agent.builder(model).build().run(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userMessage");
  }

  @Test
  void aResultCarriesAnAnswerExactlyWhenAnswered() {
    AgentTrace empty = new AgentTrace(List.of(), Duration.ZERO);
    assertThatThrownBy(() -> new AgentResult(AgentOutcome.MAX_STEPS, java.util.Optional.of("x"), "m", empty,
        java.util.Optional.empty())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MAX_STEPS");
    assertThatThrownBy(() -> new AgentResult(AgentOutcome.ANSWERED, java.util.Optional.empty(), "m", empty,
        java.util.Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }
}
