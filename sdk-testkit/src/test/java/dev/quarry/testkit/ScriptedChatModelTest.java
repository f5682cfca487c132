package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedChatModelTest {
  private static final ToolCall SEARCH = new ToolCall("c1", "search", "{\"q\": \"cats\"}");

  private static ChatRequest ask(String text) {
    return ChatRequest.of(new UserMessage(text));
  }

  @Test
  void repliesInScriptedOrder() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("one").reply("two").build();

    assertThat(model.chat(ask("a")).message().text()).isEqualTo("one");
    assertThat(model.chat(ask("b")).message().text()).isEqualTo("two");
    assertThat(model.remainingSteps()).isZero();
  }

  @Test
  void textReplyStopsNormally() {
    ChatResponse response = ScriptedChatModel.builder().reply("done").build().chat(ask("q"));

    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.message().hasToolCalls()).isFalse();
  }

  @Test
  void toolCallReplyAsksForToolsWithEmptyText() {
    ChatResponse response = ScriptedChatModel.builder().replyWithToolCalls(List.of(SEARCH)).build().chat(ask("q"));

    assertThat(response.message().toolCalls()).containsExactly(SEARCH);
    assertThat(response.message().text()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void wholeResponseIsReturnedUnchanged() {
    ChatResponse scripted = new ChatResponse(AssistantMessage.of("cut"), new TokenUsage(7, 3), FinishReason.LENGTH);

    assertThat(ScriptedChatModel.builder().reply(scripted).build().chat(ask("q"))).isSameAs(scripted);
  }

  @Test
  void scriptedFailureIsThrownThenTheScriptGoesOn() {
    RetriableException rateLimited = new RetriableException("rate limited");
    ScriptedChatModel model = ScriptedChatModel.builder().fail(rateLimited).reply("ok").build();

    assertThatThrownBy(() -> model.chat(ask("first"))).isSameAs(rateLimited);
    assertThat(model.chat(ask("retry")).message().text()).isEqualTo("ok");
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void exhaustedScriptThrowsSayingHowManyWereScriptedAndReceived() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("one").reply("two").build();
    model.chat(ask("a"));
    model.chat(ask("b"));

    assertThatThrownBy(() -> model.chat(ask("c")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no reply for request 3")
        .hasMessageContaining("2 step(s) were scripted and 3 requests received");
    assertThatThrownBy(() -> model.chat(ask("d")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("4 requests received");
  }

  @Test
  void answeringFunctionAnswersEveryRequest() {
    ScriptedChatModel model =
        ScriptedChatModel.answering(
            request -> reply("echo: " + ((UserMessage) request.messages().getLast()).text()));

    assertThat(model.chat(ask("a")).message().text()).isEqualTo("echo: a");
    assertThat(model.chat(ask("b")).message().text()).isEqualTo("echo: b");
  }

  @Test
  void answeringFunctionTakesOverWhenTheScriptIsUsedUp() {
    ScriptedChatModel model =
        ScriptedChatModel.builder().reply("scripted").answering(request -> reply("fallback")).build();

    assertThat(model.chat(ask("a")).message().text()).isEqualTo("scripted");
    assertThat(model.chat(ask("b")).message().text()).isEqualTo("fallback");
    assertThat(model.chat(ask("c")).message().text()).isEqualTo("fallback");
  }

  @Test
  void answeringFunctionReturningNullIsReportedNotPassedOn() {
    ScriptedChatModel model = ScriptedChatModel.answering(request -> null);

    assertThatThrownBy(() -> model.chat(ask("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned null for request 1");
  }

  @Test
  void recordsEveryRequestInOrder() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("1").reply("2").build();
    ChatRequest first = ask("a");
    ChatRequest second = ask("b");

    model.chat(first);
    model.chat(second);

    assertThat(model.requests()).containsExactly(first, second);
    assertThat(model.lastRequest()).isSameAs(second);
  }

  @Test
  void requestsIsAnImmutableSnapshot() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("1").reply("2").build();
    model.chat(ask("a"));

    List<ChatRequest> snapshot = model.requests();
    model.chat(ask("b"));

    assertThat(snapshot).hasSize(1);
    assertThatThrownBy(() -> snapshot.add(ask("c"))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requestsThatFailAreRecordedToo() {
    ScriptedChatModel model = ScriptedChatModel.builder().fail(new RetriableException("timeout")).build();
    ChatRequest request = ask("a");

    assertThatThrownBy(() -> model.chat(request)).isInstanceOf(RetriableException.class);
    assertThatThrownBy(() -> model.chat(request)).isInstanceOf(IllegalStateException.class);
    assertThat(model.requests()).containsExactly(request, request);
  }

  @Test
  void lastRequestBeforeAnyCallThrows() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("x").build();

    assertThatThrownBy(model::lastRequest)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not received any request");
  }

  @Test
  void rejectsNullRequestWithoutUsingAStep() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("x").build();

    assertThatThrownBy(() -> model.chat(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chat request must not be null");
    assertThat(model.remainingSteps()).isEqualTo(1);
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void defaultUsageCountsWhitespaceWordsOfInputAndOutput() {
    ChatRequest request =
        ChatRequest.builder(List.of(new SystemMessage("You are terse."), new UserMessage("What is  two plus\ttwo?")))
            .build();

    ChatResponse response = ScriptedChatModel.builder().reply("Four.").build().chat(request);

    assertThat(response.usage()).isEqualTo(new TokenUsage(3 + 5, 1));
  }

  @Test
  void defaultUsageCountsToolCallNamesArgumentsAndResults() {
    ChatRequest request =
        ChatRequest.builder(
                List.of(
                    new UserMessage("Find cats"),
                    new AssistantMessage("", List.of(SEARCH)),
                    new ToolResultMessage("c1", "search", "three cats found", false)))
            .build();

    ChatResponse response = ScriptedChatModel.builder().replyWithToolCalls(List.of(SEARCH)).build().chat(request);

    // input: "Find cats" 2 + "search" 1 + "{"q": "cats"}" 2 + "three cats found" 3; output: 1 + 2
    assertThat(response.usage()).isEqualTo(new TokenUsage(8, 3));
  }

  @Test
  void usageUsesTheConfiguredTokenCounter() {
    ChatResponse response =
        ScriptedChatModel.builder().tokenCounter(String::length).reply("abc").build().chat(ask("hello"));

    assertThat(response.usage()).isEqualTo(new TokenUsage(5, 3));
  }

  @Test
  void defaultTokenCounterCountsWords() {
    assertThat(ScriptedChatModel.DEFAULT_TOKEN_COUNTER.countTokens("  two\n words ")).isEqualTo(2);
    assertThat(ScriptedChatModel.DEFAULT_TOKEN_COUNTER.countTokens(" ")).isZero();
    assertThatThrownBy(() -> ScriptedChatModel.DEFAULT_TOKEN_COUNTER.countTokens(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildRejectsAnEmptyScript() {
    assertThatThrownBy(() -> ScriptedChatModel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one scripted step");
  }

  @Test
  void builderRejectsRepliesThatAreNotValidMessages() {
    ScriptedChatModel.Builder builder = ScriptedChatModel.builder();

    assertThatThrownBy(() -> builder.reply("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.replyWithToolCalls(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.reply((ChatResponse) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scripted response must not be null");
    assertThatThrownBy(() -> builder.fail(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scripted exception must not be null");
  }

  @Test
  void changingTheBuilderAfterBuildDoesNotChangeTheModel() {
    ScriptedChatModel.Builder builder = ScriptedChatModel.builder().reply("one");
    ScriptedChatModel model = builder.build();

    builder.reply("two");

    assertThat(model.remainingSteps()).isEqualTo(1);
  }

  private static ChatResponse reply(String text) {
    return new ChatResponse(AssistantMessage.of(text), TokenUsage.ZERO, FinishReason.STOP);
  }
}
