package dev.quarry.resilience;

import static dev.quarry.resilience.TestPolicies.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.testkit.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FallbackChatModelTest {

  @Test
  void answersWithThePrimaryWhenItWorks() {
    FlakyChatModel primary = new FlakyChatModel(0, call -> new RetriableException("never"));
    FlakyChatModel secondary = new FlakyChatModel(0, call -> new RetriableException("never"));
    ChatModel chain = FallbackChatModel.builder().then("gpt-4o", primary).then("local-llama", secondary).build();

    ChatResponse reply = chain.chat(REQUEST);

    assertThat(reply.metadata()).containsEntry(ChatResponse.MODEL, "gpt-4o")
        .doesNotContainKey(ChatResponse.FALLBACK_REASON);
    assertThat(secondary.calls()).isZero();
  }

  @Test
  void fallsBackToTheSecondaryWhenThePrimaryFailsRetriably() {
    FlakyChatModel primary = FlakyChatModel.failingWith(call -> new RetriableException("503"));
    FlakyChatModel secondary = new FlakyChatModel(0, call -> new RetriableException("never"));
    ChatModel chain = FallbackChatModel.builder().then("gpt-4o", primary).then("local-llama", secondary).build();

    ChatResponse reply = chain.chat(REQUEST);

    assertThat(reply.message().text()).isEqualTo("call 1");
    assertThat(reply.metadata())
        .containsEntry(ChatResponse.MODEL, "local-llama")
        .containsEntry(ChatResponse.FALLBACK_REASON, "RetriableException");
    assertThat(primary.calls()).isEqualTo(1);
  }

  @Test
  void fallsBackWhenTheProviderRefuses() {
    ChatModel chain = FallbackChatModel.builder()
        .then("gpt-4o", FlakyChatModel.failingWith(call -> new NonRetriableException("401 invalid api key")))
        .then("local-llama", new FlakyChatModel(0, call -> new RetriableException("never")))
        .build();

    assertThat(chain.chat(REQUEST).metadata()).containsEntry(ChatResponse.FALLBACK_REASON, "NonRetriableException");
  }

  @Test
  void namesTheFailureOfTheModelJustBeforeTheOneThatAnswered() {
    ManualClock clock = new ManualClock();
    ChatModel openBreaker = Resilient.chatModel(FlakyChatModel.failingWith(call -> new RetriableException("down")),
        ResiliencePolicy.builder("first").sleeper(new RecordingSleeper()).clock(clock).maxAttempts(1)
            .slidingWindowSize(1).minimumCalls(1).build());
    ChatModel chain = FallbackChatModel.builder()
        .then("first", openBreaker)
        .then("second", FlakyChatModel.failingWith(call -> new NonRetriableException("404")))
        .then("third", new FlakyChatModel(0, call -> new RetriableException("never")))
        .build();

    chain.chat(REQUEST); // opens the first model's breaker
    ChatResponse reply = chain.chat(REQUEST);

    assertThat(reply.metadata())
        .containsEntry(ChatResponse.MODEL, "third")
        .containsEntry(ChatResponse.FALLBACK_REASON, "NonRetriableException");
  }

  @Test
  void fallsBackOnATimeoutAndAnOpenCircuit() {
    HangingChatModel hanging = HangingChatModel.hanging(Integer.MAX_VALUE);
    ChatModel timingOut = Resilient.chatModel(hanging, ResiliencePolicy.builder("slow").maxAttempts(1)
        .timeout(Duration.ofMillis(30)).withoutCircuitBreaker().build());
    ChatModel chain = FallbackChatModel.builder()
        .then("slow", timingOut)
        .then("fast", new FlakyChatModel(0, call -> new RetriableException("never")))
        .build();
    try {
      assertThat(chain.chat(REQUEST).metadata()).containsEntry(ChatResponse.FALLBACK_REASON, "CallTimeoutException");
    } finally {
      hanging.release();
    }
  }

  @Test
  void throwsTheLastFailureWithTheEarlierOnesSuppressedWhenEveryModelFails() {
    RetriableException first = new RetriableException("primary down");
    NonRetriableException second = new NonRetriableException("secondary refused");
    RetriableException third = new RetriableException("tertiary down");
    ChatModel chain = FallbackChatModel.builder()
        .then("primary", FlakyChatModel.failingWith(call -> first))
        .then("secondary", FlakyChatModel.failingWith(call -> second))
        .then("tertiary", FlakyChatModel.failingWith(call -> third))
        .build();

    RetriableException thrown = catchThrowableOfType(RetriableException.class, () -> chain.chat(REQUEST));

    assertThat(thrown).isSameAs(third);
    assertThat(thrown.getSuppressed()).containsExactly(first, second);
  }

  @Test
  void doesNotFallBackOnTheCallersBadRequest() {
    FlakyChatModel secondary = new FlakyChatModel(0, call -> new RetriableException("never"));
    ChatModel chain = FallbackChatModel.builder()
        .then("primary", FlakyChatModel.failingWith(call -> new IllegalArgumentException("too many tools")))
        .then("secondary", secondary)
        .build();

    assertThatThrownBy(() -> chain.chat(REQUEST)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("too many tools");
    assertThat(secondary.calls()).isZero();
  }

  @Test
  void doesNotFallBackOnOtherFailures() {
    FlakyChatModel secondary = new FlakyChatModel(0, call -> new RetriableException("never"));
    ChatModel chain = FallbackChatModel.builder()
        .then("primary", FlakyChatModel.failingWith(call -> new QuarryException("interrupted")))
        .then("secondary", secondary)
        .build();

    assertThatThrownBy(() -> chain.chat(REQUEST)).isExactlyInstanceOf(QuarryException.class);
    assertThat(secondary.calls()).isZero();
  }

  @Test
  void keepsTheModelNameAReplyAlreadyCarries() {
    ChatModel named = request -> FlakyChatModel.reply("hi").withMetadata(ChatResponse.MODEL, "gpt-4o-mini-2024-07-18");
    ChatModel chain = FallbackChatModel.builder().then("openai", named).build();

    assertThat(chain.chat(REQUEST).metadata()).containsEntry(ChatResponse.MODEL, "gpt-4o-mini-2024-07-18");
  }

  @Test
  void keepsTheAttemptsOfAResilientModel() {
    ChatModel resilient = Resilient.chatModel(new FlakyChatModel(1, call -> new RetriableException("503")),
        TestPolicies.recording(new RecordingSleeper()).build());
    ChatModel chain = FallbackChatModel.builder().then("primary", resilient).build();

    assertThat(chain.chat(REQUEST).metadata())
        .containsEntry(ChatResponse.ATTEMPTS, "2")
        .containsEntry(ChatResponse.MODEL, "primary");
  }

  @Test
  void rejectsANullRequestAndAReplyOfNull() {
    ChatModel chain = FallbackChatModel.builder().then("null", request -> null).build();

    assertThatThrownBy(() -> chain.chat(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> chain.chat(REQUEST)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("null");
  }

  @Test
  void validatesTheChain() {
    ChatModel model = new FlakyChatModel(0, call -> new RetriableException("never"));

    assertThatThrownBy(() -> FallbackChatModel.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one model");
    assertThatThrownBy(() -> FallbackChatModel.builder().then(null, model))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model name");
    assertThatThrownBy(() -> FallbackChatModel.builder().then(" ", model))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model name");
    assertThatThrownBy(() -> FallbackChatModel.builder().then("a", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat model 'a'");
    assertThatThrownBy(() -> FallbackChatModel.builder().then("a", model).then("a", model))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("used twice");
    assertThatThrownBy(() -> FallbackChatModel.builder().observationRegistry(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observationRegistry");
    assertThat(FallbackChatModel.builder().then("a", model).then("b", model).build()).hasToString(
        "FallbackChatModel[a, b]");
  }
}
