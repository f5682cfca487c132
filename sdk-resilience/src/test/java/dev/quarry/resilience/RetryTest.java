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
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void retriesARetriableFailureUntilTheModelAnswers() {
    FlakyChatModel model = new FlakyChatModel(2, call -> new RetriableException("503 Service Unavailable"));
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).build());

    ChatResponse reply = chat.chat(REQUEST);

    assertThat(reply.message().text()).isEqualTo("call 3");
    assertThat(reply.metadata()).containsEntry(ChatResponse.ATTEMPTS, "3");
    assertThat(model.calls()).isEqualTo(3);
    assertThat(sleeper.waits()).hasSize(2);
  }

  @Test
  void reportsOneAttemptWhenTheFirstSucceeds() {
    FlakyChatModel model = new FlakyChatModel(0, call -> new RetriableException("never"));

    ChatResponse reply = Resilient.chatModel(model, TestPolicies.recording(sleeper).build()).chat(REQUEST);

    assertThat(reply.metadata()).containsEntry(ChatResponse.ATTEMPTS, "1");
    assertThat(reply.usage()).isEqualTo(FlakyChatModel.reply("x").usage());
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void doesNotRetryANonRetriableFailure() {
    NonRetriableException refused = new NonRetriableException("404 model not found");
    FlakyChatModel model = FlakyChatModel.failingWith(call -> refused);
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).build());

    assertThatThrownBy(() -> chat.chat(REQUEST)).isSameAs(refused);
    assertThat(model.calls()).isEqualTo(1);
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void doesNotRetryAnIllegalArgument() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new IllegalArgumentException("bad request " + call));
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).build());

    assertThatThrownBy(() -> chat.chat(REQUEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad request 1");
    assertThat(model.calls()).isEqualTo(1);
  }

  @Test
  void rejectsANullRequestWithoutCallingTheModel() {
    FlakyChatModel model = new FlakyChatModel(0, call -> new RetriableException("never"));
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).build());

    assertThatThrownBy(() -> chat.chat(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat request");
    assertThat(model.calls()).isZero();
  }

  @Test
  void throwsTheLastFailureWithTheEarlierOnesSuppressedWhenAttemptsRunOut() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new RetriableException("failure " + call));
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).maxAttempts(4).build());

    RetriableException thrown = catchThrowableOfType(RetriableException.class, () -> chat.chat(REQUEST));

    assertThat(thrown).hasMessage("failure 4");
    assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage)
        .containsExactly("failure 1", "failure 2", "failure 3");
    assertThat(model.calls()).isEqualTo(4);
    assertThat(sleeper.waits()).hasSize(3);
  }

  @Test
  void doesNotAttachAFailureToItselfWhenTheModelThrowsOneInstanceAgain() {
    RetriableException same = new RetriableException("always the same");
    ChatModel chat = Resilient.chatModel(FlakyChatModel.failingWith(call -> same),
        TestPolicies.recording(sleeper).build());

    assertThatThrownBy(() -> chat.chat(REQUEST)).isSameAs(same);
    assertThatThrownBy(() -> chat.chat(REQUEST)).isSameAs(same);
    assertThat(same.getSuppressed()).isEmpty();
  }

  @Test
  void makesOneAttemptWhenMaxAttemptsIsOne() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new RetriableException("down"));
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).maxAttempts(1).build());

    assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(RetriableException.class);
    assertThat(model.calls()).isEqualTo(1);
  }

  @Test
  void waitsExponentiallyLongerWithJitterUpToTheMaximum() {
    Set<Long> firstWaits = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      RecordingSleeper waits = new RecordingSleeper();
      ChatModel chat = Resilient.chatModel(FlakyChatModel.failingWith(call -> new RetriableException("down")),
          TestPolicies.recording(waits).maxAttempts(7).initialBackoff(Duration.ofMillis(100)).backoffMultiplier(2)
              .maxBackoff(Duration.ofMillis(1500)).jitter(0.5).build());

      assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(RetriableException.class);

      List<Long> millis = waits.millis();
      assertThat(millis).hasSize(6);
      for (int n = 0; n < millis.size(); n++) {
        long base = 100L << n; // 100, 200, 400, 800, 1600, 3200 before the maximum
        assertThat(millis.get(n)).as("wait %d of %s", n + 1, millis)
            .isBetween(Math.min(base / 2, 1500), Math.min(base * 3 / 2 + 1, 1500));
      }
      firstWaits.add(millis.getFirst());
    }

    assertThat(firstWaits).as("jitter moves the first wait").hasSizeGreaterThan(1);
  }

  @Test
  void waitsExactlyTheBackoffWithoutJitter() {
    ChatModel chat = Resilient.chatModel(FlakyChatModel.failingWith(call -> new RetriableException("down")),
        TestPolicies.recording(sleeper).maxAttempts(5).initialBackoff(Duration.ofMillis(10)).backoffMultiplier(3)
            .maxBackoff(Duration.ofMillis(200)).jitter(0).build());

    assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(RetriableException.class);

    assertThat(sleeper.millis()).containsExactly(10L, 30L, 90L, 200L);
  }

  @Test
  void waitsAtLeastTheRetryAfterTheProviderAskedFor() {
    RateLimitedChatModel model = new RateLimitedChatModel(2, Duration.ofMillis(2500));
    ChatModel chat = Resilient.chatModel(model,
        TestPolicies.recording(sleeper).initialBackoff(Duration.ofMillis(10)).build());

    ChatResponse reply = chat.chat(REQUEST);

    assertThat(reply.metadata()).containsEntry(ChatResponse.ATTEMPTS, "3");
    assertThat(sleeper.waits()).hasSize(2)
        .allSatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMillis(2500)));
  }

  @Test
  void roundsARetryAfterUpToWholeMilliseconds() {
    ChatModel chat = Resilient.chatModel(new RateLimitedChatModel(1, Duration.ofNanos(2_000_001)),
        TestPolicies.recording(sleeper).initialBackoff(Duration.ofMillis(1)).jitter(0).build());

    chat.chat(REQUEST);

    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(3));
  }

  @Test
  void failsAtOnceWhenTheRetryAfterIsLongerThanTheLongestWait() {
    RateLimitedChatModel model = new RateLimitedChatModel(1, Duration.ofMinutes(5));
    ChatModel chat = Resilient.chatModel(model,
        TestPolicies.recording(sleeper).maxBackoff(Duration.ofSeconds(30)).build());

    RetriableException thrown = catchThrowableOfType(RetriableException.class, () -> chat.chat(REQUEST));

    assertThat(thrown.retryAfter()).contains(Duration.ofMinutes(5));
    assertThat(model.calls()).isEqualTo(1);
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void stopsRetryingWhenInterruptedWhileWaiting() {
    ResiliencePolicy policy = TestPolicies.recording(sleeper).sleeper(wait -> {
      throw new InterruptedException("test interrupt");
    }).build();
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new RetriableException("down " + call));
    ChatModel chat = Resilient.chatModel(model, policy);

    try {
      assertThatThrownBy(() -> chat.chat(REQUEST))
          .isExactlyInstanceOf(QuarryException.class)
          .hasMessageContaining("interrupted while waiting to retry chat")
          .hasCauseInstanceOf(RetriableException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(model.calls()).isEqualTo(1);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void realWaitsSleepTheCallingThread() {
    ChatModel chat = Resilient.chatModel(new FlakyChatModel(2, call -> new RetriableException("down")),
        ResiliencePolicy.builder("real").initialBackoff(Duration.ofMillis(20)).jitter(0).build());
    long start = System.nanoTime();

    chat.chat(REQUEST);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
  }

  @Test
  void passesOnErrorsWithoutRetrying() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> {
      throw new AssertionError("an Error is not the provider's");
    });
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).build());

    assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(AssertionError.class);
    assertThat(model.calls()).isEqualTo(1);
  }
}
