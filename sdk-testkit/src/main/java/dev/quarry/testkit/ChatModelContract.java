package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.chat.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChatModel} must do, as an abstract JUnit suite: extend it, implement {@link #model()}, and the
 * tests below run against your implementation.
 *
 * <p>The checks are deliberately modest, so that a real model behind a bridge passes them as well as a test
 * double: they look at the shape of a reply, never at its wording, and make at most {@link #CONCURRENT_CALLS}
 * calls per test. A scripted model passes by answering each request with some text, for instance {@code
 * ScriptedChatModel.answering(request -> ...)}.
 *
 * <p>JUnit creates one instance of the suite per test, so instances are never shared between threads; {@link
 * #model()} may return a fresh model per test or a shared one.
 */
public abstract class ChatModelContract {
  /** Calls made at once by {@link #answersConcurrentCallers()}. */
  protected static final int CONCURRENT_CALLS = 4;

  /** The model under test. Called once per test. */
  protected abstract ChatModel model();

  /** The request of the single-turn tests; override to phrase it for a particular model. */
  protected ChatRequest simpleRequest() {
    return ChatRequest.of(new UserMessage("Reply with one word: hello."));
  }

  @Test
  public void answersASimpleUserMessageWithText() {
    ChatResponse response = model().chat(simpleRequest());

    assertThat(response).as("response").isNotNull();
    assertThat(response.message().text()).as("reply text").isNotBlank();
  }

  @Test
  public void reportsUsageThatIsUnknownOrCountsThePrompt() {
    TokenUsage usage = model().chat(simpleRequest()).usage();

    assertThat(usage)
        .as("usage: TokenUsage.ZERO when unknown, else counting the non-empty prompt")
        .isNotNull()
        .satisfiesAnyOf(
            u -> assertThat(u).isEqualTo(TokenUsage.ZERO), u -> assertThat(u.inputTokens()).isPositive());
  }

  @Test
  public void acceptsEveryKindOfMessage() {
    ToolSpec clock = new ToolSpec("current_time", "Returns the current UTC time.", "{\"type\":\"object\"}");
    ToolCall call = new ToolCall("call-1", "current_time", "{}");
    ChatRequest request =
        ChatRequest.builder(
                List.of(
                    new SystemMessage("You are a terse assistant."),
                    new UserMessage("What time is it?"),
                    new AssistantMessage("", List.of(call)),
                    new ToolResultMessage("call-1", "current_time", "\"12:00\"", false),
                    new UserMessage("Answer in one short sentence.")))
            .tools(List.of(clock))
            .build();

    AssistantMessage reply = model().chat(request).message();

    assertThat(reply.hasToolCalls() || !reply.text().isBlank())
        .as("reply has non-blank text or tool calls: %s", reply)
        .isTrue();
  }

  @Test
  public void rejectsANullRequest() {
    ChatModel model = model();

    assertThatThrownBy(() -> model.chat(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void answersConcurrentCallers() throws Exception {
    ChatModel model = model();
    ChatRequest request = simpleRequest();
    List<Callable<ChatResponse>> calls = new ArrayList<>();
    for (int i = 0; i < CONCURRENT_CALLS; i++) {
      calls.add(() -> model.chat(request));
    }

    List<String> texts = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_CALLS)) {
      for (Future<ChatResponse> future : pool.invokeAll(calls)) {
        texts.add(future.get().message().text());
      }
    }

    assertThat(texts).hasSize(CONCURRENT_CALLS).allSatisfy(text -> assertThat(text).isNotBlank());
  }
}
